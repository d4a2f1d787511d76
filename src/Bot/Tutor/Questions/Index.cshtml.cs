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

    public ListPage<QuestionRow> Questions { get; private set; } = null!;

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public int HeldCount { get; private set; }

    /// <summary>Questions per list, so a tutor sees at once that one was escalated to them.</summary>
    public IReadOnlyDictionary<string, int> Counts { get; private set; } = new Dictionary<string, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!QuestionQueries.Lists.ContainsKey(List))
        {
            List = "open";
        }

        Modules = await modules.ListAsync(Scope, ct);
        Questions = await queries.ListAsync(Scope, List, Module, Search, QuestionQueries.Sorting.Read(Request.Query), ct);
        HeldCount = (await answers.HeldAsync(Scope, ct)).Count;
        Counts = await queries.CountsAsync(Scope, Module, Search, ct);
    }

    /// <summary>What an empty list means, and where to look instead.</summary>
    public string EmptyText() => List switch
    {
        "open" => T("Aucune question n'attend de réponse : le bot a répondu au reste. Les questions déjà traitées sont dans « Toutes ».",
                    "No question is waiting for an answer: the bot answered the rest. Questions already dealt with are under \"All\"."),
        "escalated" => T("Aucune question ne vous est remontée : les pairs ont répondu à temps. Vous pouvez aussi répondre vous-même à une question « En attente ».",
                         "No question was escalated to you: peers answered in time. You may also answer an \"Open\" question yourself."),
        "answered" => T("Aucune question répondue pour l'instant : les réponses des pairs et les vôtres apparaîtront ici.",
                        "No answered question yet: answers from peers and from you will appear here."),
        "expired" => T("Aucune question expirée : chaque question a reçu une réponse à temps.", "No expired question: every question got an answer in time."),
        _ => T("Aucune question pour l'instant. Les apprenants posent leurs questions dans le chat du cours ou dans Teams ; celles auxquelles le bot ne sait pas répondre arrivent ici.",
               "No question yet. Learners ask in the course chat or in Teams; those the bot cannot answer arrive here."),
    };

    public string ListName(string list) => list switch
    {
        "open" => T("En attente", "Open"),
        "escalated" => T("Remontées au tuteur", "Escalated"),
        "answered" => T("Répondues", "Answered"),
        "expired" => T("Expirées", "Expired"),
        _ => T("Toutes", "All"),
    };
}
