namespace SupportBot.Shared.Faq;

/// <summary>
/// The chance that the entry words and meaning put first together is the right answer to a message, and the band
/// built on it: the matcher answers (with meanings on) when this chance reaches <see cref="AnswerFrom"/>.
/// <para>
/// Why a learned band rather than floors: the words' score and meaning's closeness each mean something different on
/// each knowledge base (a base whose entries all speak of Moodle puts every Moodle message close to all of them), and
/// the hand-set floors that held on the demo base answered out-of-scope messages on others. A logistic regression over
/// what both scorers say of their best entry (its scores, its lead, whether the two agree, how close the message is to
/// the entry's phrasings compared with how close those are to one another, how much of the message the base knows)
/// separates right answers from out-of-scope messages better on knowledge bases it never saw: fitted by
/// <c>bench/run-faq.sh --accuracy-only true --learn true</c> on nine labelled sets (six institutions' and the demo's),
/// judged leave-one-set-out and on sets never used to fit (bench/README.md, #16 seventh round).
/// </para>
/// </summary>
internal static class AnswerConfidence
{
    /// <summary>
    /// Answer from this chance: on the fitting sets left out one at a time, it gave more right answers than the
    /// hand-set bands with fewer wrong ones on StackFAQ and on five of six institutions' sets (bench/README.md).
    /// </summary>
    public const double AnswerFrom = 0.75;

    public const int FeatureCount = 25;

    // Fitted by bench/faq (DecisionModel): intercept first, then one weight per standardised feature.
    private static readonly double[] Weights = [1.3527546645154296, 0.15496335179277923, -0.062407448862606275, 0.9172225060906212, -0.06773841315794907, 0.6795389116854826, 0.14066356804635177, 0.2154297394653095, 0.6623693173765783, -0.9015740786218502, 0.22184919432960484, 0.47003137803199685, -0.05010206310332268, -0.061981405313433824, 0.9182494731517625, 0.06859931628254869, 0.5353953410976019, -0.5427130564779971, -0.24266667742666118, 0.6643486155437438, -0.4164942886644718, 0.3050239234266846, 0.8628938699488203, 0.018846187982730918, 0.5912895904653807, -0.9461325901999785];
    private static readonly double[] Means = [0.5204808065655695, 0.5877716006463324, 0.21495138951131162, 0.2287275770571782, 0.14865337045477853, 0.8237741445360953, 0.8214702290933353, 0.4845899470899645, 0.28413058518979967, 3.2925213017765764, 1.6152273605424077, 0.5135742456399102, 0.0035566230762388846, 0.5282349189589018, 0.5541262036059504, 0.8159813252184068, 0.5027506667634026, 0.2521421387551026, 0.3573140668214306, 0.4037140044431306, 0.18405759620319642, 0.4266738844035987, 0.6716069839999064, 0.45524864547602134, 0.4310460800555341];
    private static readonly double[] Scales = [0.2827839090301807, 0.20229132238851105, 0.1790818930032415, 0.23309096259429002, 0.1673856999283755, 0.381012209898786, 0.3829580820045544, 0.49976247485064224, 0.32888761034781083, 1.240705961727681, 0.41755943879106505, 0.4998157068909971, 0.05953128276456892, 0.27522428967310647, 0.22738314832897774, 0.23628461365407047, 0.2460002392640187, 0.4342424224872438, 0.18247638564548582, 0.22830253974332135, 0.2703467243060409, 0.17285165265405927, 0.4696286234693517, 0.34418133876047674, 0.35780842496059917];

    /// <summary>How many features the pasted weights were fitted on.</summary>
    public static int FittedFeatures => Means.Length;

    /// <summary>What the decision reads of the candidate entry and of the message; one value per feature, in the fitted order.</summary>
    public static double[] Features(in AnswerEvidence evidence)
    {
        var lexical = evidence.Lexical;
        var closeness = evidence.Closeness;
        var (c, s) = (evidence.Candidate, evidence.RunnerUp);
        var (lexTop, cosTop, otherLex, otherCos, sum) = (0, 0, 0.0, 0.0, 0.0);
        for (var e = 0; e < lexical.Length; e++)
        {
            lexTop = lexical[e] > lexical[lexTop] ? e : lexTop;
            cosTop = closeness[e] > closeness[cosTop] ? e : cosTop;
            sum += closeness[e];
            if (e != c)
            {
                otherLex = Math.Max(otherLex, lexical[e]);
                otherCos = Math.Max(otherCos, closeness[e]);
            }
        }

        var mean = sum / closeness.Length;
        var spread = 0.0;
        foreach (var x in closeness)
        {
            spread += (x - mean) * (x - mean);
        }

        spread = Math.Sqrt(spread / closeness.Length) + 1e-6;
        const double share = FaqMatcher.LexicalShare;
        var blend = (share * lexical[c]) + ((1 - share) * closeness[c]);
        var runnerUpBlend = s == c ? 0 : (share * lexical[s]) + ((1 - share) * closeness[s]);
        var french = evidence.French ? 1.0 : 0.0;
        var meaning = evidence.Meaning;

        // Words and meaning putting the same entry first is worth more than the sum of the two (the agreement band).
        var agree = c == lexTop && c == cosTop ? 1.0 : 0.0;
        return
        [
            lexical[c],
            closeness[c],
            blend - runnerUpBlend,
            lexical[c] - otherLex,
            closeness[c] - otherCos,
            c == lexTop ? 1 : 0,
            c == cosTop ? 1 : 0,
            french,
            french * closeness[c],
            (closeness[c] - mean) / spread,
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
/// what share of them the knowledge base knows.
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
    double knownShare)
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
}
