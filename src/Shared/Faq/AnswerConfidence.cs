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
/// most specific words of the message the entry never mentions, a second model's opinion of the entry, and how well the
/// entry's words cover the message's word by word in context, against the entries ranked next)
/// separates right answers from out-of-scope messages better on knowledge bases it never saw: fitted by
/// <c>bench/run-faq.sh --accuracy-only true --learn true --learn-heldout none</c> on twenty-two labelled sets (fifteen
/// institutions' knowledge bases with their learners' messages, the demo base with six sets of messages, public
/// StackFAQ; the eight judging sets kb17 to kb23 and demo5 skipped), judged leave-one-set-out and on sets written after
/// the fit (bench/README.md, #16 seventh to fourteenth rounds).
/// </para>
/// </summary>
internal static class AnswerConfidence
{
    /// <summary>
    /// Answer from this chance unless the institution chose another (<see cref="FaqEmbeddingOptions.AnswerFrom"/>): on
    /// the nineteen blind sets (demo to kb16), each left out of the fit in turn, with the entry's words in context read
    /// against the message's, 75.3 % overall with 99 wrong answers; from 0.75, 75.2 % with 108; from 0.80, 73.4 % with 83
    /// (bench/README.md, #16 fourteenth round; before, 72.1 % and 108 from 0.77). The highest overall without more wrong
    /// answers than before was preferred: a wrong answer misleads, a button costs a tap.
    /// </summary>
    public const double AnswerFrom = 0.76;

    public const int FeatureCount = 42;

    // Fitted by bench/faq (DecisionModel): intercept first, then one weight per standardised feature.
    private static readonly double[] Weights = [1.3222641493111136, 0.218671764164132, -0.022471005548244476, 0.7029643863783674, 0.021511332210479375, 0.3294633198088088, -0.009607575963252391, -0.12114953039534948, -0.0020205446178805713, -0.004045615559937145, 0.23198705270839615, 0.7072659954134265, -0.017076690203785872, -0.044896138482950126, 0.3090723793949253, 0.08092162046410321, 0.292352715313462, -0.4598096522036782, -0.10005109023280744, 0.3955234170888465, -0.3240071188017241, 0.23125578072796005, 0.4859815667543712, 0.11531259171531706, -0.14712447280503596, -0.04371609379710122, 0.4003687847345072, -0.06511020858769456, -0.5753105339624596, 0.49820895367447193, -0.2980715588745263, 0.10908264998215521, -0.05560052749275145, 0.2990396809214727, -0.22033120931103695, 0.06987127855816111, -0.1744513011128795, 0.5023877019786055, 0.41150529431672905, -0.03317964961432626, -0.9171960152378339, 1.0601944733438458, 0.22501110900712895];
    private static readonly double[] Means = [0.4656860346866853, 0.5508324279605034, 0.16746014241418475, 0.1840829854621327, 0.1273701788346616, 0.7453005369663702, 0.8560066155377515, 0.5388474025973883, 0.2915845407712686, 3.107101270293226, 1.6522978650507136, 0.44823953246288856, 0.0117988532239931, 0.4859102150308511, 0.5252885099783554, 0.7838664676907076, 0.45184641847842416, 0.2607463257763453, 0.3197596016080214, 0.37141921338470263, 0.1794132145757969, 0.4195725711672738, 0.6339799133679135, 0.3939054632448454, 0.37229005468539395, 0.5892536508580017, 0.7870557430858753, 0.3370539583622408, 0.8586720294618649, 0.022013500644597884, 0.6709614076542546, 2.557732774777138, 0.7660690509458696, 0.036050300103355554, 0.5776871038102411, 0.305329890246501, 0.42803430646132146, 0.5007790287073496, 0.48782838363330644, 0.45861994920503396, 0.09847467113430376, 0.08822267778143476];
    private static readonly double[] Scales = [0.2702624723139714, 0.17109877098243068, 0.14349781368572678, 0.23535588152776515, 0.13408622937015263, 0.43569214754846536, 0.3510830249321818, 0.4984885959662427, 0.2971114732516347, 0.9913512505828996, 0.4203999947996599, 0.4973136384566128, 0.10797981525522163, 0.2528191640987751, 0.18583783164247467, 0.24216524325171956, 0.21349044568175796, 0.4390417750608176, 0.14742252996443647, 0.1596218948224581, 0.2070169604251579, 0.15594926176247653, 0.4817150441675559, 0.32102114084921757, 0.3356085491274676, 0.5519451219383974, 0.31770766034115117, 0.324993990323465, 0.054199586782352795, 0.04455094506942914, 0.4698640207896378, 1.2084312430043567, 0.04875966732213611, 0.06423346641013367, 0.17024585634099262, 0.17086196575673096, 0.20502832700389745, 0.1809158320311216, 0.1540085489946125, 0.1824494625444124, 0.13887446437969334, 0.18421654272923718];

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
            .. Words(evidence.Words),
        ];
    }

    /// <summary>The word coverage's features; without a word reader (tests' own models), the fitted means: they weigh nothing.</summary>
    private static double[] Words(ContextCoverage? words) => words is { } w
        ? [w.Mean, w.Lowest, w.Quartile, w.Questions, w.Answers, w.BestQuestion, w.MeanLead, w.QuartileLead]
        : Means[^8..];

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
    SecondOpinion second,
    ContextCoverage? words)
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

    public ContextCoverage? Words { get; } = words;
}

/// <summary>How well the weighed entry holds the message's known terms (<c>FaqMatcher.Coverage</c>).</summary>
internal readonly record struct WordCoverage(double MissedMost, double HeldMost, double MissedShare);
