using SupportBot.Shared.Routing;

namespace SupportBot.Tests.Routing;

public sealed class KeyTermsTests
{
    [Theory]
    [InlineData("Ma RECHERCHEV renvoie #N/A", "RECHERCHEV donne #REF! depuis ce matin", KeyTermKinds.ErrorCodes, true)]
    [InlineData("Ma RECHERCHEV renvoie #N/A", "recherchev me met #n/a", KeyTermKinds.ErrorCodes, false)]
    [InlineData("Le devoir 2 est à rendre quand ?", "Pour le devoir 3, la date limite ?", KeyTermKinds.Numbers, true)]
    [InlineData("Le devoir 2 est à rendre quand ?", "date limite du devoir 2", KeyTermKinds.Numbers, false)]
    [InlineData("Je ne peux pas déposer mon fichier .docx", "Le dépôt refuse mon PDF", KeyTermKinds.FileTypes, true)]
    [InlineData("Je ne peux pas déposer mon fichier", "Le dépôt refuse mon PDF", KeyTermKinds.FileTypes, false)]
    [InlineData("Python lève une KeyError sur mon dictionnaire", "ValueError quand je convertis", KeyTermKinds.ErrorCodes, true)]
    [InlineData("#DIV/0! dans ma moyenne", "#DIV/0! partout", KeyTermKinds.Numbers, false)]
    public void Two_questions_contradict_when_both_name_terms_of_a_kind_and_share_none(string a, string b, KeyTermKinds kinds, bool contradict)
    {
        Assert.Equal(contradict, KeyTerms.Contradict(KeyTerms.Of(a), "fr", KeyTerms.Of(b), "fr", kinds));
    }

    [Fact]
    public void Tool_names_are_compared_within_one_language_only()
    {
        var french = KeyTerms.Of("Ma RECHERCHEV ne marche pas");
        var english = KeyTerms.Of("My VLOOKUP does not work");

        Assert.False(KeyTerms.Contradict(french, "fr", english, "en", KeyTermKinds.ToolNames));
        Assert.True(KeyTerms.Contradict(french, "fr", KeyTerms.Of("Ma SOMME.SI ne marche pas"), "fr", KeyTermKinds.ToolNames));
        Assert.False(KeyTerms.Contradict(french, null, KeyTerms.Of("Ma SOMME.SI ne marche pas"), "fr", KeyTermKinds.ToolNames));
    }
}
