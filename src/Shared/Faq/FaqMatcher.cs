namespace SupportBot.Shared.Faq;

/// <summary>
/// Finds the knowledge-base entry a learner's question is about, or abstains. Pure and in memory: built
/// once from the entries (build a new one when the knowledge base changes), then immutable, so any
/// number of threads may call <see cref="Match"/> at once.
/// <para>
/// Every question variant of an entry, French and English, is indexed: an inverted index maps each term
/// (a stem, or a synonym concept such as "#password") to the entries and variants holding it, with a
/// precomputed idf, so a query only visits the entries sharing a term with it. The rest of the entry counts
/// too, at lower weights: its answer and topic words (so "freeze" finds the entry whose answer says it), and
/// the general synonyms of its question words from the <see cref="Thesaurus"/>.
/// </para>
/// <para>
/// An entry's score mixes how much of the query it covers (idf-weighted, unknown words counting as rare
/// ones, so "variance" or "quicksort" pull a course-content question below the threshold) with how much
/// of its best variant the query covers (so a short query matching a whole variant scores high). The
/// query is read twice, with French and with English stemming, and each entry keeps its better reading,
/// since learners mix languages.
/// </para>
/// </summary>
public sealed class FaqMatcher
{
    // Query coverage decides whether the question is in scope; variant coverage ranks entries sharing words.
    private const double QueryCoverageShare = 0.6;

    // A word fixed by typo correction is likely but not certainly the word meant.
    private const double CorrectedCredit = 0.8;

    // Once the query's language is known, reading it with the other language's stemmer is a fallback
    // for mixed text, not an equal: "cc" is a test in French and captions in English.
    private const double OtherReadingDiscount = 0.8;

    // A generic concept ("#lost", "#problem") weighs this share of its idf: it qualifies the topic word next to it.
    private const double GenericWeight = 0.4;

    // An entry sharing only generic concepts with the query ("perdu" alone) is a guess, not an answer.
    private const double GenericOnlyDiscount = 0.5;

    // A chat question fits in a few lines; a pasted log or essay is cut so it cannot slow other queries down.
    private const int MaxQueryLength = 1000;

    // With sentence embeddings, the candidate answer and the did-you-mean buttons rank entries by this share of their
    // lexical score plus the rest of their closeness in meaning: on the thirteen institution sets, 0.3 put the right
    // entry first for 1186 of 1363 answerable messages, 0.5 for 1168 (0.2: 1171, 0.4: 1176; bench/README.md, #16 ninth
    // round). Buttons are offered from the floor, calibrated on the dev queries, the paraphrases and StackFAQ: the
    // lowest that shows buttons on no more out-of-scope questions than words alone did, on each of the three.
    private const double LexicalShare = 0.3;
    private const double MeaningSuggestScore = 0.36;

    // With meanings, a words answer at least this sure is given without reading the message for meaning (the model
    // costs milliseconds, words microseconds): on the fitting sets left out one at a time, such answers were as often
    // right as those the learned band gives, and fewer were wrong than with 0.6 (bench/README.md, #16 seventh round).
    private const double WordsSureScore = 0.7;

    [ThreadStatic]
    private static Scratch? threadScratch;

    private readonly KnowledgeEntry[] entries;
    private readonly Dictionary<string, int> termIds;
    private readonly double[] idf;
    private readonly bool[] isGeneric;
    private readonly int[] postingStart;
    private readonly int[] postingEntry;
    private readonly ulong[] postingVariants;
    private readonly double[] postingWeight;
    private readonly int[] variantStart;
    private readonly double[] variantWeight;
    private readonly string[] variantLanguage;
    private readonly double unknownWeight;
    private readonly TypoCorrector typos;
    private readonly Thesaurus thesaurus;
    private readonly HashSet<string> frenchWords;
    private readonly HashSet<string> englishWords;
    private readonly FaqEmbeddingIndex? meanings;

    // How many entries ranked next the weighed one's word coverage is compared with: the entry that covers a message
    // better than the weighed one is nearly always among them, and each costs the message's words against its own.
    private const int CoverageRivals = 8;

    // A message this close in meaning to a phrasing learned from use is answered with that phrasing's entry. On the
    // learning-from-use bench (bench/README.md, #16 eleventh round), learners' phrasings read as questions took public
    // StackFAQ from 79.7 to 91.6 % but with 59 wrong answers instead of 22, and the blind sets from 70.1 to 68.5 %; as
    // memory from 0.80, StackFAQ rose to 87.3 % with 20 wrong and the blind sets stayed where they were (0.85: 82.9 %
    // with 19).
    private const double RecallFloor = 0.80;

    private FaqMatcher(KnowledgeEntry[] entries, KnowledgeEntry[] indexed, FaqIndexBuilder index, FaqMatchThresholds thresholds, SentenceEmbedder? embedder)
    {
        this.entries = entries;
        Thresholds = thresholds;
        termIds = index.TermIds;
        var n = entries.Length;
        idf = index.DocumentFrequency.Select(df => Idf(n, df)).ToArray();
        isGeneric = new bool[idf.Length];
        foreach (var (term, id) in termIds)
        {
            if (LearnerVocabulary.IsQualifier(term))
            {
                isGeneric[id] = true;
                idf[id] *= GenericWeight;
            }
        }

        // An unknown word weighs like the rarest known one: the query talks about something the knowledge base never mentions.
        unknownWeight = Idf(n, 1);
        (postingStart, postingEntry, postingVariants, postingWeight) = index.Postings();
        variantStart = index.VariantStart.ToArray();
        variantLanguage = index.VariantLanguage.ToArray();
        variantWeight = index.VariantTerms.Select(terms => terms.Sum(t => idf[t])).ToArray();

        // Synonym forms count as known words too, so "webinnar" finds "webinar" though no entry says it.
        foreach (var word in LearnerVocabulary.Words)
        {
            index.WordCounts.TryAdd(word, 1);
        }

        typos = new TypoCorrector(index.WordCounts);
        thesaurus = index.Thesaurus;
        frenchWords = index.FrenchWords;
        englishWords = index.EnglishWords;
        meanings = embedder is null || entries.Length == 0 ? null : FaqEmbeddingIndex.Build(indexed, embedder, [.. LearnedPhrasings(entries)]);
    }

    public FaqMatchThresholds Thresholds { get; }

    public int EntryCount => entries.Length;

    /// <summary>Whether the matcher reads meanings with sentence embeddings besides words.</summary>
    public bool UsesEmbeddings => meanings is not null;

    /// <param name="embedder">
    /// When given, a message is read for its meaning too (<see cref="FaqEmbeddingIndex"/>), unless its words answer it
    /// surely: the entries' vectors are computed here. The answer band is then learned (<see cref="AnswerConfidence"/>):
    /// the entry words and meaning put first together is answered when the chance it is right is high enough, and the
    /// did-you-mean buttons are chosen by meaning as well as by words. French is weighed this way when the embedder reads
    /// it through its English gloss (<see cref="SentenceEmbedder.ReadsFrench"/>); otherwise the words decide French alone.
    /// </param>
    public static FaqMatcher Build(IEnumerable<KnowledgeEntry> entries, FaqMatchThresholds? thresholds = null, SentenceEmbedder? embedder = null)
    {
        var list = entries.ToArray();
        var indexed = embedder is null ? list : [.. list.Select(WithoutLearned)];
        var index = new FaqIndexBuilder(Thesaurus.Default);
        for (var e = 0; e < indexed.Length; e++)
        {
            index.AddEntry(e, indexed[e]);
        }

        return new FaqMatcher(list, indexed, index, thresholds ?? FaqMatchThresholds.Default, embedder);
    }

    /// <summary>
    /// The entry without the phrasings learned from use that no tutor kept yet. With meanings, those are remembered
    /// (<see cref="FaqEmbeddingIndex.Recall"/>) rather than read as the entry's questions: a learner's phrasing, with its
    /// greeting, its context and its style, made other learners' messages in the same style look close to the entry, and
    /// fewer were answered right (bench/README.md, #16 eleventh round). Without meanings they stay questions, as words
    /// are all the matcher has. An entry whose every question was learned keeps them.
    /// </summary>
    private static KnowledgeEntry WithoutLearned(KnowledgeEntry entry)
    {
        if (entry.LearnedList.Count == 0)
        {
            return entry;
        }

        var learned = entry.LearnedList.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var questions = new BilingualQuestions([.. entry.Questions.Fr.Where(q => !learned.Contains(q))], [.. entry.Questions.En.Where(q => !learned.Contains(q))]);
        return questions.Fr.Count + questions.En.Count == 0 ? entry : entry with { Questions = questions };
    }

    /// <summary>Every phrasing learned from use, in the language of the questions that hold it, as the models read a message.</summary>
    private IEnumerable<LearnedPhrasing> LearnedPhrasings(KnowledgeEntry[] all)
    {
        for (var e = 0; e < all.Length; e++)
        {
            foreach (var text in all[e].LearnedList)
            {
                var language = all[e].Questions.Fr.Contains(text, StringComparer.OrdinalIgnoreCase) ? FaqLanguages.French
                    : all[e].Questions.En.Contains(text, StringComparer.OrdinalIgnoreCase) ? FaqLanguages.English
                    : null;
                // Not among the entry's questions any more: a tutor edited it away, so it is not recalled either.
                if (language is not null)
                {
                    yield return new LearnedPhrasing(e, ModelText(Content(text), language), language);
                }
            }
        }
    }

    /// <summary>
    /// What of a learner's text is matched: with the apostrophes French learners leave out put back (<see cref="FrenchElision"/>), not its
    /// courtesy (<see cref="Courtesy"/>), nor the parts it says work (<see cref="WorkingParts"/>).
    /// </summary>
    internal static string Content(string text) => WorkingParts.Remove(Courtesy.Remove(FrenchElision.Restore(text)));

    /// <param name="query">The learner's text as typed; its courtesy and the parts it says work are not read (<see cref="Content"/>).</param>
    /// <param name="locale">The learner's locale when known ("fr-FR", "en"); it only sets <see cref="FaqMatch.Language"/>.</param>
    public FaqMatch Match(string query, string? locale = null)
    {
        query = Content(query);
        var scratch = Scratch.For(entries.Length, variantLanguage.Length);
        var lexical = meanings is null ? null : scratch.Lexical(entries.Length);
        scratch.All = lexical;
        try
        {
            var (match, top, textLanguage) = Decide(query, locale, scratch);
            // On French read through its gloss (one sense a word), words that found two entries fitting alike
            // ("certificat": the enrolment certificate or the certificate of completion, both above the answer score,
            // within the margin) leave the pick to the learner: the gloss's meaning does not break their tie. On
            // English, meaning does ("a paper proving i'm enrolled" is the enrolment certificate).
            var wordsTie = match.Outcome == MatchOutcome.Ambiguous && top.Score >= Thresholds.MinScore;
            var weighable = textLanguage == FaqLanguages.English || (meanings is { ReadsFrench: true } && !wordsTie);
            if (lexical is null || string.IsNullOrWhiteSpace(query)
                || (match.Outcome == MatchOutcome.Answered && (top.Score >= WordsSureScore || !weighable)))
            {
                return match;
            }

            var closeness = scratch.Closeness(entries.Length).AsSpan(0, entries.Length);
            var text = ModelText(query, textLanguage);
            var vector = meanings!.Read(text, textLanguage);
            if (meanings.Recall(vector) is { Closeness: >= RecallFloor } recalled)
            {
                // Learners asked this before, in these words or nearly, and the entry was the one they chose.
                return new FaqMatch(entries[recalled.Entry].Id, recalled.Closeness, [], MatchOutcome.Answered, match.Language);
            }

            meanings.Score(vector, closeness);
            if (weighable)
            {
                var (candidate, runnerUp, features) = Weigh(match, top, lexical.AsSpan(0, entries.Length), closeness, text, vector, textLanguage, scratch);
                var chance = AnswerConfidence.Of(features);
                if (chance >= Thresholds.AnswerFrom)
                {
                    return new FaqMatch(entries[candidate].Id, chance, [], MatchOutcome.Answered, match.Language);
                }

                if (match.Outcome == MatchOutcome.Answered)
                {
                    // The words' answer is not sure enough: offer it beside meaning's pick.
                    var other = candidate == top.Entry ? runnerUp : candidate;
                    return match with
                    {
                        EntryId = null,
                        Alternatives = other == top.Entry ? [entries[top.Entry].Id] : [entries[top.Entry].Id, entries[other].Id],
                        Outcome = MatchOutcome.Ambiguous,
                    };
                }
            }

            return SuggestByMeaning(closeness, lexical) is [_, ..] buttons ? match with { Alternatives = buttons, Outcome = MatchOutcome.Ambiguous }
                : match with { Alternatives = [], Outcome = MatchOutcome.NoMatch };
        }
        finally
        {
            scratch.All = null;
            if (lexical is not null)
            {
                Array.Clear(lexical, 0, entries.Length);
            }
        }
    }

    /// <summary>
    /// The entries the learner may have meant when they say an answer did not fit ("not quite"): the next ones by the blend
    /// the buttons rank by (by words alone without meanings), best first, <paramref name="answered"/> left out, each above
    /// the floor a did-you-mean button needs. A near miss is usually the first entry of two that share its words.
    /// </summary>
    public IReadOnlyList<string> Others(string query, string answered, int count = 2)
    {
        double[] ranking;
        double floor;
        if (meanings is null)
        {
            ranking = EntryScores(Content(query));
            floor = Thresholds.SuggestScore ?? Thresholds.MinScore;
        }
        else
        {
            var read = ReadWhole(query);
            ranking = [.. Enumerable.Range(0, entries.Length).Select(e => Blend(read.Lexical, read.Closeness, e))];
            floor = MeaningSuggestScore;
        }

        return [.. Enumerable.Range(0, entries.Length)
            .Where(e => entries[e].Id != answered && ranking[e] >= floor)
            .OrderByDescending(e => ranking[e])
            .Take(count)
            .Select(e => entries[e].Id)];
    }

    /// <summary>
    /// The entry words and meaning put first together (the blend <see cref="SuggestByMeaning"/> ranks by), its runner-up,
    /// and what <see cref="AnswerConfidence"/> reads of it.
    /// </summary>
    private (int Candidate, int RunnerUp, double[] Features) Weigh(FaqMatch words, Candidate top, ReadOnlySpan<double> lexical, ReadOnlySpan<double> closeness, string text, float[] vector, string textLanguage, Scratch scratch)
    {
        var (candidate, runnerUp) = (0, -1);
        for (var e = 1; e < lexical.Length; e++)
        {
            var blend = Blend(lexical, closeness, e);
            if (blend > Blend(lexical, closeness, candidate))
            {
                (candidate, runnerUp) = (e, candidate);
            }
            else if (runnerUp < 0 || blend > Blend(lexical, closeness, runnerUp))
            {
                runnerUp = e;
            }
        }

        runnerUp = runnerUp < 0 ? candidate : runnerUp;
        var (terms, known) = KnownTerms(scratch);
        var evidence = new AnswerEvidence(
            lexical,
            closeness,
            candidate,
            runnerUp,
            meanings!.Describe(vector, candidate),
            words.Outcome == MatchOutcome.Answered ? top.Entry : -1,
            words.Outcome == MatchOutcome.Ambiguous && words.Alternatives.Contains(entries[candidate].Id),
            textLanguage == FaqLanguages.French,
            terms,
            known,
            Coverage(scratch, candidate),
            meanings.SecondOpinion(text, textLanguage, vector, candidate, scratch.SecondCloseness(entries.Length).AsSpan(0, entries.Length)),
            meanings.CoverEach(text, textLanguage, [candidate, .. NextRanked(lexical, closeness, candidate)]) is { } covering ? ContextCoverage.Of(covering, 0) : null,
            meanings.ReadTogether(text, textLanguage, vector, candidate));
        return (candidate, runnerUp, AnswerConfidence.Features(evidence));
    }

    /// <summary>The entries the blend ranks next after <paramref name="candidate"/>, best first (<see cref="CoverageRivals"/> at most).</summary>
    private static int[] NextRanked(ReadOnlySpan<double> lexical, ReadOnlySpan<double> closeness, int candidate)
    {
        var next = new List<(double Blend, int Entry)>(CoverageRivals + 1);
        for (var e = 0; e < lexical.Length; e++)
        {
            if (e == candidate)
            {
                continue;
            }

            var blend = Blend(lexical, closeness, e);
            if (next.Count < CoverageRivals || blend > next[^1].Blend)
            {
                var at = next.FindIndex(n => blend > n.Blend);
                next.Insert(at < 0 ? next.Count : at, (blend, e));
                if (next.Count > CoverageRivals)
                {
                    next.RemoveAt(CoverageRivals);
                }
            }
        }

        return [.. next.Select(n => n.Entry)];
    }

    /// <summary>
    /// How well an entry holds the message's known terms, in the reading (French or English) it holds best: the most
    /// specific term it misses and the most specific it holds (their idf, on the scale of a term no entry has), and the
    /// share of the known terms' idf it misses. A near miss ("change my e-mail address" against the password entry)
    /// names something specific the entry never mentions.
    /// </summary>
    private WordCoverage Coverage(Scratch scratch, int entry)
    {
        WordCoverage Of(List<FaqTerm> terms)
        {
            var (missedMost, heldMost, missed, total) = (0.0, 0.0, 0.0, 0.0);
            foreach (var term in terms)
            {
                if (!Known(term, out var id))
                {
                    continue;
                }

                var held = false;
                for (var p = postingStart[id]; p < postingStart[id + 1] && !held; p++)
                {
                    held = postingEntry[p] == entry;
                }

                total += idf[id];
                if (held)
                {
                    heldMost = Math.Max(heldMost, idf[id]);
                }
                else
                {
                    missedMost = Math.Max(missedMost, idf[id]);
                    missed += idf[id];
                }
            }

            return new WordCoverage(missedMost / unknownWeight, heldMost / unknownWeight, total > 0 ? missed / total : 1);
        }

        var (french, english) = (Of(scratch.FrenchTerms), Of(scratch.EnglishTerms));
        return french.MissedShare <= english.MissedShare ? french : english;
    }

    /// <summary>An entry's blend of its words score and its closeness in meaning: what the buttons and the learned band rank by.</summary>
    internal static double Blend(ReadOnlySpan<double> lexical, ReadOnlySpan<double> closeness, int e) =>
        (LexicalShare * lexical[e]) + ((1 - LexicalShare) * closeness[e]);

    /// <summary>How many terms the message has (in its longer reading) and the share of them the knowledge base knows (in its better one).</summary>
    private (int Terms, double KnownShare) KnownTerms(Scratch scratch)
    {
        double Share(List<FaqTerm> terms)
        {
            var known = 0;
            foreach (var term in terms)
            {
                known += Known(term, out _) ? 1 : 0;
            }

            return terms.Count == 0 ? 0 : (double)known / terms.Count;
        }

        return (Math.Max(scratch.FrenchTerms.Count, scratch.EnglishTerms.Count), Math.Max(Share(scratch.FrenchTerms), Share(scratch.EnglishTerms)));
    }

    /// <summary>
    /// The three bands on the lexical scores, with the best entry and the language the text itself speaks
    /// (without the locale: the embedding model reads the text, not the learner).
    /// </summary>
    private (FaqMatch Match, Candidate Top, string TextLanguage) Decide(string query, string? locale, Scratch scratch)
    {
        var (top, second, evidence) = Rank(query, scratch);
        var textLanguage = ClearLanguage(evidence)
            ?? (evidence.French > evidence.English ? FaqLanguages.French : evidence.English > evidence.French ? FaqLanguages.English : null)
            ?? (top.Entry >= 0 ? variantLanguage[top.Variant] : FaqLanguages.French);
        var language = ClearLanguage(evidence) ?? FaqLanguages.Normalize(locale) ?? textLanguage;
        if (top.Entry < 0 || top.Score < (Thresholds.SuggestScore ?? Thresholds.MinScore))
        {
            return (FaqMatch.NoMatch(Math.Max(top.Score, 0), language), top, textLanguage);
        }

        if (top.Score < Thresholds.MinScore)
        {
            // Did you mean: the runner-up joins the buttons only when it is as plausible as the floor asks.
            var suggested = second.Entry >= 0 && second.Score >= Thresholds.SuggestScore
                ? new[] { entries[top.Entry].Id, entries[second.Entry].Id }
                : [entries[top.Entry].Id];
            return (new FaqMatch(null, top.Score, suggested, MatchOutcome.Ambiguous, language), top, textLanguage);
        }

        var best = entries[top.Entry].Id;
        if (second.Entry >= 0 && top.Score - second.Score < Thresholds.MinMargin)
        {
            return (new FaqMatch(null, top.Score, [best, entries[second.Entry].Id], MatchOutcome.Ambiguous, language), top, textLanguage);
        }

        return (new FaqMatch(best, top.Score, [], MatchOutcome.Answered, language), top, textLanguage);
    }

    /// <summary>The best two entries with their scores, for calibration and diagnostics.</summary>
    internal IReadOnlyList<(string Id, double Score)> Explain(string query)
    {
        var (top, second, _) = Rank(query, Scratch.For(entries.Length, variantLanguage.Length));
        return new[] { top, second }.Where(c => c.Entry >= 0).Select(c => (entries[c.Entry].Id, c.Score)).ToList();
    }

    /// <summary>Every entry's score for the query (0 for entries sharing no term with it), in entry order: for calibration.</summary>
    internal double[] EntryScores(string query)
    {
        var scratch = Scratch.For(entries.Length, variantLanguage.Length);
        scratch.All = new double[entries.Length];
        try
        {
            Rank(query, scratch);
            return scratch.All;
        }
        finally
        {
            scratch.All = null;
        }
    }

    /// <summary>
    /// For fitting <see cref="AnswerConfidence"/> (embeddings on): the shipped match, the entry the words alone answer
    /// with (null: none), and the candidate entry with what the learned band reads of it, whatever the words decided.
    /// </summary>
    internal (FaqMatch Match, string? WordsAnswer, string Candidate, double[] Features) Inspect(string query)
    {
        var match = Match(query);
        var read = ReadWhole(query);
        var (candidate, _, features) = Weigh(read.Words, read.Top, read.Lexical, read.Closeness, read.Text, read.Vector, read.Language, read.Scratch);
        return (match, read.Words.EntryId, entries[candidate].Id, features);
    }

    /// <summary>Every entry's words score, closeness in meaning and second model's closeness, for the query (embeddings on): for calibration.</summary>
    internal (double[] Lexical, double[] First, double[] Second, string Language) RankingParts(string query)
    {
        var read = ReadWhole(query);
        var second = new double[entries.Length];
        meanings!.SecondOpinion(read.Text, read.Language, read.Vector, 0, second);
        return (read.Lexical, read.Closeness, second, read.Language);
    }

    /// <summary>For calibration: how well each of <paramref name="candidates"/> covers the query's words in context (embeddings on, with a word reader).</summary>
    internal EntryCovering[]? CoverageOf(string query, IReadOnlyList<int> candidates)
    {
        var read = ReadWhole(query);
        return meanings!.CoverEach(read.Text, read.Language, candidates);
    }

    /// <summary>
    /// For calibration: the query read by words and for meaning whatever the words decide (<see cref="Match"/> stops at a
    /// sure words answer), with every entry's words score and closeness kept.
    /// </summary>
    private WholeReading ReadWhole(string query)
    {
        query = Content(query);
        var scratch = Scratch.For(entries.Length, variantLanguage.Length);
        var lexical = new double[entries.Length];
        scratch.All = lexical;
        var (words, top, language) = Decide(query, null, scratch);
        scratch.All = null;
        var closeness = new double[entries.Length];
        var text = ModelText(query, language);
        var vector = meanings!.Read(text, language);
        meanings.Score(vector, closeness);
        return new WholeReading(words, top, lexical, closeness, text, vector, language, scratch);
    }

    /// <summary>Every entry's closeness in meaning to the query (embeddings on), in entry order: for calibration.</summary>
    internal double[] EntryCloseness(string query)
    {
        var closeness = new double[entries.Length];
        if (meanings is not null)
        {
            meanings.Score(meanings.Read(query, null), closeness);
        }

        return closeness;
    }

    /// <summary>
    /// The language the text clearly speaks: one language's evidence with none of the other's, or more than
    /// twice the other's. "mdp perdu" is French whatever the Teams locale says; "zoom link" says nothing.
    /// </summary>
    private static string? ClearLanguage((int French, int English) evidence) =>
        evidence.French > 2 * evidence.English ? FaqLanguages.French
        : evidence.English > 2 * evidence.French ? FaqLanguages.English
        : null;

    /// <summary>
    /// Grammar words and accents, plus the words that only one language is known to have (in the knowledge
    /// base's text or in that language's thesaurus): "perdu" is French, "lost" English, "zoom" either when
    /// the knowledge base writes it in both.
    /// </summary>
    private (int French, int English) LanguageEvidence((int French, int English) grammar, List<string> words)
    {
        var (french, english) = grammar;
        foreach (var word in words)
        {
            if (FaqTextAnalyzer.IsStop(word))
            {
                continue;
            }

            // A word the knowledge base itself writes in both languages ("zoom", "moodle") says nothing.
            var (inFrench, inEnglish) = (frenchWords.Contains(word), englishWords.Contains(word));
            if (inFrench && inEnglish)
            {
                continue;
            }

            var isFrench = inFrench || thesaurus.IsWord(word, FaqLanguages.French);
            var isEnglish = inEnglish || thesaurus.IsWord(word, FaqLanguages.English);
            french += isFrench && !isEnglish ? 1 : 0;
            english += isEnglish && !isFrench ? 1 : 0;
        }

        return (french, english);
    }

    /// <summary>
    /// The did-you-mean buttons by meaning: every entry's blend of its lexical score (left in the scratch by
    /// <see cref="Rank"/>) and its closeness in meaning to the message; the best two above the floor.
    /// </summary>
    private string[] SuggestByMeaning(ReadOnlySpan<double> closeness, double[] lexical)
    {
        var top = Candidate.None;
        var second = Candidate.None;
        for (var e = 0; e < entries.Length; e++)
        {
            Offer(new Candidate(e, Blend(lexical, closeness, e), -1), ref top, ref second);
        }

        return top.Score < MeaningSuggestScore ? []
            : second.Entry >= 0 && second.Score >= MeaningSuggestScore ? [entries[top.Entry].Id, entries[second.Entry].Id]
            : [entries[top.Entry].Id];
    }

    private (Candidate Top, Candidate Second, (int French, int English) Evidence) Rank(string query, Scratch scratch)
    {
        var words = FaqTextAnalyzer.FoldedWords(query.Length > MaxQueryLength ? query[..MaxQueryLength] : query);
        var french = Read(words, FaqLanguages.French, scratch, scratch.FrenchTerms);
        var grammar = FaqTextAnalyzer.GrammarEvidence(query, scratch.Tokens);
        var detected = grammar.French > grammar.English ? FaqLanguages.French : grammar.English > grammar.French ? FaqLanguages.English : null;
        var evidence = LanguageEvidence(grammar, words);
        var english = Read(words, FaqLanguages.English, scratch, scratch.EnglishTerms);
        var top = Candidate.None;
        var second = Candidate.None;
        if (SameTerms(french, english))
        {
            // Jargon and synonyms often read the same in both languages: score once.
            Score(french, 1.0, scratch, ref top, ref second);
        }
        else
        {
            Score(french, detected == FaqLanguages.English ? OtherReadingDiscount : 1.0, scratch, ref top, ref second);
            Score(english, detected == FaqLanguages.French ? OtherReadingDiscount : 1.0, scratch, ref top, ref second);
        }

        return (top, second, evidence);
    }

    private List<FaqTerm> Read(List<string> words, string reading, Scratch scratch, List<FaqTerm> terms)
    {
        scratch.Tokens.Clear();
        foreach (var word in words)
        {
            scratch.Tokens.Add(Correct(FaqTextAnalyzer.ToToken(word, reading), reading));
        }

        terms.Clear();
        LearnerVocabulary.Apply(scratch.Tokens, reading, terms);
        return Distinct(terms);
    }

    private static bool SameTerms(List<FaqTerm> a, List<FaqTerm> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        foreach (var term in a)
        {
            if (!b.Contains(term))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The message as the sentence models read it, cut to <see cref="MaxQueryLength"/>: a word that neither the language's
    /// thesaurus nor the knowledge base knows, one letter away from a word of the base, is read as that word ("acount":
    /// account). The word pieces of a typo mean nothing to a model; the words score corrects typos the same way.
    /// </summary>
    private string ModelText(string query, string language)
    {
        var text = query.Length > MaxQueryLength ? query[..MaxQueryLength] : query;
        string? spelled = null;
        foreach (var word in FaqTextAnalyzer.FoldedWords(text))
        {
            if (word.Length < TypoCorrector.MinLength || thesaurus.IsWord(word, language) || typos.Correct(word) is not { } meant)
            {
                continue;
            }

            spelled ??= SupportBot.Shared.Text.Accents.Fold(text).ToLowerInvariant();
            spelled = System.Text.RegularExpressions.Regex.Replace(spelled, $@"\b{System.Text.RegularExpressions.Regex.Escape(word)}\b", meant);
        }

        return spelled ?? text;
    }

    /// <summary>A word neither indexed nor part of a synonym may be a typo of a known word.</summary>
    private FaqToken Correct(FaqToken token, string reading)
    {
        if (token.IsStop || termIds.ContainsKey(token.Key) || LearnerVocabulary.IsKnownKey(token.Key, reading)
            || typos.Correct(token.Surface) is not { } corrected)
        {
            return token;
        }

        return FaqTextAnalyzer.ToToken(corrected, reading) with { IsCorrected = true };
    }

    private static List<FaqTerm> Distinct(List<FaqTerm> terms)
    {
        for (var i = terms.Count - 1; i > 0; i--)
        {
            for (var j = 0; j < i; j++)
            {
                if (terms[j].Key == terms[i].Key)
                {
                    // Keep the surer reading of a term written twice.
                    if (!terms[i].IsCorrected)
                    {
                        terms[j] = terms[i];
                    }

                    terms.RemoveAt(i);
                    break;
                }
            }
        }

        return terms;
    }

    private void Score(List<FaqTerm> terms, double readingWeight, Scratch scratch, ref Candidate top, ref Candidate second)
    {
        var queryWeight = 0.0;
        foreach (var term in terms)
        {
            queryWeight += Known(term, out var id) ? idf[id] : unknownWeight;
        }

        if (queryWeight <= 0)
        {
            return;
        }

        var entryCredit = scratch.EntryCredit;
        var entrySpecific = scratch.EntrySpecific;
        var variantCredit = scratch.VariantCredit;
        var touched = scratch.Touched;
        touched.Clear();
        foreach (var term in terms)
        {
            if (!Known(term, out var id))
            {
                continue;
            }

            var credit = idf[id] * (term.IsCorrected ? CorrectedCredit : 1.0);
            for (var p = postingStart[id]; p < postingStart[id + 1]; p++)
            {
                var e = postingEntry[p];
                if (entryCredit[e] == 0)
                {
                    touched.Add(e);
                }

                if (postingVariants[p] == 0)
                {
                    // Answer, topic or thesaurus only: no variant holds it.
                    entryCredit[e] += credit * postingWeight[p];
                    continue;
                }

                entryCredit[e] += credit;
                entrySpecific[e] |= !isGeneric[id];
                var first = variantStart[e];
                for (var mask = postingVariants[p]; mask != 0; mask &= mask - 1)
                {
                    variantCredit[first + System.Numerics.BitOperations.TrailingZeroCount(mask)] += credit;
                }
            }
        }

        foreach (var e in touched)
        {
            var bestVariant = variantStart[e];
            var bestCoverage = 0.0;
            for (var v = variantStart[e]; v < variantStart[e + 1]; v++)
            {
                var coverage = variantWeight[v] > 0 ? variantCredit[v] / variantWeight[v] : 0;
                if (coverage > bestCoverage)
                {
                    (bestCoverage, bestVariant) = (coverage, v);
                }

                variantCredit[v] = 0;
            }

            var score = readingWeight * ((QueryCoverageShare * entryCredit[e] / queryWeight) + ((1 - QueryCoverageShare) * bestCoverage));
            if (!entrySpecific[e])
            {
                score *= GenericOnlyDiscount;
            }

            entryCredit[e] = 0;
            entrySpecific[e] = false;
            if (scratch.All is { } all)
            {
                all[e] = Math.Max(all[e], score);
            }

            Offer(new Candidate(e, score, bestVariant), ref top, ref second);
        }
    }

    /// <summary>
    /// Whether the term counts as a known one. A typo fixed into a generic concept stays unknown: right, it
    /// would add little; wrong ("stats" read as "starts"), it would hide a word the knowledge base never mentions.
    /// </summary>
    private bool Known(FaqTerm term, out int id) =>
        termIds.TryGetValue(term.Key, out id) && !(term.IsCorrected && isGeneric[id]);

    /// <summary>Keeps the two best distinct entries; an entry seen in both readings keeps its better score.</summary>
    private static void Offer(Candidate candidate, ref Candidate top, ref Candidate second)
    {
        if (candidate.Entry == top.Entry)
        {
            if (candidate.Score > top.Score)
            {
                top = candidate;
            }

            return;
        }

        if (candidate.Entry == second.Entry)
        {
            if (candidate.Score > second.Score)
            {
                second = candidate;
            }
        }
        else if (candidate.Score > second.Score)
        {
            second = candidate;
        }

        if (second.Score > top.Score)
        {
            (top, second) = (second, top);
        }
    }

    // BM25's idf: positive for every document frequency, highest for words found in one entry.
    private static double Idf(int entryCount, int documentFrequency) =>
        Math.Log(1 + ((entryCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    private readonly record struct WholeReading(FaqMatch Words, Candidate Top, double[] Lexical, double[] Closeness, string Text, float[] Vector, string Language, Scratch Scratch);

    private readonly record struct Candidate(int Entry, double Score, int Variant)
    {
        public static Candidate None { get; } = new(-1, double.MinValue, -1);
    }

    /// <summary>Per-thread buffers, so a query allocates nothing per entry; they are left zeroed after each use.</summary>
    private sealed class Scratch
    {
        public double[] EntryCredit { get; private set; } = [];

        public double[] VariantCredit { get; private set; } = [];

        public bool[] EntrySpecific { get; private set; } = [];

        public List<int> Touched { get; } = [];

        public List<FaqToken> Tokens { get; } = [];

        public List<FaqTerm> FrenchTerms { get; } = [];

        public List<FaqTerm> EnglishTerms { get; } = [];

        /// <summary>When set, every scored entry's best score is kept here too.</summary>
        public double[]? All { get; set; }

        private double[] lexical = [];
        private double[] closeness = [];
        private double[] secondCloseness = [];

        public double[] Lexical(int entryCount) => lexical.Length >= entryCount ? lexical : lexical = new double[entryCount];

        public double[] Closeness(int entryCount) => closeness.Length >= entryCount ? closeness : closeness = new double[entryCount];

        public double[] SecondCloseness(int entryCount) => secondCloseness.Length >= entryCount ? secondCloseness : secondCloseness = new double[entryCount];

        public static Scratch For(int entryCount, int variantCount)
        {
            var scratch = threadScratch ??= new Scratch();
            if (scratch.EntryCredit.Length < entryCount)
            {
                scratch.EntryCredit = new double[entryCount];
                scratch.EntrySpecific = new bool[entryCount];
            }

            if (scratch.VariantCredit.Length < variantCount)
            {
                scratch.VariantCredit = new double[variantCount];
            }

            return scratch;
        }
    }
}
