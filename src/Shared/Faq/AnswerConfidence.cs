namespace SupportBot.Shared.Faq;

/// <summary>
/// The chance that the entry words and meaning put first together is the right answer to a message, and the band
/// built on it: the matcher answers (with meanings on) when this chance reaches <see cref="AnswerFrom"/>.
/// <para>
/// Why a learned band rather than floors: the words' score and meaning's closeness each mean something different on
/// each knowledge base (a base whose entries all speak of Moodle puts every Moodle message close to all of them), and
/// the hand-set floors that held on the demo base answered out-of-scope messages on others. A logistic regression over
/// what both scorers say of their best entry (its scores, its lead, whether the two agree, how close the message is to
/// the entry's phrasings compared with how close those are to one another, how much of the message the base knows, the
/// most specific words of the message the entry never mentions, and a second model's opinion of the entry)
/// separates right answers from out-of-scope messages better on knowledge bases it never saw: fitted by
/// <c>bench/run-faq.sh --accuracy-only true --learn true --learn-heldout none</c> (kb15 and kb16 skipped) on twenty labelled
/// sets (thirteen institutions' knowledge bases with their learners' messages, the demo base with six sets of messages,
/// public StackFAQ), judged leave-one-set-out and on sets written after the fit (bench/README.md, #16 seventh to ninth
/// rounds).
/// </para>
/// </summary>
internal static class AnswerConfidence
{
    /// <summary>
    /// Answer from this chance: on the seventeen blind sets (demo to kb14), each left out of the fit in turn, 71.4 % overall with
    /// 104 wrong answers; from 0.70, 73.0 % with 130 wrong (bench/README.md, #16 ninth round; on the thirteen of the
    /// eighth round, 70.6 % and 88, 64.3 % and 122 for the hand-set bands of earlier rounds). Fewer wrong answers were
    /// preferred: a wrong answer misleads, a button costs a tap.
    /// </summary>
    public const double AnswerFrom = 0.75;

    public const int FeatureCount = 34;

    // Fitted by bench/faq (DecisionModel): intercept first, then one weight per standardised feature.
    private static readonly double[] Weights = [1.03266427651071, -0.03696571271728545, -0.18993900682285472, 0.8738386535901516, 0.22947852937224564, 0.31422423706552494, 0.0054431843962160055, -0.046601736265493444, 0.5108779023353512, -0.8076545647561187, 0.42729321718807056, 0.6907369278041551, -0.09303957712013033, -0.09013964134548996, 0.7167112597392556, -0.1393765735432374, 0.30693169234103895, -0.3045968224039597, -0.17450953365150298, 0.532289138680291, -0.3316099108735422, 0.10007336826190211, 0.563195526027946, 0.04675538409088018, 0.31037875161281914, -0.3296415700431132, 0.5109724753114857, -0.06164392126607672, -0.9171146533615472, 0.050802584157676384, 0.0017422664261572758, 0.04312135616911717, -0.24104989115503817, 0.48537113741885074, 0.10415031904488092];
    private static readonly double[] Means = [0.4674491962392917, 0.5620895705697242, 0.17257894147739014, 0.18456918432601568, 0.13376496890926434, 0.7385475594761332, 0.8616469596311873, 0.5327321428571127, 0.29837023390603734, 3.149405537862482, 1.6374008011776369, 0.4493620968202844, 0.0143467941019477, 0.4891520035590399, 0.5336974582705948, 0.7878566877383377, 0.463913449523187, 0.251901022405219, 0.3170041553423371, 0.3575168164495481, 0.20457275412017434, 0.41712647546433984, 0.6322231427999263, 0.40320905028200243, 0.37488349904803875, 0.5843682273795379, 0.7804649079310659, 0.3384740046241916, 0.8659799868198911, 0.022795309295958792, 0.6663177621461989, 2.5971990571376167, 0.7856341210769315, 0.04581315672495942];
    private static readonly double[] Scales = [0.273687184142271, 0.18193281828284413, 0.1519838676337717, 0.24018607454882707, 0.14247215770710434, 0.4394258330444549, 0.34527015115710874, 0.49892745747435474, 0.31156340345883055, 1.0047171433107476, 0.41632400356433924, 0.4974291947166072, 0.11891578464937388, 0.25523760207034263, 0.19532988237629978, 0.24198788883266242, 0.22680457731112308, 0.4341047087796144, 0.15466970808333608, 0.17023769457182195, 0.2188031470455855, 0.16164488007454572, 0.4822002089096401, 0.332753407684721, 0.33869646888518146, 0.5507837180485958, 0.31559847166751875, 0.32624205778828086, 0.0563561613693891, 0.04566636997497812, 0.47152773294654454, 1.205904162307427, 0.048636522864934986, 0.06799348285549651];

    /// <summary>How many features the pasted weights were fitted on.</summary>
    public static int FittedFeatures => Means.Length;

    /// <summary>What the decision reads of the candidate entry and of the message; one value per feature, in the fitted order.</summary>
    public static double[] Features(in AnswerEvidence evidence)
    {
        var lexical = evidence.Lexical;
        var closeness = evidence.Closeness;
        var (c, s) = (evidence.Candidate, evidence.RunnerUp);
        var (lexTop, otherLex) = (0, 0.0);
        for (var e = 0; e < lexical.Length; e++)
        {
            lexTop = lexical[e] > lexical[lexTop] ? e : lexTop;
            otherLex = e == c ? otherLex : Math.Max(otherLex, lexical[e]);
        }

        var standing = EntryStanding.Of(closeness, c);
        var blend = FaqMatcher.Blend(lexical, closeness, c);
        var runnerUpBlend = s == c ? 0 : FaqMatcher.Blend(lexical, closeness, s);
        var french = evidence.French ? 1.0 : 0.0;
        var meaning = evidence.Meaning;

        // Words and meaning putting the same entry first is worth more than the sum of the two (earlier rounds answered on it alone).
        var agree = c == lexTop && standing.First ? 1.0 : 0.0;
        return
        [
            lexical[c],
            closeness[c],
            blend - runnerUpBlend,
            lexical[c] - otherLex,
            standing.Lead,
            c == lexTop ? 1 : 0,
            standing.First ? 1 : 0,
            french,
            french * closeness[c],
            standing.Deviations,
            Math.Log(1 + evidence.Terms),
            evidence.WordsAnswer == c ? 1 : 0,
            evidence.WordsAnswer >= 0 && evidence.WordsAnswer != c ? 1 : 0,
            lexical[lexTop],
            blend,
            evidence.KnownShare,
            evidence.KnownShare * closeness[c],
            evidence.WordsOffer ? 1 : 0,
            meaning.MeanToPhrasings,
            meaning.Cohesion,
            closeness[c] - meaning.Cohesion,
            meaning.ToAnswer,
            agree,
            agree * closeness[c],
            agree * lexical[c],
            evidence.Coverage.MissedMost,
            evidence.Coverage.HeldMost,
            evidence.Coverage.MissedShare,
            evidence.Second.Closeness,
            evidence.Second.Standing.Lead,
            evidence.Second.Standing.First ? 1 : 0,
            evidence.Second.Standing.Deviations,
            evidence.Second.ToAnswer,
            evidence.Second.OverCohesion,
        ];
    }

    /// <summary>The chance the candidate is the right answer, by the fitted weights.</summary>
    public static double Of(ReadOnlySpan<double> features) => Probability(features, Weights, Means, Scales);

    /// <summary>The logistic model on standardised features (the bench fits with this very function).</summary>
    public static double Probability(ReadOnlySpan<double> features, double[] weights, double[] means, double[] scales)
    {
        var v = weights[0];
        for (var j = 0; j < features.Length && j + 1 < weights.Length; j++)
        {
            v += weights[j + 1] * (features[j] - means[j]) / scales[j];
        }

        return 1 / (1 + Math.Exp(-v));
    }
}

/// <summary>
/// What the matcher knows when it weighs an answer: every entry's words score and closeness in meaning, the blend's best
/// entry and runner-up, how the message sits against the best one, the words' own decision (the entry they answer with,
/// -1 for none; whether they offered the best entry as a button), whether the text is French, how many terms it has and
/// what share of them the knowledge base knows, how well the best entry holds them, and the second model's opinion of it.
/// </summary>
internal readonly ref struct AnswerEvidence(
    ReadOnlySpan<double> lexical,
    ReadOnlySpan<double> closeness,
    int candidate,
    int runnerUp,
    EntryMeaning meaning,
    int wordsAnswer,
    bool wordsOffer,
    bool french,
    int terms,
    double knownShare,
    WordCoverage coverage,
    SecondOpinion second)
{
    public ReadOnlySpan<double> Lexical { get; } = lexical;

    public ReadOnlySpan<double> Closeness { get; } = closeness;

    public int Candidate { get; } = candidate;

    public int RunnerUp { get; } = runnerUp;

    public EntryMeaning Meaning { get; } = meaning;

    public int WordsAnswer { get; } = wordsAnswer;

    public bool WordsOffer { get; } = wordsOffer;

    public bool French { get; } = french;

    public int Terms { get; } = terms;

    public double KnownShare { get; } = knownShare;

    public WordCoverage Coverage { get; } = coverage;

    public SecondOpinion Second { get; } = second;
}

/// <summary>How well the weighed entry holds the message's known terms (<c>FaqMatcher.Coverage</c>).</summary>
internal readonly record struct WordCoverage(double MissedMost, double HeldMost, double MissedShare);
