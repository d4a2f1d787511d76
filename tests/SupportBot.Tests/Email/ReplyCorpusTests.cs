using System.Text.Json;
using MimeKit;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Replies;

namespace SupportBot.Tests.Email;

/// <summary>
/// Replies to SupportBot's question email as each common client writes them (Gmail, Outlook desktop,
/// web and mobile, Apple Mail, iPhone, Thunderbird, Yahoo, GMX, Samsung, Orange, Free, SFR, La Poste),
/// in English, French, German, Spanish, Italian, Portuguese and Dutch: TestData/Replies, NNN.eml with
/// NNN.expected.txt and manifest.jsonl, the same layout bench/run-replies.sh scores. A NNN.sent.txt is
/// the email we sent, for replies only that copy identifies (unknown attribution language, no markers).
/// </summary>
public sealed class ReplyCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "Replies");

    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(Folder, "manifest.jsonl")).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            data.Add(root.GetProperty("client").GetString()!, root.GetProperty("lang").GetString()!, root.GetProperty("style").GetString()!, root.GetProperty("id").GetString()!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reply_gives_exactly_the_new_text(string client, string lang, string style, string id)
    {
        var sentFile = Path.Combine(Folder, id + ".sent.txt");
        var sent = File.Exists(sentFile) ? new SentCopy([File.ReadAllText(sentFile)]) : null;

        var text = IncomingMailReader.NewText(MimeMessage.Load(Path.Combine(Folder, id + ".eml")), sent);

        var expected = File.ReadAllText(Path.Combine(Folder, id + ".expected.txt")).TrimEnd('\n');
        Assert.True(expected == text, $"{client}/{lang}/{style} ({id}):\n--- expected\n{expected}\n--- got\n{text}");
    }

    [Fact]
    public void Corpus_covers_every_language_and_the_main_clients()
    {
        var cases = Cases().Select(row => ((string)row[0], (string)row[1])).ToList();
        foreach (var lang in new[] { "en", "fr", "de", "es", "it", "pt", "nl" })
        {
            Assert.Contains(cases, c => c.Item2 == lang);
        }

        foreach (var client in new[] { "gmail", "outlook", "outlook-web", "outlook-ios", "apple-mail", "iphone", "thunderbird", "yahoo", "gmx", "orange", "free", "sfr", "laposte", "samsung" })
        {
            Assert.Contains(cases, c => c.Item1 == client);
        }
    }
}
