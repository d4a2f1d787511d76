using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor.StudyGroups;

internal sealed class IndexModel(GroupBoard board, TutorModules modules) : TutorPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Module { get; set; }

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    private static readonly TutorList<SupportBot.Shared.StudyGroups.Groups.GroupSummary> Sorting = new("", "created", defaultDescending: true,
        [("status", g => g.Status), ("size", g => g.Size), ("language", g => g.Language), ("hours", g => g.SharedHoursPerWeek), ("created", g => g.CreatedAt)],
        descendingFirst: ["size", "hours", "created"]);

    public GroupBoardView? Board { get; private set; }

    public ListPage<SupportBot.Shared.StudyGroups.Groups.GroupSummary> Groups { get; private set; } = null!;

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(int? proposed, int? waiting, CancellationToken ct)
    {
        Modules = await modules.ListAsync(Scope, ct);
        Module ??= Modules.Count > 0 ? Modules[0].Id : null;
        if (Module is null)
        {
            return Page();
        }

        Board = await board.ForModuleAsync(Scope, Module, ct);
        if (Board is null)
        {
            return NotFound();
        }

        Groups = Sorting.Page(Board.Groups, Request.Query, Culture);

        Notice = proposed is { } p
            ? T($"Tentative faite : {p} groupe(s) proposé(s), {waiting ?? 0} personne(s) sans groupe pour l'instant.",
                $"Round done: {p} group(s) proposed, {waiting ?? 0} learner(s) without a group for now.")
            : null;
        return Page();
    }

    public async Task<IActionResult> OnPostMatchAsync(CancellationToken ct)
    {
        if (Module is null || await board.MatchNowAsync(Scope, Module, ct) is not { } round)
        {
            return NotFound();
        }

        return Redirect($"/tutor/groups?module={Uri.EscapeDataString(Module)}&proposed={round.GroupIds.Count}&waiting={round.LeftOver.Count}");
    }

    public string GroupStatusName(string status) => status switch
    {
        "proposed" => T("proposé, en attente des réponses", "proposed, awaiting answers"),
        "active" => T("actif", "active"),
        _ => T("dissous", "dissolved"),
    };
}
