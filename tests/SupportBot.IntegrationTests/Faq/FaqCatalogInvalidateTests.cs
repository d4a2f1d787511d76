using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Faq;

namespace SupportBot.IntegrationTests.Faq;

/// <summary>
/// A change this process makes to the knowledge base is served from the next message on (<see cref="FaqCatalog.Invalidate"/>),
/// even when it lands while another turn's version check is under way and has already read the version from before it.
/// That check would otherwise install the old base as freshly checked, and serve it for the next few seconds.
/// </summary>
public sealed class FaqCatalogInvalidateTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private const string LateEntry = "certificate-download";

    [Fact]
    public async Task A_change_invalidated_while_a_check_is_under_way_is_served_at_the_next_read()
    {
        var demo = KnowledgeBaseFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "demo-kb.json")).File!.Entries;
        var store = new FaqStore(db.DataSource);
        await store.UpsertManyAsync(demo.Where(e => e.Id != LateEntry).ToList(), CancellationToken.None);
        var clock = new ClockThatActsOnFirstRead();
        using var embedder = new SentenceEmbedder();
        using var catalog = new FaqCatalog(
            db.DataSource, store, clock, Options.Create(new FaqEmbeddingOptions { Enabled = false }), embedder, NullLogger<FaqCatalog>.Instance);

        // The first read of the clock comes after the check has read the version and loaded the entries: a tutor's
        // edit lands right then, and is invalidated as the tutor page does.
        clock.OnFirstRead = () =>
        {
            store.UpsertManyAsync([demo.Single(e => e.Id == LateEntry)], CancellationToken.None).GetAwaiter().GetResult();
            catalog.Invalidate();
        };

        var during = await catalog.GetAsync(CancellationToken.None);
        Assert.Null(during.Find(LateEntry));

        var after = await catalog.GetAsync(CancellationToken.None);
        Assert.NotNull(after.Find(LateEntry));
    }

    private sealed class ClockThatActsOnFirstRead : TimeProvider
    {
        private Action? onFirstRead;

        public Action OnFirstRead { set => onFirstRead = value; }

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Exchange(ref onFirstRead, null)?.Invoke();
            return base.GetUtcNow();
        }
    }
}
