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
/// <c>bench/run-faq.sh --accuracy-only true --learn true --learn-heldout none</c> (kb17 and kb18 skipped) on twenty-two labelled
/// sets (fifteen institutions' knowledge bases with their learners' messages, the demo base with six sets of messages,
/// public StackFAQ), judged leave-one-set-out and on sets written after the fit (bench/README.md, #16 seventh to tenth
/// rounds).
/// </para>
/// </summary>
internal static class AnswerConfidence
{
    /// <summary>
    /// Answer from this chance unless the institution chose another (<see cref="FaqEmbeddingOptions.AnswerFrom"/>): on
    /// the nineteen blind sets (demo to kb16), each left out of the fit in turn, 71.9 % overall with 111 wrong answers;
    /// from 0.70, 74.0 % with 133; from 0.80, 68.8 % with 90 (bench/README.md, #16 tenth round; on the seventeen of the
    /// ninth, 71.4 % and 104). Fewer wrong answers were preferred: a wrong answer misleads, a button costs a tap.
    /// </summary>
    public const double AnswerFrom = 0.75;

    public const int FeatureCount = 34;

    // Fitted by bench/faq (DecisionModel): intercept first, then one weight per standardised feature.
    private static readonly double[] Weights = [1.0128320977137901, 0.16927484404883703, -0.23564597345794536, 0.9539272107343343, 0.1780067843644043, 0.2823590984495509, -0.025436578067153992, -0.08713943334011444, 0.33874688430069216, -0.6164347708703818, 0.4037688421922184, 0.6819433247607498, -0.03595519497163855, -0.08060605507460114, 0.5201140487034581, -0.08270095232094972, 0.21449782840211493, -0.24010725624746448, -0.1721475689107719, 0.5733562843807412, -0.39177815646049535, 0.10193551174007341, 0.5889490097167123, 0.1005870212098048, 0.2915048302339997, -0.39629988349556244, 0.5138006444342642, -0.00952762786267503, -0.8779117046842174, 0.1262203436505341, -0.030843242382204896, 0.05309500302719928, -0.24469497246913705, 0.4420879167691112, 0.05566202075734918];
    private static readonly double[] Means = [0.4636015758576587, 0.5606584512578184, 0.16984704314724164, 0.180664082115902, 0.131710639893925, 0.7362364177055928, 0.8596378856331932, 0.5388474025973883, 0.3008025035166091, 3.1265150002381557, 1.6522978650507136, 0.44551708682961444, 0.014521298857267346, 0.4859102150308511, 0.5315413886377695, 0.7838664676907076, 0.4602099504857809, 0.25593423367842494, 0.3143664049152457, 0.35579727351380563, 0.20486117774400936, 0.4185330000859157, 0.6287653181708317, 0.3995794712716671, 0.37020840218107054, 0.5933413051100856, 0.7813288505550127, 0.3417482282857602, 0.8650275507372981, 0.022632652512264075, 0.667045780202798, 2.5864781661160086, 0.7848462952027793, 0.04593092346830609];
    private static readonly double[] Scales = [0.2717342233939399, 0.18073794414561997, 0.15032425128860025, 0.2387089274099048, 0.14139918325116824, 0.4406726175189206, 0.3473623351948541, 0.4984885959662427, 0.31006317565405284, 0.9953571068357269, 0.4203999947996599, 0.4970227491438508, 0.11962621358221137, 0.2528191640987751, 0.19363486412849365, 0.24216524325171956, 0.22483805032655751, 0.4363850393661896, 0.15220209660224962, 0.16506239115975999, 0.2165846832342967, 0.16064767775312855, 0.48313506786676796, 0.3320224612625427, 0.336521620115615, 0.5527905264751952, 0.3194589228113415, 0.32718794206217566, 0.05627041987231059, 0.04533168800518699, 0.4712703133648328, 1.2124539084852948, 0.0482646160286846, 0.06711339393789795];

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
