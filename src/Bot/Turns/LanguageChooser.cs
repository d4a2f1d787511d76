using SupportBot.Shared.Conversations;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Turns;

/// <summary>The learner's language: the activity's locale, else the learner's profile, else French.</summary>
internal sealed class LanguageChooser(PeopleStore people)
{
    public async Task<string> ChooseAsync(Activity activity, Guid? personId, CancellationToken ct)
    {
        if (FromLocale(activity.Locale) is { } fromActivity)
        {
            return fromActivity;
        }

        if (personId is { } id && FromLocale(await people.FindLocaleAsync(id, ct)) is { } fromProfile)
        {
            return fromProfile;
        }

        return "fr";
    }

    public static string? FromLocale(string? locale) =>
        locale is null ? null
        : locale.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr"
        : locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en"
        : null;
}
