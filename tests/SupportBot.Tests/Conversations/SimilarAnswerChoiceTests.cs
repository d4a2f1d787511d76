using SupportBot.Bot.Turns;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.Conversations;

/// <summary>Of two earlier answers offered (#14), the learner names one by its button or in their own words, in FR or EN.</summary>
public sealed class SimilarAnswerChoiceTests
{
    [Theory]
    [InlineData("La première réponse résout mon problème", 1)]
    [InlineData("The second answer solves it", 2)]
    [InlineData("la première", 1)]
    [InlineData("La premiere !", 1)]
    [InlineData("la 2e", 2)]
    [InlineData("la deuxième réponse", 2)]
    [InlineData("la seconde, merci", 2)]
    [InlineData("c'est la 1re", 1)]
    [InlineData("the second one", 2)]
    [InlineData("The first one please", 1)]
    [InlineData("answer 2", 2)]
    [InlineData("réponse n°1", 1)]
    [InlineData("1", 1)]
    [InlineData(" 2. ", 2)]
    [InlineData("#2", 2)]
    [InlineData("2nd", 2)]
    // The labels of the first version, still on screens when this ships.
    [InlineData("La 1re résout mon problème", 1)]
    [InlineData("The first one solves it", 1)]
    public void An_answer_named_by_its_rank_is_picked(string text, int rank) =>
        Assert.Equal(rank, SimilarAnswerChoice.RankOf(text));

    [Theory]
    [InlineData("the first formula returns #N/A")]
    [InlineData("j'ai 2 questions")]
    [InlineData("la première ou la deuxième, je ne sais pas")]
    [InlineData("Demander aux pairs quand même")]
    [InlineData("non")]
    [InlineData("")]
    [InlineData("12")]
    public void Other_text_is_no_choice(string text) =>
        Assert.Equal(0, SimilarAnswerChoice.RankOf(text));

    [Fact]
    public void The_two_buttons_say_which_answer_in_the_words_of_the_headings()
    {
        foreach (var french in new[] { true, false })
        {
            Assert.Contains(ChatButtons.FirstAnswer.In(french).ToLowerInvariant(), ChatButtons.FirstSolvesIt.In(french).ToLowerInvariant(), StringComparison.Ordinal);
            Assert.Contains(ChatButtons.SecondAnswer.In(french).ToLowerInvariant(), ChatButtons.SecondSolvesIt.In(french).ToLowerInvariant(), StringComparison.Ordinal);
            Assert.Equal(1, SimilarAnswerChoice.RankOf(ChatButtons.FirstSolvesIt.In(french)));
            Assert.Equal(2, SimilarAnswerChoice.RankOf(ChatButtons.SecondSolvesIt.In(french)));
        }
    }
}
