using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace SupportBot.Shared.Faq;

/// <summary>
/// French to English sentence translation by Apertium, a rule-based translator (Debian packages <c>apertium</c>,
/// <c>apertium-fr-es</c> and <c>apertium-eng-spa</c>, GPL, run as separate programs, never linked or copied into the
/// repository; installed by <c>sb_ensure_faq_thesauri</c> in <c>scripts/lib.sh</c>). Debian packages no French-English
/// pair, so the text goes through Spanish: French to Spanish, then Spanish to English. The English is rough ("password
/// forgotten, do how?"), but it keeps the sentence's grammar and multiword terms that the word gloss
/// (<see cref="FrenchGloss"/>) loses; the sentence models read both together (<see cref="SentenceEmbedder"/>).
/// <para>
/// One pipeline of Apertium's programs per process, started on first use and kept: a text costs a few milliseconds,
/// not the half second of starting it. Texts go in null-flush mode, each followed by two NUL bytes: the bilingual
/// dictionary step (lt-proc 3.7) flushes a NUL only once it has read the byte after it, so the second NUL pushes the
/// first through and comes out later as an empty segment, skipped. A translation that does not come within
/// <see cref="Patience"/> kills the pipeline; the caller then reads the gloss alone, and the pipeline is started again
/// for a later text, not before <see cref="RetryAfter"/>.
/// </para>
/// </summary>
internal sealed partial class FrenchTranslator : IDisposable
{
    /// <summary>Where Debian installs Apertium's language pairs' modes (the pipelines of programs each pair runs).</summary>
    public const string DefaultModes = "/usr/share/apertium/modes";

    /// <summary>What is missing when <see cref="Default"/> is null, said the same way by the host's log and the CLI.</summary>
    public const string Missing = "Apertium's fr-es and spa-eng pairs are not in " + DefaultModes
        + " (apt-get install apertium apertium-fr-es apertium-eng-spa): French is read through its word gloss alone";

    // Ends every text, so that a translation is never empty (an empty segment is the second NUL's) and where it ends shows.
    private const string EndMark = " .";

    private const int MaxRemembered = 50_000;

    // The sentence models read the first 500 characters of the gloss and the translation together; a longer text would
    // only cost time, and a huge one (a pasted log) would outlast the pipeline's patience and stop translations for all.
    private const int MaxTextLength = 1_000;

    private static readonly Lazy<FrenchTranslator?> LazyDefault = new(() => Start(DefaultModes), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string pipeline;
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, string> remembered = new(StringComparer.Ordinal);
    private Process? process;
    private long retryAt;

    private FrenchTranslator(string pipeline)
    {
        this.pipeline = pipeline;
    }

    /// <summary>The process's translator; null when Apertium or one of its two language pairs is not installed.</summary>
    public static FrenchTranslator? Default => LazyDefault.Value;

    /// <summary>How long one text may take before the pipeline is taken for stuck.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromSeconds(3);

    /// <summary>How long after a failure the pipeline is not started again, so a broken install does not cost every message.</summary>
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A translator over the pairs whose modes are in <paramref name="modes"/> (<c>fr-es.mode</c>, <c>spa-eng.mode</c>);
    /// null when one is missing or Apertium cannot write their null-flush form.
    /// </summary>
    public static FrenchTranslator? Start(string modes)
    {
        var steps = new[] { "fr-es", "spa-eng" }.Select(pair => NullFlushing(Path.Combine(modes, pair + ".mode"))).ToArray();
        return steps.Any(s => s is null) ? null : new FrenchTranslator("exec 2>/dev/null; " + string.Join(" | ", steps));
    }

    /// <summary>
    /// The English of <paramref name="french"/>, or null when the pipeline failed. A word Apertium does not know in French
    /// (marked "**") is read by <paramref name="unknownWord"/> (the gloss: "mdp" is "password") or kept as typed; a word it
    /// lost on the way from Spanish (marked "*" or "#") is kept as it came.
    /// </summary>
    public string? Translate(string french, Func<string, string>? unknownWord = null)
    {
        var text = Clean(french);
        if (text.Length == 0)
        {
            return "";
        }

        if (!remembered.TryGetValue(text, out var marked))
        {
            marked = Run(text);
            if (marked is null)
            {
                return null;
            }

            if (remembered.Count >= MaxRemembered)
            {
                remembered.Clear();
            }

            remembered[text] = marked;
        }

        var words = marked.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.StartsWith("**", StringComparison.Ordinal)
            ? unknownWord?.Invoke(w[2..]) is { Length: > 0 } read ? read : w[2..]
            : w.TrimStart('*', '#'));
        return string.Join(' ', words);
    }

    public void Dispose()
    {
        lock (gate)
        {
            Stop();
        }
    }

    private string? Run(string text)
    {
        lock (gate)
        {
            if (process is null && Environment.TickCount64 < retryAt)
            {
                return null;
            }

            try
            {
                var running = process ??= Launch();
                using var watchdog = new Timer(_ => Kill(running), null, Patience, Timeout.InfiniteTimeSpan);
                var input = running.StandardInput.BaseStream;
                input.Write(Encoding.UTF8.GetBytes(text + EndMark + "\0\0"));
                input.Flush();
                string? segment;
                do
                {
                    segment = ReadSegment(running.StandardOutput.BaseStream);
                }
                while (segment is not null && segment.Trim().Length == 0);

                if (segment?.TrimEnd() is { } translated && translated.EndsWith('.'))
                {
                    return translated[..^1].Trim();
                }
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // A pipeline that died or never started: the caller reads the gloss alone.
            }

            Stop();
            retryAt = Environment.TickCount64 + (long)RetryAfter.TotalMilliseconds;
            return null;
        }
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(pipeline);
        return Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
    }

    private void Stop()
    {
        if (process is { } running)
        {
            Kill(running);
            running.Dispose();
            process = null;
        }
    }

    private static void Kill(Process running)
    {
        try
        {
            running.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>Bytes up to the next NUL, as text; null at the end of the stream (the pipeline died or was killed).</summary>
    private static string? ReadSegment(Stream output)
    {
        var bytes = new List<byte>(128);
        while (true)
        {
            var b = output.ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == 0)
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }

            bytes.Add((byte)b);
        }
    }

    /// <summary>Apertium's pipeline for one pair, every program flushing on NUL; null when the pair or Apertium is missing.</summary>
    private static string? NullFlushing(string mode)
    {
        if (!File.Exists(mode))
        {
            return null;
        }

        try
        {
            var start = new ProcessStartInfo("apertium-wblank-mode") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-z");
            start.ArgumentList.Add(mode);
            using var writer = Process.Start(start);
            if (writer is null)
            {
                return null;
            }

            var text = writer.StandardOutput.ReadToEnd().Trim();
            writer.WaitForExit();

            // The mode's two parameters: the generator's flag (-g: plain generation, unknown words marked) and the tagger's (none).
            return writer.ExitCode == 0 && text.Length > 0 ? text.Replace("$1", "-g", StringComparison.Ordinal).Replace("$2", "", StringComparison.Ordinal) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The text on one line, without the characters Apertium's stream format reserves or the marks its output uses.</summary>
    private static string Clean(string french) => Reserved().Replace(french.Length > MaxTextLength ? french[..MaxTextLength] : french, " ").Trim();

    [GeneratedRegex(@"[\^$/<>@\\\[\]{}*#~|\s\x00]+")]
    private static partial Regex Reserved();
}
