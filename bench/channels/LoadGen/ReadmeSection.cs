namespace SupportBot.Bench.Channels;

/// <summary>
/// Writes the results into bench/README.md between two markers inside its "Channels" section,
/// leaving every other section (other benches own them) as it is.
/// </summary>
internal static class ReadmeSection
{
    public const string Begin = "<!-- channels-results:begin (written by bench/run-channels.sh) -->";
    public const string End = "<!-- channels-results:end -->";
    private const string Heading = "## Channels";

    public static async Task UpdateAsync(string path, string results)
    {
        var block = $"{Begin}\n{results.TrimEnd()}\n{End}";
        var text = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "# Benchmarks\n";
        await File.WriteAllTextAsync(path, Update(text, block));
    }

    internal static string Update(string text, string block)
    {
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (begin >= 0 && end > begin)
        {
            return text[..begin] + block + text[(end + End.Length)..];
        }

        var heading = text.IndexOf("\n" + Heading + "\n", StringComparison.Ordinal);
        if (heading < 0)
        {
            return text.TrimEnd() + $"\n\n{Heading}\n\nMeasured by `bench/run-channels.sh`.\n\n{block}\n";
        }

        // The section ends at the next level-2 heading, or at the end of the file.
        var next = text.IndexOf("\n## ", heading + Heading.Length + 1, StringComparison.Ordinal);
        var at = next < 0 ? text.Length : next;
        return text[..at].TrimEnd() + $"\n\n{block}\n" + (next < 0 ? "" : "\n" + text[(next + 1)..]);
    }
}
