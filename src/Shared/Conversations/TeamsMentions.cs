using System.Text.Json;

namespace SupportBot.Shared.Conversations;

/// <summary>Teams puts <c>&lt;at&gt;Bot&lt;/at&gt;</c> in the text when a user addresses the bot in a group.</summary>
public static class TeamsMentions
{
    /// <summary>
    /// Removes from <see cref="Activity.Text"/> the mention text of every mention entity whose
    /// mentioned.id is <paramref name="botId"/>, then trims; other mentions stay.
    /// </summary>
    public static void StripBotMention(Activity activity, string botId)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (string.IsNullOrEmpty(activity.Text) || activity.Entities is null)
        {
            return;
        }

        var text = activity.Text;
        foreach (var entity in activity.Entities)
        {
            if (!string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)
                || entity.GetProperty("mentioned") is not { ValueKind: JsonValueKind.Object } mentioned
                || !mentioned.TryGetProperty("id", out var id)
                || id.ValueKind != JsonValueKind.String
                || !string.Equals(id.GetString(), botId, StringComparison.Ordinal))
            {
                continue;
            }

            var mentionText = entity.GetProperty("text") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;
            if (string.IsNullOrEmpty(mentionText) && mentioned.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                mentionText = $"<at>{name.GetString()}</at>";
            }

            if (!string.IsNullOrEmpty(mentionText))
            {
                text = text.Replace(mentionText, "", StringComparison.OrdinalIgnoreCase);
            }
        }

        activity.Text = text.Trim();
    }
}
