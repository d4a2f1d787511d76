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
/// entry's words cover the message's word by word in context, against the entries ranked next, and how the message reads
/// beside the entry's closest phrasing when the model reads both in one run)
/// separates right answers from out-of-scope messages better on knowledge bases it never saw: fitted by
/// <c>bench/run-faq.sh --accuracy-only true --learn true --learn-heldout none</c> on twenty-two labelled sets (fifteen
/// institutions' knowledge bases with their learners' messages, the demo base with six sets of messages, public
/// StackFAQ; the eight judging sets kb17 to kb23 and demo5 skipped), judged leave-one-set-out and on sets written after
/// the fit (bench/README.md, #16 seventh to sixteenth rounds).
/// </para>
/// </summary>
internal static class AnswerConfidence
{
    /// <summary>
    /// Answer from this chance unless the institution chose another (<see cref="FaqEmbeddingOptions.AnswerFrom"/>): on
    /// the nineteen blind sets (demo to kb16), each left out of the fit in turn, with the message also read beside the
    /// entry's closest phrasing, 75.8 % overall with 97 wrong answers; from 0.75, 75.9 % with 104; from 0.80, 74.1 % with 84
    /// (bench/README.md, #16 sixteenth round; before, 75.3 % and 99 from 0.76). The highest overall without more wrong
    /// answers than before was preferred: a wrong answer misleads, a button costs a tap.
    /// </summary>
    public const double AnswerFrom = 0.76;

    public const int FeatureCount = 46;

    // Fitted by bench/faq (DecisionModel): intercept first, then one weight per standardised feature.
    private static readonly double[] Weights = [1.3290132673502872, 0.3476745334670301, -0.2154685030624742, 0.606561546157904, 0.06867201185293637, 0.3824578819159326, -0.03428333851377171, -0.15096372302131553, 0.11186960562748775, -0.09266981143393743, 0.21210861033835263, 0.7613059381375938, -0.04739724006763759, -0.04493728934776509, 0.2778866665364563, 0.012820512094363181, 0.21105183455036272, -0.3773182241149825, -0.12242885146766269, 0.3822046678518393, -0.4592403397684954, 0.17601657994930844, 0.5345749304929762, 0.10278569185082857, -0.15176909189523707, 0.005568152467538374, 0.36786985248165893, -0.06875121927085673, -0.5095364732831185, 0.45504761015151635, -0.25180355753569955, 0.10873679240428133, -0.0244593794368861, 0.3090588764252261, -0.33080380904207296, 0.17326693220219644, -0.1604369588525616, 0.48599546168666496, 0.30540431906593885, -0.0019923902889203903, -1.1744589867278947, 1.1272597627784058, 0.19229422886576195, 0.6100788169430688, -0.22874149932268553, 0.1981381906457463, 0.1346263671280874];
    private static readonly double[] Means = [0.4656860346866853, 0.5508324295365976, 0.16746014501818798, 0.1840829854621327, 0.1273701796381304, 0.7453005369663702, 0.8560066155377515, 0.5388474025973883, 0.29158454266829026, 3.1071012702745957, 1.6522978650507136, 0.44823953246288856, 0.0117988532239931, 0.4859102150308511, 0.5252885110816211, 0.7838664676907076, 0.45184641955614113, 0.2607463257763453, 0.3197596019687501, 0.3714192170116487, 0.1794132125249441, 0.41957257509388557, 0.6339799133679135, 0.39390546552789935, 0.37229005468539395, 0.5892536508580017, 0.7870557430858753, 0.3370539583622408, 0.8586720299687336, 0.02201351041659205, 0.6709614076542546, 2.557733153091417, 0.766069044743041, 0.036050303010409235, 0.577688230950978, 0.30533015777201494, 0.4280329652123179, 0.5007797530111389, 0.4878286344901899, 0.4586206413761195, 0.09847485071083568, 0.08822279471491061, 0.8277109294519274, 0.9275211546033311, 0.8799368478841204, 0.533382342668833];
    private static readonly double[] Scales = [0.2702624723139714, 0.17109877273022198, 0.1434978156200407, 0.23535588152776515, 0.1340862333724059, 0.43569214754846536, 0.3510830249321818, 0.4984885959662427, 0.2971114759485745, 0.9913512679359431, 0.4203999947996599, 0.4973136384566128, 0.10797981525522163, 0.2528191640987751, 0.18583783314425664, 0.24216524325171956, 0.2134904476772534, 0.4390417750608176, 0.1474225301135686, 0.1596218966784278, 0.20701696192245267, 0.15594926338117138, 0.4817150441675559, 0.3210211428600532, 0.3356085491274676, 0.5519451219383974, 0.31770766034115117, 0.324993990323465, 0.05419958688126639, 0.044550951572607196, 0.4698640207896378, 1.2084315039429454, 0.048759660917159324, 0.06423347011483983, 0.17024463359398, 0.17086175843487791, 0.20502953819858277, 0.18091514386120783, 0.15400826432067427, 0.18244870188869244, 0.13887432137195313, 0.18421646695459934, 0.08749114404011182, 0.06218293970661593, 0.05351374113110595, 0.18110001928171243];

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
            .. Together(evidence.Together),
        ];
    }

    /// <summary>The word coverage's features; without a word reader (tests' own models), the fitted means: they weigh nothing.</summary>
    private static double[] Words(ContextCoverage? words) => words is { } w
        ? [w.Mean, w.Lowest, w.Quartile, w.Questions, w.Answers, w.BestQuestion, w.MeanLead, w.QuartileLead]
        : Means[34..42];

    /// <summary>The message read with the entry's closest phrasing; without a word reader, the fitted means.</summary>
    private static double[] Together(JointReading? together) => together is { } t
        ? [t.Together, t.MessageKept, t.PhrasingKept, t.Apart]
        : Means[42..46];

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
    ContextCoverage? words,
    JointReading? together)
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

    public JointReading? Together { get; } = together;
}

/// <summary>How well the weighed entry holds the message's known terms (<c>FaqMatcher.Coverage</c>).</summary>
internal readonly record struct WordCoverage(double MissedMost, double HeldMost, double MissedShare);
