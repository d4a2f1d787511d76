using System.Text.Json.Nodes;
using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

public sealed class KnowledgeBaseFileTests
{
    private const string ValidEntry = """
        {"id": "wifi", "topic": "technical", "questions": {"fr": ["Wifi ?"], "en": ["Wifi?"]}, "answer": {"fr": "Oui.", "en": "Yes."}}
        """;

    [Fact]
    public void The_demo_file_reads_with_every_entry()
    {
        var read = KnowledgeBaseFile.Load(DemoKnowledgeBase.FilePath);

        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        Assert.Equal(37, read.File!.Entries.Count);
        Assert.All(read.File.Entries, e => Assert.NotEmpty(e.Questions.Fr));
    }

    [Fact]
    public void Errors_name_the_entry_and_the_field_and_all_come_at_once()
    {
        var json = $$$"""
            {"entries": [
              {{{ValidEntry}}},
              {"id": "exam", "topic": "exams", "questions": {"fr": ["Examen ?"], "en": ["Exam?"]}, "answer": {"fr": "Oui."}},
              {"topic": "x", "questions": {"fr": ["a"], "en": ["b"]}, "answer": {"fr": "c", "en": "d"}},
              {{{ValidEntry}}},
              {"id": "dates", "topic": "t", "questions": {"fr": ["a", 3], "en": ["b"]}, "answer": {"fr": "c", "en": "d"}, "lastReviewed": "12/03/2025", "anwser": 1}
            ]}
            """;

        var read = KnowledgeBaseFile.Parse(json);

        Assert.False(read.IsValid);
        Assert.Null(read.File);
        Assert.Contains("entries[1] (id \"exam\"): answer.en is missing: the entry has questions in English", read.Errors);
        Assert.Contains("entries[2]: id is missing", read.Errors);
        Assert.Contains("entries[3] (id \"wifi\"): id duplicates entries[0]", read.Errors);
        Assert.Contains("entries[4] (id \"dates\"): questions.fr[1] must be a string", read.Errors);
        Assert.Contains("entries[4] (id \"dates\"): lastReviewed must be a date written yyyy-MM-dd", read.Errors);
        Assert.Contains("entries[4] (id \"dates\"): unknown field \"anwser\"", read.Errors);
        Assert.Equal(6, read.Errors.Count);
    }

    [Theory]
    [InlineData("""{"fr": ["Examen ?"]}""", """{"fr": "Oui."}""", "fr")]
    [InlineData("""{"en": ["Exam?"]}""", """{"en": "Yes."}""", "en")]
    [InlineData("""{"fr": ["Examen ?"], "en": []}""", """{"fr": "Oui.", "en": null}""", "fr")]
    public void An_entry_may_be_written_in_one_language_and_is_written_back_in_it(string questions, string answer, string language)
    {
        // A university's base in French only, or a language school's in English only.
        var read = KnowledgeBaseFile.Parse($$"""{"entries": [{"id": "exam", "topic": "exams", "questions": {{questions}}, "answer": {{answer}}}]}""");

        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        var entry = Assert.Single(read.File!.Entries);
        Assert.True(entry.Answer.Has(language));
        Assert.False(entry.Answer.Has(language == "fr" ? "en" : "fr"));
        Assert.Equal(entry.Answer.In(language), entry.Answer.In(language == "fr" ? "en" : "fr"));
        var written = read.File.ToJson();
        Assert.DoesNotContain(language == "fr" ? "\"en\"" : "\"fr\"", written, StringComparison.Ordinal);
        var back = Assert.Single(KnowledgeBaseFile.Parse(written).File!.Entries);
        Assert.Equal(entry.Questions.Fr, back.Questions.Fr);
        Assert.Equal(entry.Questions.En, back.Questions.En);
        Assert.Equal(entry.Answer, back.Answer);
    }

    [Theory]
    [InlineData("""{"fr": ["Examen ?"]}""", """{"fr": "Oui.", "en": "Yes."}""", "questions.en is missing: the entry has an answer in English")]
    [InlineData("""{"fr": ["Examen ?"], "en": ["Exam?"]}""", """{"en": "Yes."}""", "answer.fr is missing: the entry has questions in French")]
    [InlineData("""{}""", """{}""", "questions and answer are empty: write them in French (fr), English (en) or both")]
    [InlineData("""{"fr": ["Examen ?"]}""", """{"fr": ""}""", "answer.fr is empty")]
    public void A_language_needs_both_its_questions_and_its_answer(string questions, string answer, string expected)
    {
        var read = KnowledgeBaseFile.Parse($$"""{"entries": [{"id": "exam", "topic": "exams", "questions": {{questions}}, "answer": {{answer}}}]}""");

        Assert.Equal([$"entries[0] (id \"exam\"): {expected}"], read.Errors);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "the file must be a JSON object")]
    [InlineData("{}", "entries is missing")]
    [InlineData("""{"entries": {}}""", "entries must be an array")]
    [InlineData("""{"entries": [42]}""", "entries[0]: must be an object")]
    public void A_file_of_the_wrong_shape_says_what_is_wrong(string json, string expected)
    {
        var read = KnowledgeBaseFile.Parse(json);

        Assert.False(read.IsValid);
        Assert.Contains(read.Errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Export_writes_back_the_shape_it_read()
    {
        var original = File.ReadAllText(DemoKnowledgeBase.FilePath);

        var exported = DemoKnowledgeBase.File.ToJson();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(original), JsonNode.Parse(exported)));
        Assert.Contains("« Mot de passe oublié »", exported, StringComparison.Ordinal);
    }

    [Fact]
    public void Optional_fields_survive_a_round_trip()
    {
        var entry = new KnowledgeEntry("exam-rules", "exams",
            new BilingualQuestions(["Règlement des examens ?", "Quelles règles ?"], ["Exam rules?"]),
            new BilingualAnswer("Voir le règlement.", "See the rules."),
            Module: "stats-101", Owner: "tutor@example.org", LastReviewed: new DateOnly(2025, 3, 12), Keywords: ["partiel", "DS"]);
        var file = new KnowledgeBaseFile("test", [entry]);

        var read = KnowledgeBaseFile.Parse(file.ToJson());

        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        var back = Assert.Single(read.File!.Entries);
        Assert.Equal(("exam-rules", "stats-101", "tutor@example.org", new DateOnly(2025, 3, 12)), (back.Id, back.Module, back.Owner, back.LastReviewed));
        Assert.Equal(entry.Questions.Fr, back.Questions.Fr);
        Assert.Equal(entry.Answer, back.Answer);
        Assert.Equal(["partiel", "DS"], back.KeywordList);
        Assert.Equal(file.ToJson(), read.File.ToJson());
    }

    [Theory]
    [InlineData("""{"keywords": "partiel"}""", "entries[0] (id \"wifi\"): keywords must be an array of strings")]
    [InlineData("""{"keywords": ["partiel", 3]}""", "entries[0] (id \"wifi\"): keywords[1] must be a string")]
    [InlineData("""{"keywords": [" "]}""", "entries[0] (id \"wifi\"): keywords[0] is empty")]
    public void Keywords_are_an_optional_list_of_words(string extra, string expected)
    {
        var entry = JsonNode.Parse(ValidEntry)!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(extra)!.AsObject().ToList())
        {
            entry[name] = value?.DeepClone();
        }

        Assert.Contains(expected, KnowledgeBaseFile.Parse($$"""{"entries": [{{entry.ToJsonString()}}]}""").Errors);
        Assert.Empty(KnowledgeBaseFile.Parse($$"""{"entries": [{{ValidEntry}}]}""").File!.Entries[0].KeywordList);
        Assert.Empty(KnowledgeBaseFile.Parse($$"""{"entries": [{{ValidEntry.Replace("}}", "}, \"keywords\": []}")}}]}""").Errors);
    }
}
