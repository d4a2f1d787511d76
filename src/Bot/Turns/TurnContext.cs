using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.Turns;

/// <summary>One incoming activity and what the pipeline knows about its sender.</summary>
public sealed class TurnContext(Activity activity, string language, Guid? personId, long referenceId, ChatSender sender)
{
    public Activity Activity { get; } = activity;

    /// <summary>"fr" or "en": the activity's locale, else the learner's, else the text's.</summary>
    public string Language { get; } = language;

    public bool IsFrench => Language == "fr";

    /// <summary>The learner, when the channel identified them (signed web chat link, known Teams user).</summary>
    public Guid? PersonId { get; } = personId;

    /// <summary>Row id of the conversation reference upserted for this turn.</summary>
    public long ReferenceId { get; } = referenceId;

    /// <summary>The message text with surrounding spaces removed (Teams mentions already stripped).</summary>
    public string Text => Activity.Text?.Trim() ?? "";

    public List<Activity> Sent { get; } = [];

    public Task SendAsync(string text, CancellationToken ct, params IEnumerable<string> suggestions)
    {
        var reply = Activity.CreateReply(text);
        reply.TextFormat = TextFormats.Markdown;
        reply.Locale = IsFrench ? "fr-FR" : "en-US";
        var actions = suggestions.ToList();
        if (actions.Count > 0)
        {
            reply.SuggestedActions = SuggestedActions.ImBack(actions);
        }

        return SendAsync(reply, ct);
    }

    public async Task SendAsync(Activity reply, CancellationToken ct)
    {
        await sender.ReplyAsync(Activity, reply, ct);
        Sent.Add(reply);
    }

    /// <summary>
    /// The same turn, replying in <paramref name="language"/>: a follow-up to an answer speaks the answer's language ("mdp
    /// perdu" answered in French in an en-US Teams, then "Pas tout à fait": the rest goes on in French).
    /// </summary>
    public TurnContext InLanguage(string language) => language == Language ? this : new(Activity, language, PersonId, ReferenceId, sender);

    /// <summary>Picks the learner's language of two texts.</summary>
    public string Say(string french, string english) => IsFrench ? french : english;
}

/// <summary>One kind of turn. Handlers are tried in the pipeline's order; the first that handles the turn ends it.</summary>
public interface ITurnHandler
{
    Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct);
}
