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
    /// the nineteen blind sets (demo to kb16), each left out of the fit in turn, French read through its gloss and its
    /// translation, 72.1 % overall with 108 wrong answers; from 0.75, 72.6 % with 116; from 0.80, 70.4 % with 94
    /// (bench/README.md, #16 thirteenth round; before the translation, 71.9 % and 111 from 0.75). The highest overall
    /// without more wrong answers than before was preferred: a wrong answer misleads, a button costs a tap.
    /// </summary>
    public const double AnswerFrom = 0.77;

    public const int FeatureCount = 34;

    // Fitted by bench/faq (DecisionModel): intercept first, then one weight per standardised feature.
    private static readonly double[] Weights = [1.113765404359867, 0.06477825543055558, -0.19420544077686067, 0.9743036273482581, 0.06563045568268101, 0.4197472462309845, 0.03146846875187809, -0.08775847306376224, 0.11593006559150548, -0.15864748315627136, 0.4044055467657642, 0.7841766260134159, -0.048169878996052094, -0.0604517530050197, 0.5217261899294806, -0.09689996361833275, 0.27982324543877873, -0.2662064515711557, -0.153540208848868, 0.2813796161354244, -0.3928407108925723, 0.14239251866373412, 0.7583508314269042, 0.05418039903151037, -0.0002778739075664417, -0.1046630059221355, 0.4086524831185665, 0.0053477831346292835, -0.8024803851505733, 0.42766825155375, -0.21609817193334593, 0.0978735659583586, -0.18643958613422856, 0.36116590287132383, -0.1411400726029205];
    private static readonly double[] Means = [0.4656860346866853, 0.5508324279605034, 0.16746014241418475, 0.1840829854621327, 0.1273701788346616, 0.7453005369663702, 0.8560066155377515, 0.5388474025973883, 0.2915845407712686, 3.107101270293226, 1.6522978650507136, 0.44823953246288856, 0.0117988532239931, 0.4859102150308511, 0.5252885099783554, 0.7838664676907076, 0.45184641847842416, 0.2607463257763453, 0.3197596016080214, 0.37141921338470263, 0.1794132145757969, 0.4195725711672738, 0.6339799133679135, 0.3939054632448454, 0.37229005468539395, 0.5892536508580017, 0.7870557430858753, 0.3370539583622408, 0.8586720294618649, 0.022013500644597884, 0.6709614076542546, 2.557732774777138, 0.7660690509458696, 0.036050300103355554];
    private static readonly double[] Scales = [0.2702624723139714, 0.17109877098243068, 0.14349781368572678, 0.23535588152776515, 0.13408622937015263, 0.43569214754846536, 0.3510830249321818, 0.4984885959662427, 0.2971114732516347, 0.9913512505828996, 0.4203999947996599, 0.4973136384566128, 0.10797981525522163, 0.2528191640987751, 0.18583783164247467, 0.24216524325171956, 0.21349044568175796, 0.4390417750608176, 0.14742252996443647, 0.1596218948224581, 0.2070169604251579, 0.15594926176247653, 0.4817150441675559, 0.32102114084921757, 0.3356085491274676, 0.5519451219383974, 0.31770766034115117, 0.324993990323465, 0.054199586782352795, 0.04455094506942914, 0.4698640207896378, 1.2084312430043567, 0.04875966732213611, 0.06423346641013367];

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
