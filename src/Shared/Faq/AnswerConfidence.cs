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
/// <c>bench/run-faq.sh --accuracy-only true --learn true --learn-heldout none</c> (kb11 to kb14 skipped) on sixteen labelled
/// sets (eleven institutions' knowledge bases with their learners' messages, the demo's, public StackFAQ), judged
/// leave-one-set-out and on sets written after the fit (bench/README.md, #16 seventh and eighth rounds).
/// </para>
/// </summary>
internal static class AnswerConfidence
{
    /// <summary>
    /// Answer from this chance: on the thirteen institution sets, each left out of the fit in turn, 70.6 % overall with
    /// 88 wrong answers (68.2 % and 91 without the missed words and the second opinion, 64.3 % and 122 for the hand-set
    /// bands of earlier rounds); from 0.70, 72.7 % with 104 wrong (bench/README.md, #16 eighth round). Fewer wrong answers
    /// were preferred: a wrong answer misleads, a button costs a tap.
    /// </summary>
    public const double AnswerFrom = 0.75;

    public const int FeatureCount = 34;

    // Fitted by bench/faq (DecisionModel): intercept first, then one weight per standardised feature.
    private static readonly double[] Weights = [1.043782866765385, 0.12036347828094941, -0.2248331134310728, 0.9955078573804363, -0.08758687299291995, 0.6100244099644213, -0.1320573139558983, -0.059559742741170756, 0.6039321093349576, -0.8632362672399085, 0.26335229618949163, 0.6422813732950147, -0.2069534598124109, -0.05519854239109372, 0.7062753030849145, -0.026497711842104234, 0.44880168518365166, -0.46295107459557433, -0.1945728813917943, 0.6552332217471732, -0.3881138743061987, 0.11739933250811056, 0.4914968936687199, 0.22821807514000322, 0.5058297427481226, -0.7022874832835049, 0.44359951526470404, -0.02435954458846932, -0.8536561542571623, 0.1389955934438187, 0.22397754484661603, -0.051652634027391335, -0.39822669866725957, 0.5731847983327297, 0.10368465409764469];
    private static readonly double[] Means = [0.49022814524052866, 0.5623162177756222, 0.19595795888852935, 0.21205454268576487, 0.128440559510064, 0.819622956301534, 0.7991603371983128, 0.5292485119047426, 0.2983522727132518, 3.1160765092793836, 1.6261436844222128, 0.472218846505757, 0.0032506004803842486, 0.4982902111768916, 0.5262721815080749, 0.7935097575805862, 0.46741834109779484, 0.277663286383072, 0.32823328075187536, 0.3724800693271151, 0.18983614844850374, 0.41418290889631276, 0.6469455951665759, 0.4185763210482524, 0.3891709316455506, 0.5638591929933924, 0.8037658011353496, 0.3160690165173841, 0.8676692110901341, 0.02278914643234982, 0.6606265041795011, 2.6013715348952657, 0.7868776924585476, 0.04270192524038214];
    private static readonly double[] Scales = [0.26630158695566664, 0.19298689009698833, 0.168380110441189, 0.2220643228422505, 0.1577680917472608, 0.38450119190199505, 0.40062837324461903, 0.4991437924582837, 0.31713243337811403, 1.1717268565269112, 0.41155700528330685, 0.4992276119256349, 0.056921298217307556, 0.25893893626374165, 0.21392145370354604, 0.23968793362468108, 0.233237427019592, 0.44784638736258614, 0.16272491485604815, 0.18296284019278053, 0.23527027640888235, 0.16822439592100372, 0.47791944197423897, 0.3348747919138567, 0.3423960720100597, 0.5482511662016617, 0.29270927163861676, 0.31352990410169995, 0.057999908003423514, 0.04674843142937429, 0.4734967023138027, 1.256649578816346, 0.05028444228938162, 0.0717580508181174];

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
