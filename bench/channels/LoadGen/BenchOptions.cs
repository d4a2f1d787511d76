using System.Globalization;

namespace SupportBot.Bench.Channels;

/// <summary>A bot behind POST /api/messages, named for the report ("supportbot", "js-echo").</summary>
internal sealed record ApiTarget(string Name, Uri MessagesUrl);

/// <summary>A process (and its children) whose CPU time is read around each measured window.</summary>
internal sealed record WatchedProcess(string Name, int Pid);

/// <summary>Command line of channels-bench; every load it makes goes to 127.0.0.1 only.</summary>
internal sealed class BenchOptions
{
    public List<ApiTarget> ApiTargets { get; } = [];

    /// <summary>Base URL of our host for the Direct Line phase (token endpoint and /v3/directline), or null to skip it.</summary>
    public Uri? DirectLineHost { get; set; }

    /// <summary>LearnerLinks:SigningKey of our host, to sign the learner links the web chat would get.</summary>
    public string LearnerLinkKey { get; set; } = "";

    public string QueriesPath { get; set; } = "";

    public int Conversations { get; set; } = 200;

    /// <summary>Messages per conversation, sent one after the other (each waits for the previous reply).</summary>
    public int MessagesPerConversation { get; set; } = 10;

    /// <summary>Before the first round, each phase runs this long unmeasured (JIT, pools, caches).</summary>
    public TimeSpan Prime { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan WarmUp { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Measure { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Each round runs every phase once, in alternating order, so drift on a shared machine hits all alike.</summary>
    public int Rounds { get; set; } = 2;

    /// <summary>Mean pause between a reply and the next message of a conversation, drawn uniformly from 0.5x to 1.5x (0: closed loop at full speed).</summary>
    public TimeSpan ThinkTime { get; set; } = TimeSpan.Zero;

    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public List<WatchedProcess> Watched { get; } = [];

    public string? JsonOut { get; set; }

    /// <summary>bench/README.md: the results block of its "Channels" section is replaced.</summary>
    public string? Readme { get; set; }

    /// <summary>Says in the report what was measured (commit, date), free text.</summary>
    public string Label { get; set; } = "";

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--api":
                    var (targetName, url) = SplitPair(Next(), name);
                    o.ApiTargets.Add(new ApiTarget(targetName, LoopbackOnly(url, name)));
                    break;
                case "--directline":
                    o.DirectLineHost = LoopbackOnly(Next(), name);
                    break;
                case "--link-key":
                    o.LearnerLinkKey = Next();
                    break;
                case "--queries":
                    o.QueriesPath = Next();
                    break;
                case "--conversations":
                    o.Conversations = PositiveInt(Next(), name);
                    break;
                case "--messages":
                    o.MessagesPerConversation = PositiveInt(Next(), name);
                    break;
                case "--prime":
                    o.Prime = TimeSpan.FromSeconds(int.Parse(Next(), CultureInfo.InvariantCulture));
                    break;
                case "--warmup":
                    o.WarmUp = TimeSpan.FromSeconds(PositiveInt(Next(), name));
                    break;
                case "--measure":
                    o.Measure = TimeSpan.FromSeconds(PositiveInt(Next(), name));
                    break;
                case "--rounds":
                    o.Rounds = PositiveInt(Next(), name);
                    break;
                case "--think-ms":
                    o.ThinkTime = TimeSpan.FromMilliseconds(int.Parse(Next(), CultureInfo.InvariantCulture));
                    break;
                case "--watch":
                    var (processName, pid) = SplitPair(Next(), name);
                    o.Watched.Add(new WatchedProcess(processName, PositiveInt(pid, name)));
                    break;
                case "--json":
                    o.JsonOut = Next();
                    break;
                case "--readme":
                    o.Readme = Next();
                    break;
                case "--label":
                    o.Label = Next();
                    break;
                default:
                    throw new ArgumentException($"unknown option {name}");
            }
        }

        if (o.ApiTargets.Count == 0 && o.DirectLineHost is null)
        {
            throw new ArgumentException("nothing to measure: give --api NAME=URL and/or --directline URL");
        }

        if (o.DirectLineHost is not null && o.LearnerLinkKey.Length < 32)
        {
            throw new ArgumentException("--directline needs --link-key (LearnerLinks:SigningKey, at least 32 characters)");
        }

        if (o.QueriesPath.Length == 0)
        {
            throw new ArgumentException("--queries PATH (a JSONL file of {\"q\": ...}) is required");
        }

        return o;
    }

    private static (string, string) SplitPair(string value, string option) =>
        value.Split('=', 2) is [var a, var b] && a.Length > 0 && b.Length > 0
            ? (a, b)
            : throw new ArgumentException($"{option} expects NAME=VALUE, got '{value}'");

    private static int PositiveInt(string value, string option) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} expects a positive integer, got '{value}'");

    // The bench never sends traffic off this machine.
    private static Uri LoopbackOnly(string value, string option) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Host == "127.0.0.1"
            ? uri
            : throw new ArgumentException($"{option} must be an http://127.0.0.1:PORT/... URL, got '{value}'");
}
