using SupportBot.Shared.Routing;

namespace SupportBot.Tests.Routing;

/// <summary>An earlier learner's question quoted to another learner carries nobody's name or contact details (#14).</summary>
public sealed class QuotedTextRedactorTests
{
    private static readonly string[] Roster = ["Hugo Martin", "Léa Dubois", "Claire Nguyen", "Li Wu", "Pierre Blanc"];

    [Theory]
    [InlineData("Écrivez-moi à hugo.martin@example.org si vous savez", "Écrivez-moi à [\u2026] si vous savez")]
    [InlineData("Appelez-moi au 06 12 34 56 78 ce soir", "Appelez-moi au [\u2026] ce soir")]
    [InlineData("call me on +33 6 12 34 56 78 tonight", "call me on [\u2026] tonight")]
    [InlineData("voici mon lien https://cours.example.org/launch?token=abc123 qui ne marche pas", "voici mon lien [\u2026] qui ne marche pas")]
    [InlineData("le doc https://docs.example.com/d/1aB2cD3eF4gH5iJ6kL7mN8oP9/edit refuse de s'ouvrir", "le doc [\u2026] refuse de s'ouvrir")]
    [InlineData("Hugo Martin et moi avons le même souci", "[\u2026] et moi avons le même souci")]
    [InlineData("comme l'a dit lea, et Claire aussi", "comme l'a dit [\u2026], et [\u2026] aussi")]
    [InlineData("Merci MARTIN !", "Merci [\u2026] !")]
    [InlineData("Pierre dit que la formule est claire", "[\u2026] dit que la formule est claire")]
    [InlineData("demande à CLAIRE ou à pierre blanc", "demande à [\u2026] ou à [\u2026]")]
    public void Personal_data_is_taken_out(string text, string expected) =>
        Assert.Equal(expected, QuotedTextRedactor.Redact(text, Roster));

    [Theory]
    // A public link, a date, a formula and words that merely contain a name stay as written.
    [InlineData("la page https://support.example.org/faq/recherchev explique tout")]
    [InlineData("la date 2026-11-13 s'affiche comme 46339 dans la cellule B12")]
    [InlineData("=RECHERCHEV(A2;Ventes!A:C;3;FAUX) renvoie #N/A")]
    [InlineData("Hugolin et Martine ne sont pas dans le cours")]
    // Names that are ordinary French words, written as words (#14).
    [InlineData("la consigne est claire mais la cellule reste blanche, pierre de touche du cours")]
    [InlineData("le fond blanc de la cellule")]
    public void Ordinary_text_is_left_alone(string text) =>
        Assert.Equal(text, QuotedTextRedactor.Redact(text, Roster));

    [Fact]
    public void A_short_name_part_is_not_masked_inside_words_or_alone()
    {
        // "Li" and "Wu" are under three letters: too often a syllable or a word.
        Assert.Equal("Lisez le wiki", QuotedTextRedactor.Redact("Lisez le wiki", Roster));
        Assert.Equal("Merci [\u2026] !", QuotedTextRedactor.Redact("Merci Li Wu !", Roster));
    }
}
