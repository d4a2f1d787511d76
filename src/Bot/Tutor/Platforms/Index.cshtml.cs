using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Lti;

namespace SupportBot.Bot.Tutor.Platforms;

/// <summary>
/// Admins see the course platforms that may launch SupportBot (#20): the settings' registrations
/// (read-only; they win) and the ones added here, the tool's URLs to give the platform, and each
/// launched course with its last roster sync, which they can run again now.
/// </summary>
[Authorize(Policy = TutorClaims.AdminPolicy)]
internal sealed class IndexModel(LtiPlatforms platforms, LtiPlatformStore stored, LtiContextStore contexts, IRosterSyncJobs syncs) : TutorPageModel
{
    public IReadOnlyList<LtiPlatform> Platforms { get; private set; } = [];

    /// <summary>Registrations made here that a settings entry hides (same name, or issuer and client id).</summary>
    public IReadOnlyList<LtiPlatform> Hidden { get; private set; } = [];

    public IReadOnlyList<LtiContext> Courses { get; private set; } = [];

    [TempData]
    public string? Notice { get; set; }

    public string ToolUrl(string path) => $"{Request.Scheme}://{Request.Host}{Request.PathBase}{path}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        Platforms = await platforms.AllAsync(ct);
        Hidden = [.. (await stored.ListAsync(ct)).Where(p => !Platforms.Any(shown => !shown.FromSettings && shown.Name == p.Name))];
        Courses = await contexts.ListAsync(platform: null, moduleId: null, ct);
    }

    public async Task<IActionResult> OnPostSyncAsync(string? platform, string? context, CancellationToken ct)
    {
        if (platform is null || context is null || await contexts.FindAsync(platform, context, ct) is not { } course)
        {
            return NotFound();
        }

        syncs.Sync(course.Platform, course.ContextId);
        Notice = T($"Synchronisation de {course.ModuleId} lancée : rechargez la page dans un instant pour voir son résultat.",
            $"Sync of {course.ModuleId} started: reload the page in a moment to see its outcome.");
        return RedirectToPage();
    }

    public IActionResult OnPostSyncAll()
    {
        syncs.SyncAll();
        Notice = T("Synchronisation de tous les cours lancée : rechargez la page dans un instant pour voir les résultats.",
            "Sync of every course started: reload the page in a moment to see the outcomes.");
        return RedirectToPage();
    }
}
