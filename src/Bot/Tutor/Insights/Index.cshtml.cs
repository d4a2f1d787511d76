using System.Text.Json;

namespace SupportBot.Bot.Tutor.Insights;

internal sealed class IndexModel(InsightQueries queries, TutorModules modules) : TutorPageModel
{
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public string? Module { get; set; }

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]
    public int Weeks { get; set; } = 8;

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public InsightReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Modules = await modules.ListAsync(Scope, ct);
        if (Module is not null && !Scope.Allows(Module))
        {
            Module = null;
        }

        Report = await queries.BuildAsync(Scope, Module, Weeks, ct);
    }

    public int Answered => Report.ByFaq + Report.ByPeers + Report.ByTutors + Report.ByEarlierAnswer;

    public double Share(int part) => Answered + Report.Unanswered == 0 ? 0 : (double)part / (Answered + Report.Unanswered);

    /// <summary>The charts' data and labels, for insights.js.</summary>
    public string ChartJson => JsonSerializer.Serialize(new
    {
        weeks = Report.PerWeek.Select(w => w.Week.ToString("d MMM", Culture)),
        questions = Report.PerWeek.Select(w => w.Questions),
        faq = Report.PerWeek.Select(w => w.FaqAnswered),
        topics = Report.PerTopic.Select(t => t.Topic == "?" ? T("sans thème", "no topic") : TopicName(t.Topic)),
        topicCounts = Report.PerTopic.Select(t => t.Questions),
        shares = new[] { Report.ByFaq, Report.ByPeers, Report.ByTutors, Report.ByEarlierAnswer, Report.Unanswered },
        labels = new
        {
            questions = T("Questions aux pairs", "Questions to peers"),
            faq = T("Réponses de la FAQ", "FAQ answers"),
            shares = new[] { T("FAQ", "FAQ"), T("Pairs", "Peers"), T("Tuteurs", "Tutors"), T("Réponse déjà donnée", "Earlier answer"), T("Sans réponse", "Unanswered") },
        },
    });
}
