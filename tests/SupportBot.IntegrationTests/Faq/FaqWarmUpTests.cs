using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Faq;

namespace SupportBot.IntegrationTests.Faq;

/// <summary>
/// With meanings on (the default), the sentence-embedding model loads in the background: a question asked before it
/// is ready is answered by words at once, the matcher with meanings replaces it when ready, and /health/ready (not
/// /healthz) says which. The model here is a stand-in held back by the test; every text is equally close to every
/// other under it, so meanings agree with the words' best entry on any English message.
/// </summary>
public sealed class FaqWarmUpTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private const string EnglishCloseCall = "is the lecture video stuck on a dark screen for anyone else";

    [Fact]
    public async Task A_question_before_the_model_is_loaded_is_answered_by_words_without_waiting()
    {
        var store = await DemoBaseAsync();
        using var model = new HeldBackModel();
        using var embedder = new SentenceEmbedder(() => model);
        using var catalog = new FaqCatalog(
            db.DataSource, store, TimeProvider.System, Options.Create(new FaqEmbeddingOptions()), embedder, NullLogger<FaqCatalog>.Instance);

        var first = await catalog.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(first.Matcher.UsesEmbeddings);
        Assert.False(catalog.MeaningsReady);
        Assert.Equal("password-reset", first.Matcher.Match("mot de passe oublié").EntryId);
        Assert.Null(first.Matcher.Match(EnglishCloseCall).EntryId);

        model.Release();
        await WaitUntilAsync(() => catalog.MeaningsReady);
        var warm = await catalog.GetAsync(CancellationToken.None);
        Assert.True(warm.Matcher.UsesEmbeddings);
        Assert.Equal("video-not-playing", warm.Matcher.Match(EnglishCloseCall).EntryId);
    }

    [Fact]
    public async Task Health_ready_answers_503_while_the_model_loads_and_200_after_while_healthz_is_up_throughout()
    {
        await DemoBaseAsync();
        using var model = new HeldBackModel();
        await using var host = new BotHost(db.ConnectionString, TestServices.MeaningSettings(), b => b.ConfigureTestServices(s => s.AddSingleton(new SentenceEmbedder(() => model))));
        using var client = host.CreateClient();
        await host.Services.GetRequiredService<FaqCatalog>().GetAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);

        model.Release();
        await WaitUntilAsync(async () => (await client.GetAsync(new Uri("/health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
    }

    private async Task<FaqStore> DemoBaseAsync()
    {
        var store = new FaqStore(db.DataSource);
        await store.UpsertManyAsync(KnowledgeBaseFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "demo-kb.json")).File!.Entries, CancellationToken.None);
        return store;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not ready within 60 s after the model was released");
            await Task.Delay(50);
        }
    }

    /// <summary>A model that does not answer until released, then gives every text the same unit vector.</summary>
    private sealed class HeldBackModel : SentenceTransformers.ISentenceEncoder, IDisposable
    {
        private readonly ManualResetEventSlim released = new(false);

        public void Release() => released.Set();

        public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default)
        {
            released.Wait(TimeSpan.FromMinutes(2), cancellationToken);
            return sentences.Select(_ => Enumerable.Repeat(1 / MathF.Sqrt(SentenceEmbedder.Dimensions), SentenceEmbedder.Dimensions).ToArray()).ToArray();
        }

        public void Dispose() => released.Dispose();
    }
}
