using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The live matcher for the chat. It is rebuilt when the knowledge base changes, from whichever
/// instance or CLI changed it: a cheap version check (count and last update) runs at most every
/// few seconds by one turn while the others keep the current snapshot, and a rebuild swaps the
/// reference, so readers never wait for the check or see a half-built index.
/// <para>
/// With embeddings on (<see cref="FaqEmbeddingOptions"/>), a new version is served at once by words alone
/// while the matcher with meanings is built in the background (the process's one <see cref="SentenceEmbedder"/>
/// loads its model on the first such build, seconds, and later builds encode only the entry texts it has not
/// seen); it replaces the words-only one when ready, unless a newer version came meanwhile. A question never
/// waits for the model. <see cref="MeaningsReady"/> says whether the current matcher reads meanings.
/// </para>
/// </summary>
public sealed partial class FaqCatalog(
    NpgsqlDataSource db, FaqStore store, TimeProvider clock, IOptions<FaqEmbeddingOptions> embeddings, SentenceEmbedder embedder, ILogger<FaqCatalog> logger)
    : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim rebuilding = new(1, 1);

    // Bumped by Invalidate. A counter apart from the snapshot, because the background build replaces the snapshot with a
    // copy of the one it started from: a mark on the snapshot itself could be lost in that copy, and the catalog would
    // keep serving the knowledge base from before this process changed it.
    private long invalidations;
    private readonly CancellationTokenSource stopping = new();
    private volatile Snapshot? current;
    private int toldNoTranslation;

    /// <summary>
    /// Whether the current matcher reads meanings as configured: always with embeddings off; with them on, once the
    /// background build for the version being served has finished (false before the first build).
    /// </summary>
    public bool MeaningsReady => !embeddings.Value.Enabled || current is { WithMeanings: true };

    public async Task<FaqKnowledge> GetAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (IsFresh(snapshot))
        {
            return snapshot.Knowledge;
        }

        // Another turn is already checking: keep answering from the current snapshot rather than queueing
        // every turn behind that query (unless this process just changed the knowledge base: Invalidate).
        if (snapshot is not null && snapshot.Seen == Interlocked.Read(ref invalidations))
        {
            if (!rebuilding.Wait(0, CancellationToken.None))
            {
                return snapshot.Knowledge;
            }
        }
        else
        {
            await rebuilding.WaitAsync(ct);
        }

        try
        {
            snapshot = current;
            if (IsFresh(snapshot))
            {
                return snapshot.Knowledge;
            }

            var seen = Interlocked.Read(ref invalidations);
            var version = await ReadVersionAsync(ct);
            if (snapshot is not null && snapshot.Version == version)
            {
                current = snapshot with { CheckedAt = clock.GetUtcNow(), Seen = seen };
                return snapshot.Knowledge;
            }

            var entries = await store.LoadAllAsync(ct);
            var knowledge = FaqKnowledge.From(entries);
            current = new Snapshot(knowledge, version, clock.GetUtcNow(), WithMeanings: false, seen);
            if (embeddings.Value.Enabled)
            {
                _ = Task.Run(() => AddMeanings(entries, version), CancellationToken.None);
            }

            return knowledge;
        }
        finally
        {
            rebuilding.Release();
        }
    }

    /// <summary>Forces the next read to check the version now (after this process changed the knowledge base).</summary>
    public void Invalidate() => Interlocked.Increment(ref invalidations);

    // Checked within the last few seconds, and not invalidated since.
    private bool IsFresh([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] Snapshot? snapshot) =>
        snapshot is not null && snapshot.Seen == Interlocked.Read(ref invalidations) && clock.GetUtcNow() - snapshot.CheckedAt < CheckEvery;

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
        rebuilding.Dispose();
    }

    /// <summary>Builds the matcher with meanings for one version and serves it, if that version is still the current one.</summary>
    private void AddMeanings(IReadOnlyList<KnowledgeEntry> entries, string version)
    {
        try
        {
            if (stopping.IsCancellationRequested || current?.Version != version)
            {
                return;
            }

            var knowledge = FaqKnowledge.From(entries, embedder, embeddings.Value.AnswerFrom);
            if (embeddings.Value is { GlossFrench: true, TranslateFrench: true } && !embedder.TranslatesFrench && Interlocked.Exchange(ref toldNoTranslation, 1) == 0)
            {
                LogNoTranslation(logger, FrenchTranslator.Missing);
            }

            rebuilding.Wait(stopping.Token);
            try
            {
                if (current is { } s && s.Version == version)
                {
                    current = s with { Knowledge = knowledge, WithMeanings = true };
                }
            }
            finally
            {
                rebuilding.Release();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // The host is stopping.
        }
        catch (Exception ex)
        {
            // Words alone keep answering; the next version tries again.
            LogMeaningsFailed(logger, ex);
        }
    }

    private async Task<string> ReadVersionAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT count(*)::text || '@' || coalesce(max(updated_at)::text, '') FROM supportbot.knowledge_entries",
            cancellationToken: ct)) ?? "";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Faq:Embeddings:TranslateFrench is on but {Missing}")]
    private static partial void LogNoTranslation(ILogger logger, string missing);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The FAQ matcher could not read meanings (sentence embeddings); words alone answer")]
    private static partial void LogMeaningsFailed(ILogger logger, Exception exception);

    private sealed record Snapshot(FaqKnowledge Knowledge, string Version, DateTimeOffset CheckedAt, bool WithMeanings, long Seen);
}

/// <summary>One version of the knowledge base: its matcher and its entries by id.</summary>
public sealed class FaqKnowledge
{
    private readonly Dictionary<string, KnowledgeEntry> entries;

    private FaqKnowledge(FaqMatcher matcher, Dictionary<string, KnowledgeEntry> entries)
    {
        Matcher = matcher;
        this.entries = entries;
    }

    public FaqMatcher Matcher { get; }

    public static FaqKnowledge From(IReadOnlyList<KnowledgeEntry> entries, SentenceEmbedder? embedder = null, double answerFrom = AnswerConfidence.AnswerFrom) =>
        new(FaqMatcher.Build(entries, FaqMatchThresholds.Default with { AnswerFrom = answerFrom }, embedder), entries.ToDictionary(e => e.Id, StringComparer.Ordinal));

    public KnowledgeEntry? Find(string id) => entries.GetValueOrDefault(id);
}
