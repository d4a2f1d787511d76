using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>The vocabulary file the matcher reads (learner-vocabulary.tsv): its format, and the file as shipped.</summary>
public sealed class LearnerVocabularyTests
{
    [Fact]
    public void The_shipped_file_gives_each_form_one_concept() => Assert.Empty(LearnerVocabulary.Conflicts);

    [Fact]
    public void The_shipped_file_is_read_with_its_qualifiers()
    {
        Assert.True(LearnerVocabulary.IsQualifier("#lost"));
        Assert.False(LearnerVocabulary.IsQualifier("#password"));
        Assert.Contains("mdp", LearnerVocabulary.Words);
    }

    [Theory]
    [InlineData("apply", "en", null)]
    [InlineData("applied", "en", null)]
    [InlineData("app", "en", "#app")]
    [InlineData("appli", "fr", "#app")]
    [InlineData("applis", "fr", "#app")]
    public void Apply_in_english_is_not_the_french_shorthand_for_an_app(string word, string language, string? concept)
    {
        // English stems "apply" to "appli": "how do I apply for the exam?" offered the mobile-app entry first.
        var tokens = new List<FaqToken>();
        FaqTextAnalyzer.Tokenize(word, language, tokens);

        var matched = LearnerVocabulary.MatchAt(tokens, 0, language, out var found);

        Assert.Equal(concept, matched > 0 ? found : null);
    }

    [Fact]
    public void A_line_gives_a_concept_its_kind_and_its_forms_and_comments_are_skipped()
    {
        var concepts = LearnerVocabulary.Parse(new StringReader(
            "# a comment\n\npassword\ttopic\tmdp | mot de passe |  password \nlost\tqualifier\tperdu|fr:paume\n"));

        Assert.Collection(
            concepts,
            c => Assert.Equal("password/False: mdp, mot de passe, password", $"{c.Name}/{c.Qualifier}: {string.Join(", ", c.Forms)}"),
            c => Assert.Equal("lost/True: perdu, fr:paume", $"{c.Name}/{c.Qualifier}: {string.Join(", ", c.Forms)}"));
    }

    [Theory]
    [InlineData("password topic mdp")]
    [InlineData("password\ttopic")]
    [InlineData("password\tsynonym\tmdp")]
    [InlineData("pass word\ttopic\tmdp")]
    [InlineData("password\ttopic\t | ")]
    public void A_malformed_line_is_refused_with_its_number(string line)
    {
        var error = Assert.Throws<FormatException>(() => LearnerVocabulary.Parse(new StringReader("# header\n" + line + "\n")));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(line, error.Message, StringComparison.Ordinal);
    }
}
