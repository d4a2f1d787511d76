using Microsoft.Extensions.Options;
using SupportBot.Bot.BotFramework;
using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// Runs again the turns whose host died mid-turn (kill -9, power cut) and whose learner did not
/// post again: the learner's activity is stored, so it gets its answer, once (a re-run turn's
/// replies already stored are not stored again). Every host runs this loop; a turn is claimed by one.
/// </summary>
internal sealed partial class DirectLineTurnRecovery(
    IServiceScopeFactory scopes, DirectLineStore store, IOptions<DirectLineOptions> options, ILogger<DirectLineTurnRecovery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lease = options.Value.TurnLease;
        using var timer = new PeriodicTimer(lease / 2);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RecoverAsync(lease, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a turn claimed and not run is run by the next host once its lease runs out.
        }
    }

    private async Task RecoverAsync(TimeSpan lease, CancellationToken ct)
    {
        try
        {
            foreach (var turn in await store.ClaimAbandonedTurnsAsync(lease, limit: 50, ct))
            {
                LogRecovering(turn.Activity.Id);
                await using var scope = scopes.CreateAsyncScope();
                await DirectLineApi.RunTurnAsync(turn, store, scope.ServiceProvider.GetRequiredService<IActivityProcessor>(), ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database is down, most likely: the turns stay claimable and the next tick tries again.
            LogRecoveryFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Running again the turn of {ActivityId}: its host stopped before finishing it")]
    private partial void LogRecovering(string? activityId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not run the unfinished Direct Line turns; trying again at the next tick")]
    private partial void LogRecoveryFailed(Exception ex);
}
