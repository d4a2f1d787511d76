using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The live matcher for the chat. It is rebuilt when the knowledge base changes, from whichever
/// instance or CLI changed it: a cheap version check (count and last update) runs at most every
/// few seconds by one turn while the others keep the current snapshot, and a rebuild swaps the
/// reference, so readers never wait for the check or see a half-built index. With embeddings on
/// (<see cref="FaqEmbeddingOptions"/>), the process's one <see cref="SentenceEmbedder"/> is loaded by the
/// first build and encodes only the entry texts it has not seen before.
/// </summary>
public sealed class FaqCatalog(NpgsqlDataSource db, FaqStore store, TimeProvider clock, IOptions<FaqEmbeddingOptions> embeddings, SentenceEmbedder embedder) : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim rebuilding = new(1, 1);
    private volatile Snapshot? current;

    public async Task<FaqKnowledge> GetAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is not null && clock.GetUtcNow() - snapshot.CheckedAt < CheckEvery)
        {
            return snapshot.Knowledge;
        }

        // Another turn is already checking: keep answering from the current snapshot rather than queueing
        // every turn behind that query (unless this process just changed the knowledge base: Invalidate).
        if (snapshot is not null && snapshot.CheckedAt != DateTimeOffset.MinValue)
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
            if (snapshot is not null && clock.GetUtcNow() - snapshot.CheckedAt < CheckEvery)
            {
                return snapshot.Knowledge;
            }

            var version = await ReadVersionAsync(ct);
            var knowledge = snapshot is not null && snapshot.Version == version
                ? snapshot.Knowledge
                : FaqKnowledge.From(await store.LoadAllAsync(ct), embeddings.Value.Enabled ? embedder : null);
            current = new Snapshot(knowledge, version, clock.GetUtcNow());
            return knowledge;
        }
        finally
        {
            rebuilding.Release();
        }
    }

    /// <summary>Forces the next read to check the version now (after this process changed the knowledge base).</summary>
    public void Invalidate() => current = current is { } s ? s with { CheckedAt = DateTimeOffset.MinValue } : null;

    private async Task<string> ReadVersionAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT count(*)::text || '@' || coalesce(max(updated_at)::text, '') FROM supportbot.knowledge_entries",
            cancellationToken: ct)) ?? "";
    }

    public void Dispose() => rebuilding.Dispose();

    private sealed record Snapshot(FaqKnowledge Knowledge, string Version, DateTimeOffset CheckedAt);
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

    public static FaqKnowledge From(IReadOnlyList<KnowledgeEntry> entries, SentenceEmbedder? embedder = null) =>
        new(FaqMatcher.Build(entries, embedder: embedder), entries.ToDictionary(e => e.Id, StringComparer.Ordinal));

    public KnowledgeEntry? Find(string id) => entries.GetValueOrDefault(id);
}
