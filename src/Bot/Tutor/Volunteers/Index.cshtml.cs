using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor.Volunteers;

internal sealed class IndexModel(VolunteerQueries queries, TimeProvider clock) : TutorPageModel
{
    private static readonly TutorList<VolunteerRow> Sorting = new("", "name", defaultDescending: false,
        [("name", v => v.Name), ("week", v => v.AskedThisWeek), ("answers", v => v.AnsweredTotal), ("last", v => v.LastAnswerAt)],
        descendingFirst: ["week", "answers", "last"]);

    public ListPage<VolunteerRow> Volunteers { get; private set; } = null!;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(CancellationToken ct) => Volunteers = Sorting.Page(await queries.ListAsync(Scope, ct), Request.Query, Culture);

    public async Task<IActionResult> OnPostPauseAsync(Guid personId, DateOnly? until, CancellationToken ct) =>
        await queries.PauseAsync(Scope, personId, until, ct) ? Redirect("/tutor/volunteers") : NotFound();

    public async Task<IActionResult> OnPostResumeAsync(Guid personId, CancellationToken ct) =>
        await queries.PauseAsync(Scope, personId, null, ct) ? Redirect("/tutor/volunteers") : NotFound();
}
