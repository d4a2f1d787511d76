using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>The demo knowledge base (demo/demo-kb.json, copied to the test output) and a matcher built once from it.</summary>
internal static class DemoKnowledgeBase
{
    public static string FilePath { get; } = Path.Combine(AppContext.BaseDirectory, "demo", "demo-kb.json");

    public static string DevQueriesPath { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "faq-dev-queries.jsonl");

    private static readonly Lazy<KnowledgeBaseFile> LazyFile = new(() =>
    {
        var read = KnowledgeBaseFile.Load(FilePath);
        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        return read.File!;
    });

    private static readonly Lazy<FaqMatcher> LazyMatcher = new(() => FaqMatcher.Build(File.Entries));

    public static KnowledgeBaseFile File => LazyFile.Value;

    public static FaqMatcher Matcher => LazyMatcher.Value;
}
