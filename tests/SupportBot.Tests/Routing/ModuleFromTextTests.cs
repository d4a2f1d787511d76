using SupportBot.Shared.Routing;

namespace SupportBot.Tests.Routing;

public sealed class ModuleFromTextTests
{
    private static readonly LearnerModule Platform = new("m1-platform", "Module 1 – Prendre en main la plateforme", ["plateforme", "classe virtuelle", "forum"]);
    private static readonly LearnerModule Data = new("m2-data", "Module 2 – Données et tableurs", ["tableur", "Excel", "RECHERCHEV", "VLOOKUP", "formule"]);
    private static readonly LearnerModule[] Both = [Platform, Data];

    [Theory]
    [InlineData("Dans le module 2, la formule ne marche pas", "m2-data")]
    [InlineData("question sur le M2 : graphique vide", "m2-data")]
    [InlineData("mod. 1 : je ne vois pas le forum", "m1-platform")]
    [InlineData("Pour le module deux, faut-il rendre un PDF ?", "m2-data")]
    [InlineData("In module 1, where is the syllabus?", "m1-platform")]
    [InlineData("le deuxième module a-t-il un examen ?", "m2-data")]
    [InlineData("ma RECHERCHEV renvoie #N/A", "m2-data")]
    [InlineData("my vlookup returns an error", "m2-data")]
    [InlineData("les formules de l'exercice 3 sont fausses", "m2-data")]
    [InlineData("Je ne trouve pas la classe virtuelle de jeudi", "m1-platform")]
    [InlineData("Une question sur Données et tableurs : le corrigé ?", "m2-data")]
    public void Names_one_module(string text, string expected) =>
        Assert.Equal(expected, ModuleFromText.Find(text, Both)?.Id);

    [Theory]
    [InlineData("Je n'arrive pas à ouvrir le fichier, il reste blanc.")]
    [InlineData("module 1 ou module 2 : où sont les corrigés ?")]
    [InlineData("sur la plateforme, ma formule Excel ne s'affiche pas")]
    [InlineData("I'm one of the learners who cannot log in")]
    [InlineData("Il me faut 2 m de câble")]
    [InlineData("module 3 : le quiz ne s'ouvre pas")]
    public void Names_none_or_several_so_the_bot_asks(string text) =>
        Assert.Null(ModuleFromText.Find(text, Both));

    [Theory]
    [InlineData("non c'est pour le module 2", "m2-data")]
    [InlineData("no, it's M1", "m1-platform")]
    [InlineData("plutôt le deuxième module", "m2-data")]
    [InlineData("et le tableur ?", null)]
    [InlineData("la RECHERCHEV aussi", null)]
    [InlineData("module 3 alors", null)]
    public void Only_a_number_corrects_a_module_already_offered(string reply, string? expected) =>
        Assert.Equal(expected, ModuleFromText.FindByNumber(reply, Both)?.Id);

    [Fact]
    public void Number_and_subject_come_from_the_title_or_the_id()
    {
        Assert.Equal(2, Data.Number);
        Assert.Equal("Données et tableurs", Data.Subject);
        Assert.Equal(3, new LearnerModule("m3-stats", "Statistiques", []).Number);
        Assert.Null(new LearnerModule("stats", "Statistiques", []).Number);
    }
}
