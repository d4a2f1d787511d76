using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>Needs FreeDict's French-English dictionary and the MyThes thesauri, which ./test.sh installs.</summary>
public sealed class FrenchElisionTests
{
    [Theory]
    [InlineData("je narrive pas a deposer mon devoir", "je n'arrive pas a deposer mon devoir")]
    [InlineData("jai oublié mon mdp", "j'ai oublié mon mdp")]
    [InlineData("cest quand lexamen ?", "c'est quand l'examen ?")]
    [InlineData("Jarrive pas à me connecter", "J'arrive pas à me connecter")]
    public void An_elided_word_typed_without_its_apostrophe_gets_it_back(string typed, string expected) =>
        Assert.Equal(expected, FrenchElision.Restore(typed));

    [Theory]
    [InlineData("the cart is late")]
    [InlineData("my jail broke")]
    [InlineData("sans note, cette session")]
    [InlineData("login on moodle fails, mail me")]
    [InlineData("je n'arrive pas à déposer mon devoir")]
    [InlineData("tout le monde dit que")]
    [InlineData("Can that same tool let me see which one selects it, nor")]
    public void Words_are_left_as_they_are(string text) => Assert.Equal(text, FrenchElision.Restore(text));
}
