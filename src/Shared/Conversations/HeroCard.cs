using System.Text.Json;

namespace SupportBot.Shared.Conversations;

/// <summary>Builds a hero card attachment: a title, a text and buttons.</summary>
public sealed class HeroCard
{
    public const string ContentType = "application/vnd.microsoft.card.hero";

    public string? Title { get; set; }

    public string? Subtitle { get; set; }

    public string? Text { get; set; }

    public List<CardAction> Buttons { get; set; } = [];

    public HeroCard WithImBack(string title, string? value = null)
    {
        Buttons.Add(CardAction.ImBack(title, value));
        return this;
    }

    public Attachment ToAttachment() => new()
    {
        ContentType = ContentType,
        Content = JsonSerializer.SerializeToElement(this, ActivityJson.Options),
    };
}
