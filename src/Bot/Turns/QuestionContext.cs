using System.Text.Json;
using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// The module the learner wrote from, before any guess: the module page the signed link came from
/// (web chat), or the Teams team or channel configured for a module (Routing:TeamsModules).
/// </summary>
internal sealed class QuestionContext(QuestionModules modules)
{
    public async Task<(string? ModuleId, string? Source)> ModuleOfAsync(TurnContext turn, CancellationToken ct)
    {
        var activity = turn.Activity;
        if (activity.ChannelId == DirectLineStore.ChannelId && activity.Conversation?.Id is { } conversationId)
        {
            return (await modules.FindLinkModuleAsync(conversationId, ct), ModuleSources.Link);
        }

        if (activity.ChannelId == TeamsLearnerLookup.TeamsChannelId)
        {
            return (modules.TeamsModule(IdIn(activity.ChannelData, "team"), IdIn(activity.ChannelData, "channel")), ModuleSources.Teams);
        }

        return (null, null);
    }

    private static string? IdIn(JsonElement? channelData, string name) =>
        channelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty(name, out var part) && part.ValueKind == JsonValueKind.Object
        && part.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
