using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// The bot's buttons as Teams shows them. Teams renders suggested actions only in a 1:1 chat and
/// only under the latest message (a channel shows them as an invalid message), so in Teams the
/// buttons of a message ("this helped / not quite", did-you-mean, "solved / still stuck", help)
/// go in an Adaptive Card under its text. Each button is a messageBack (Action.Submit with
/// msteams.type messageBack): clicking it posts its label as the learner's text and shows it in
/// the chat, as a suggested action does in the web chat, so the turns recognise the same text on
/// both channels. Not imBack: Microsoft 365 Agents Playground 0.2.28 does not send imBack clicks
/// ("not supported yet"), while every Teams client sends messageBack.
/// </summary>
public static class TeamsCards
{
    public const string ChannelId = "msteams";

    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Adaptive Cards 1.5: the newest version Teams renders on desktop, web and mobile.</summary>
    public const string Version = "1.5";

    /// <summary>
    /// A copy of <paramref name="activity"/> with its imBack suggested actions moved into an Adaptive
    /// Card after its other attachments; the activity itself when it has none. The text stays the message's, with its Markdown.
    /// </summary>
    public static Activity WithButtonsAsCard(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var buttons = activity.SuggestedActions?.Actions
            .Where(a => a.Type == "imBack" && !string.IsNullOrEmpty(a.Title))
            .ToList();
        if (buttons is not { Count: > 0 })
        {
            return activity;
        }

        var copy = ActivityJson.Deserialize(JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJson.Options))!;
        copy.SuggestedActions = null;
        copy.Attachments = [.. activity.Attachments ?? [], new Attachment { ContentType = ContentType, Content = Card(buttons) }];
        return copy;
    }

    /// <summary>
    /// Longer labels than this are cut with an ellipsis on a Teams button (a row of two or three
    /// buttons on a phone leaves about 25 characters each): did-you-mean questions, module titles.
    /// </summary>
    public const int LongestButtonTitle = 24;

    /// <summary>
    /// The card: a long label is written in full above the buttons, numbered ("1. Comment obtenir
    /// mon attestation de réussite ?", wrapped), and its button says only its number; a click still
    /// posts the whole label, so the turns see the same text as from the web chat.
    /// </summary>
    private static JsonElement Card(List<CardAction> buttons)
    {
        var body = new JsonArray();
        var actions = new JsonArray();
        var number = 0;
        foreach (var button in buttons)
        {
            var text = button.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : button.Title;
            var title = button.Title!;
            if (title.Length > LongestButtonTitle)
            {
                number++;
                body.Add(new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = $"{number}. {title}",
                    ["wrap"] = true,
                    ["spacing"] = "small",
                });
                title = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            actions.Add(new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = title,
                ["data"] = new JsonObject
                {
                    ["msteams"] = new JsonObject { ["type"] = "messageBack", ["text"] = text, ["displayText"] = text },
                },
            });
        }

        return JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["body"] = body,
            ["actions"] = actions,
        });
    }
}
