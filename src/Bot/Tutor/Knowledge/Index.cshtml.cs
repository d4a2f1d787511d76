using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Tutor.Knowledge;

internal sealed class IndexModel(KnowledgeQueries queries, TutorModules modules) : TutorPageModel
{
    private static readonly TutorList<(KnowledgeEntry Entry, string Title, string Topic, string Module)> EntrySorting = new("entries", "question", defaultDescending: false,
        [("question", e => e.Title), ("topic", e => e.Topic), ("module", e => e.Module), ("phrasings", e => e.Entry.Questions.Fr.Count + e.Entry.Questions.En.Count), ("reviewed", e => e.Entry.LastReviewed)],
        descendingFirst: ["phrasings", "reviewed"]);

    private static readonly TutorList<(PendingVariant Suggestion, string Entry)> SuggestionSorting = new("suggestions", "helped", defaultDescending: true,
        [("phrasing", s => s.Suggestion.Text), ("entry", s => s.Entry), ("helped", s => s.Suggestion.TimesHelped)],
        descendingFirst: ["helped"]);

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public ListPage<(KnowledgeEntry Entry, string Title, string Topic, string Module)> Entries { get; private set; } = null!;

    public ListPage<(PendingVariant Suggestion, string Entry)> Suggestions { get; private set; } = null!;

    public IReadOnlyList<MissClusterRow> Clusters { get; private set; } = [];

    /// <summary>Every entry of the tutor's modules, before the search: an empty list then means the base itself is empty.</summary>
    public int EntryCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = await queries.ListAsync(Scope, ct);
        EntryCount = entries.Count;
        var titles = (await modules.ListAsync(Scope, ct)).ToDictionary(m => m.Id, m => m.Title);
        var shown = string.IsNullOrWhiteSpace(Search)
            ? entries
            : [.. entries.Where(e => e.Id.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || e.Questions.All().Any(q => q.Text.Contains(Search, StringComparison.OrdinalIgnoreCase)))];
        Entries = EntrySorting.Page(
            shown.Select(e => (e, EntryTitle(e), TopicName(e.Topic), e.Module is null ? T("tout le cours", "whole course") : titles.GetValueOrDefault(e.Module, e.Module))),
            Request.Query, Culture);
        var entryTitles = entries.ToDictionary(e => e.Id, EntryTitle);
        Suggestions = SuggestionSorting.Page(
            (await queries.PendingSuggestionsAsync(Scope, ct)).Select(s => (s, entryTitles.GetValueOrDefault(s.EntryId, s.EntryId))), Request.Query, Culture);
        Clusters = await queries.OpenClustersAsync(ct);
    }

    /// <summary>An entry as a tutor knows it: its first question in the tutor's language (the other's when it has none), not its key.</summary>
    public string EntryTitle(KnowledgeEntry entry) =>
        (Fr ? entry.Questions.Fr : entry.Questions.En) is [var first, ..] ? first
        : entry.Questions.Fr.Concat(entry.Questions.En).FirstOrDefault() ?? entry.Id;

    public async Task<IActionResult> OnPostDecideAsync(long id, bool approve, CancellationToken ct) =>
        await queries.DecideAsync(Scope, id, approve, ct) ? Redirect("/tutor/knowledge#suggestions") : NotFound();

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken ct) =>
        await queries.DismissClusterAsync(Scope, id, ct) ? Redirect("/tutor/knowledge#clusters") : NotFound();
}
