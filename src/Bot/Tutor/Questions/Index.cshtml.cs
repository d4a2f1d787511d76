using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor.Questions;

internal sealed class IndexModel(QuestionQueries queries, TutorModules modules, TutorAnswers answers) : TutorPageModel
{
    [BindProperty(SupportsGet = true)]
    public string List { get; set; } = "open";

    [BindProperty(SupportsGet = true)]
    public string? Module { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<QuestionRow> Questions { get; private set; } = [];

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public int HeldCount { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!QuestionQueries.Lists.ContainsKey(List))
        {
            List = "open";
        }

        Modules = await modules.ListAsync(Scope, ct);
        Questions = await queries.ListAsync(Scope, List, Module, Search, ct);
        HeldCount = (await answers.HeldAsync(Scope, ct)).Count;
    }

    public string ListName(string list) => list switch
    {
        "open" => T("En attente", "Open"),
        "escalated" => T("Remontées au tuteur", "Escalated"),
        "answered" => T("Répondues", "Answered"),
        "expired" => T("Expirées", "Expired"),
        _ => T("Toutes", "All"),
    };
}
