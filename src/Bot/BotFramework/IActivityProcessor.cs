using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.BotFramework;

/// <summary>
/// Takes an authenticated activity from /api/messages (the turn pipeline implements it). It must
/// return quickly: channels give up after about 15 s, so slow work is enqueued as a job.
/// </summary>
public interface IActivityProcessor
{
    Task ProcessAsync(Activity activity, CancellationToken cancellationToken);
}
