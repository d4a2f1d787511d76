using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Tutor.Knowledge;

internal sealed class IndexModel(KnowledgeQueries queries) : TutorPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<KnowledgeEntry> Entries { get; private set; } = [];

    public IReadOnlyList<PendingVariant> Suggestions { get; private set; } = [];

    public IReadOnlyList<MissClusterRow> Clusters { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var entries = await queries.ListAsync(Scope, ct);
        Entries = string.IsNullOrWhiteSpace(Search)
            ? entries
            : [.. entries.Where(e => e.Id.Contains(Search, StringComparison.OrdinalIgnoreCase)
                || e.Questions.All().Any(q => q.Text.Contains(Search, StringComparison.OrdinalIgnoreCase)))];
        Suggestions = await queries.PendingSuggestionsAsync(Scope, ct);
        Clusters = await queries.OpenClustersAsync(ct);
    }

    public async Task<IActionResult> OnPostDecideAsync(long id, bool approve, CancellationToken ct) =>
        await queries.DecideAsync(Scope, id, approve, ct) ? Redirect("/tutor/knowledge#suggestions") : NotFound();

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken ct) =>
        await queries.DismissClusterAsync(Scope, id, ct) ? Redirect("/tutor/knowledge#clusters") : NotFound();
}
