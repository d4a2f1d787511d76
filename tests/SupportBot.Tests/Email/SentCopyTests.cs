using SupportBot.Shared.Email.Replies;

namespace SupportBot.Tests.Email;

public sealed class SentCopyTests
{
    private const string Sent = """
        Hello Tom,

        Léa is stuck and could not find the answer in the help. You can probably help.

        Léa's question:

        My notebook says ModuleNotFoundError: No module named 'pandas' although I installed it with pip yesterday. What should I do?

        To answer, simply reply to this email. Only your new text is sent to Léa, in their chat.

        Thank you!
        SupportBot
        """;

    private static readonly SentCopy Copy = SentCopy.ForReply([Sent], "support@example.edu", "SupportBot", "Re: A question for you from Léa");

    [Fact]
    public void A_copy_without_quote_marks_under_an_unknown_header_block_is_not_relayed()
    {
        var body = "Run %pip install pandas in a cell.\n\nOddi wrth: SupportBot <support@example.edu>\nAnfonwyd: dydd Mawrth, 1 Rhagfyr 2026\nPwnc: A question for you from Léa\n\n" + Sent;

        Assert.Equal("Run %pip install pandas in a cell.", ReplyExtractor.Extract(body, sent: Copy));
    }

    [Fact]
    public void A_reflowed_copy_is_recognised_by_its_words_not_its_line_breaks()
    {
        var reflowed = string.Join('\n', Sent.Replace("\n\n", "\n", StringComparison.Ordinal).Split(' ').Chunk(5).Select(words => "> " + string.Join(' ', words)));
        var body = "Restart the kernel after installing.\n\n2026年12月1日(火) 10:04 SupportBot <support@example.edu>:\n\n" + reflowed;

        Assert.Equal("Restart the kernel after installing.", ReplyExtractor.Extract(body, sent: Copy));
    }

    [Fact]
    public void Without_the_sent_text_the_same_unknown_block_stays_in()
    {
        var body = "Run %pip install pandas in a cell.\n\nOddi wrth: SupportBot <support@example.edu>\nAnfonwyd: dydd Mawrth, 1 Rhagfyr 2026\nPwnc: A question for you from Léa\n\n" + Sent;

        Assert.Contains("could not find the answer", ReplyExtractor.Extract(body), StringComparison.Ordinal);
    }

    [Fact]
    public void The_peer_repeating_a_few_words_of_the_question_keeps_them()
    {
        var body = "About 'No module named pandas': run %pip install pandas in a cell.\n\nOn Tue, Dec 1, 2026 at 10:04 AM SupportBot <support@example.edu> wrote:\n" + string.Join('\n', Sent.Split('\n').Select(l => "> " + l));

        Assert.Equal("About 'No module named pandas': run %pip install pandas in a cell.", ReplyExtractor.Extract(body, sent: Copy));
    }

    [Fact]
    public void Inline_answers_between_lines_of_our_copy_are_kept()
    {
        var body = "> My notebook says ModuleNotFoundError: No module named 'pandas' although I installed it with pip yesterday.\n\nTwo Pythons: use %pip in the notebook.\n\n> What should I do?\n\nRestart the kernel afterwards.\n";

        var text = ReplyExtractor.Extract(body, sent: Copy);

        Assert.Contains("Two Pythons: use %pip in the notebook.", text, StringComparison.Ordinal);
        Assert.Contains("Restart the kernel afterwards.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("To answer, simply reply", text, StringComparison.Ordinal);
    }
}
