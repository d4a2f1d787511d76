using SupportBot.Shared.Text;

namespace SupportBot.Tests.Text;

public sealed class AccentsTests
{
    [Theory]
    [InlineData("Évaluation", "evaluation")]
    [InlineData("ÉVALUATION À RENDRE", "evaluation a rendre")]
    [InlineData("L’après‑midi", "l’apres‑midi")]
    [InlineData("Straße", "strasse")]
    [InlineData("Ça marche", "ca marche")]
    [InlineData("Noël cœur", "noel cœur")]
    public void Folds_case_and_accents_and_keeps_everything_else(string text, string expected) =>
        Assert.Equal(expected, Accents.Fold(text));
}
