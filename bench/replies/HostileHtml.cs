using System.Diagnostics;
using System.Globalization;
using System.Text;
using MimeKit;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Bench.Replies;

/// <summary>
/// Time to read an HTML-only reply whose body is flat (paragraphs) against one of the same size
/// whose body is hostile (deeply nested elements), through the inbox's own reading path.
/// </summary>
internal static class HostileHtml
{
    public static int Run(string[] args)
    {
        var sizesMb = Option(args, "--mb", "0.1,0.5,0.95,2.4");
        var rounds = int.Parse(Option(args, "--rounds", "3"), CultureInfo.InvariantCulture);
        var timeout = TimeSpan.FromSeconds(int.Parse(Option(args, "--timeout", "120"), CultureInfo.InvariantCulture));
        Console.WriteLine("| body | size | flat (median) | " + string.Join(" | ", Shapes.Keys) + " | worst ratio |");
        Console.WriteLine("| --- | ---: | ---: | " + string.Join(" | ", Shapes.Keys.Select(_ => "---:")) + " | ---: |");
        foreach (var mb in sizesMb.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture)))
        {
            var bytes = (int)(mb * 1024 * 1024);
            var flat = Median(rounds, () => Time(Flat(bytes), timeout));
            var cells = new List<string>();
            var worst = 0.0;
            foreach (var (_, shape) in Shapes)
            {
                var ms = Median(rounds, () => Time(shape(bytes), timeout));
                worst = Math.Max(worst, ms / flat);
                cells.Add($"{ms:F0} ms ({ms / flat:F1}×)");
            }

            Console.WriteLine($"| html only | {mb} MB | {flat:F0} ms | {string.Join(" | ", cells)} | **{worst:F1}×** |");
        }

        return 0;
    }

    private static readonly Dictionary<string, Func<int, string>> Shapes = new()
    {
        ["nested divs"] = bytes => Nested(bytes, "<div>", "</div>"),
        ["nested blockquotes"] = bytes => Nested(bytes, "<blockquote>", "</blockquote>"),
        ["unclosed formatting"] = bytes => Repeat(bytes, "<b><i><font>x"),
        ["nested tables"] = bytes => Nested(bytes, "<table><tr><td>", "</td></tr></table>"),
    };

    private static string Flat(int bytes) => Repeat(bytes, "<p>Hello, this is a perfectly ordinary paragraph of text.</p>\n");

    private static string Repeat(int bytes, string unit)
    {
        var sb = new StringBuilder(bytes + unit.Length);
        while (sb.Length < bytes)
        {
            sb.Append(unit);
        }

        return sb.ToString();
    }

    private static string Nested(int bytes, string open, string close)
    {
        var depth = bytes / (open.Length + close.Length + 1);
        var sb = new StringBuilder(bytes + 16);
        for (var i = 0; i < depth; i++)
        {
            sb.Append(open);
        }

        sb.Append('x');
        for (var i = 0; i < depth; i++)
        {
            sb.Append(close);
        }

        return sb.ToString();
    }

    private static double Time(string html, TimeSpan timeout)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Peer", "peer@example.org"));
        message.Subject = "Re: question";
        message.Body = new TextPart("html") { Text = html };
        var clock = Stopwatch.StartNew();
        var task = Task.Run(() =>
        {
            try
            {
                IncomingMailReader.NewText(message);
            }
            catch (MailTooLargeException)
            {
                // Over the cap: held for a tutor without being parsed, which is the outcome measured.
            }
        });
        return task.Wait(timeout) ? clock.Elapsed.TotalMilliseconds : double.PositiveInfinity;
    }

    private static double Median(int rounds, Func<double> measure)
    {
        var times = Enumerable.Range(0, rounds).Select(_ => measure()).Order().ToList();
        return times[times.Count / 2];
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
