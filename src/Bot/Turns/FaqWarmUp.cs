using Microsoft.Extensions.Options;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Turns;

/// <summary>
/// With sentence embeddings on, builds the FAQ matcher once at start, in the background: loading the model and
/// encoding the knowledge base takes seconds, which the first learner's question would otherwise wait for.
/// A failure (database not reachable yet) only means the first question builds it, as without this.
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
