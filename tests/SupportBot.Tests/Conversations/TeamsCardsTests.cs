using System.Text.Json;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.Conversations;

public sealed class TeamsCardsTests
{
    private static JsonElement CardOf(params string[] buttons)
    {
        var sent = TeamsCards.WithButtonsAsCard(new Activity
        {
            Type = ActivityTypes.Message,
            Text = "Je ne suis pas sûr de comprendre. Vous pensez à l'une de ces questions ?",
            SuggestedActions = SuggestedActions.ImBack(buttons),
        });
        Assert.Null(sent.SuggestedActions);
        return Assert.Single(sent.Attachments!, a => a.ContentType == TeamsCards.ContentType).Content!.Value;
    }

    private static List<(string Title, string Posts)> Buttons(JsonElement card) =>
        [.. card.GetProperty("actions").EnumerateArray().Select(a =>
            (a.GetProperty("title").GetString()!, a.GetProperty("data").GetProperty("msteams").GetProperty("text").GetString()!))];

    [Fact]
    public void A_did_you_mean_question_too_long_for_a_button_is_written_in_full_above_a_numbered_button_that_posts_it()
    {
        var card = CardOf("Comment obtenir mon attestation de réussite ?", "J'ai besoin d'un certificat de scolarité pour mon employeur", "Aucune de ces questions");

        var lines = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal(["1. Comment obtenir mon attestation de réussite ?", "2. J'ai besoin d'un certificat de scolarité pour mon employeur"],
            lines.Select(l => l.GetProperty("text").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("wrap").GetBoolean()));
        Assert.Equal(
            [("1", "Comment obtenir mon attestation de réussite ?"), ("2", "J'ai besoin d'un certificat de scolarité pour mon employeur"), ("Aucune de ces questions", "Aucune de ces questions")],
            Buttons(card));
        Assert.All(Buttons(card), b => Assert.True(b.Title.Length <= TeamsCards.LongestButtonTitle, b.Title));
    }

    [Fact]
    public void Short_buttons_keep_their_label_and_the_card_has_no_text_of_its_own()
    {
        var card = CardOf("Ça m'a aidé", "Pas tout à fait");

        Assert.Empty(card.GetProperty("body").EnumerateArray());
        Assert.Equal([("Ça m'a aidé", "Ça m'a aidé"), ("Pas tout à fait", "Pas tout à fait")], Buttons(card));
    }
}
