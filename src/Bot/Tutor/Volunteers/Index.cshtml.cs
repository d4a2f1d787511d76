using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor.Volunteers;

internal sealed class IndexModel(VolunteerQueries queries, TimeProvider clock) : TutorPageModel
{
    public IReadOnlyList<VolunteerRow> Volunteers { get; private set; } = [];

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(CancellationToken ct) => Volunteers = await queries.ListAsync(Scope, ct);

    public async Task<IActionResult> OnPostPauseAsync(Guid personId, DateOnly? until, CancellationToken ct) =>
        await queries.PauseAsync(Scope, personId, until, ct) ? Redirect("/tutor/volunteers") : NotFound();

    public async Task<IActionResult> OnPostResumeAsync(Guid personId, CancellationToken ct) =>
        await queries.PauseAsync(Scope, personId, null, ct) ? Redirect("/tutor/volunteers") : NotFound();
}
