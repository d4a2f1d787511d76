using Microsoft.Extensions.Options;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Turns;

/// <summary>
/// With sentence embeddings on, builds the FAQ matcher at start, in the background: words alone at once, then the
/// model loads and encodes the knowledge base (seconds) while words answer (<see cref="FaqCatalog"/>);
/// /health/ready answers 200 once meanings are read. A failure (database not reachable yet) only means the first
/// question starts it, as without this.
/// </summary>
internal sealed partial class FaqWarmUp(FaqCatalog catalog, IOptions<FaqEmbeddingOptions> options, ILogger<FaqWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        await Task.Yield();
        try
        {
            await catalog.GetAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWarmUpFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The FAQ matcher could not be built at start; the first question will build it")]
    private static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}
