using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Lti;

namespace SupportBot.Bot.Tutor.Platforms;

/// <summary>
/// Admins register a course platform (#20), or edit one registered here: the values Moodle's
/// "View configuration details" shows. URLs must be https outside Development; a registration that
/// collides with the settings' is refused (the settings would win anyway). The name never changes:
/// people's ids (lti:name:sub) carry it.
/// </summary>
[Authorize(Policy = TutorClaims.AdminPolicy)]
internal sealed class EditModel(LtiPlatformStore store, LtiPlatforms platforms, IWebHostEnvironment environment) : TutorPageModel
{
    [BindProperty]
    public string? Editing { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Issuer { get; set; }

    [BindProperty]
    public string? ClientId { get; set; }

    /// <summary>One or more, separated by commas, spaces or lines.</summary>
    [BindProperty]
    public string? DeploymentIds { get; set; }

    [BindProperty]
    public string? AuthenticationRequestUrl { get; set; }

    [BindProperty]
    public string? KeySetUrl { get; set; }

    [BindProperty]
    public string? AccessTokenUrl { get; set; }

    [BindProperty]
    public string? Course { get; set; }

    public bool IsNew => string.IsNullOrEmpty(Editing);

    public async Task<IActionResult> OnGetAsync(string? name, CancellationToken ct)
    {
        if (name is null)
        {
            return Page();
        }

        if ((await store.ListAsync(ct)).FirstOrDefault(p => p.Name == name) is not { } platform)
        {
            return NotFound();
        }

        (Editing, Name, Issuer, ClientId, DeploymentIds) = (platform.Name, platform.Name, platform.Issuer, platform.ClientId, string.Join(", ", platform.DeploymentIds));
        (AuthenticationRequestUrl, KeySetUrl, AccessTokenUrl, Course) = (platform.AuthenticationRequestUrl, platform.KeySetUrl, platform.AccessTokenUrl, platform.Course);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var platform = new LtiPlatform
        {
            Name = (IsNew ? Name : Editing)?.Trim() ?? "",
            Issuer = Issuer?.Trim().TrimEnd('/') ?? "",
            ClientId = ClientId?.Trim() ?? "",
            DeploymentIds = [.. (DeploymentIds ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)],
            AuthenticationRequestUrl = AuthenticationRequestUrl?.Trim() ?? "",
            KeySetUrl = KeySetUrl?.Trim() ?? "",
            AccessTokenUrl = string.IsNullOrWhiteSpace(AccessTokenUrl) ? null : AccessTokenUrl.Trim(),
            Course = Course?.Trim() ?? "",
            FromSettings = false,
        };
        foreach (var (field, message) in platform.Problems(UrlAllowed))
        {
            ModelState.AddModelError(field, Explain(field, message));
        }

        if (platforms.SettingsEntryLike(platform) is { } settings)
        {
            ModelState.AddModelError(string.Empty, T(
                $"Les réglages du serveur ont déjà la plateforme {settings.Name} avec ce nom, ou cet émetteur et cet identifiant client : ils l'emportent, modifiez-la là.",
                $"The server's settings already have the platform {settings.Name} with this name, or this issuer and client id: they win, change it there."));
        }

        if (ModelState.ErrorCount == 0)
        {
            switch (await store.SaveAsync(platform, IsNew, ct))
            {
                case LtiPlatformSave.Saved:
                    TempData[nameof(IndexModel.Notice)] = T($"Plateforme {platform.Name} enregistrée.", $"Platform {platform.Name} saved.");
                    return RedirectToPage("Index");
                case LtiPlatformSave.NameTaken:
                    ModelState.AddModelError(nameof(Name), T("Une plateforme porte déjà ce nom.", "A platform already has this name."));
                    break;
                case LtiPlatformSave.IssuerAndClientTaken:
                    ModelState.AddModelError(nameof(ClientId), T("Une plateforme a déjà cet émetteur et cet identifiant client.", "A platform already has this issuer and client id."));
                    break;
                default:
                    return NotFound();
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private bool UrlAllowed(string? url) => LtiOptions.IsAllowedOnPage(url, environment.IsDevelopment());

    private string Explain(string field, string message) => Fr ? field switch
    {
        nameof(LtiPlatform.Name) => "Nom obligatoire (lettres, chiffres, - et _), par ex. moodle-univ.",
        nameof(LtiPlatform.Issuer) => "L'émetteur doit être l'URL de la plateforme (Moodle : l'adresse du site, par ex. https://moodle.univ.example).",
        nameof(LtiPlatform.ClientId) => "Identifiant client obligatoire (celui que la plateforme a donné à SupportBot).",
        nameof(LtiPlatform.DeploymentIds) => "Au moins un identifiant de déploiement (Moodle l'affiche dans les détails de l'outil).",
        nameof(LtiPlatform.AuthenticationRequestUrl) => "URL https obligatoire (Moodle : https://<site>/mod/lti/auth.php).",
        nameof(LtiPlatform.KeySetUrl) => "URL https obligatoire (Moodle : https://<site>/mod/lti/certs.php).",
        nameof(LtiPlatform.AccessTokenUrl) => "URL https (Moodle : https://<site>/mod/lti/token.php), ou vide sans synchronisation des inscriptions.",
        nameof(LtiPlatform.Course) => "Cours SupportBot obligatoire (celui dont les cours de la plateforme deviennent des modules).",
        _ => message,
    } : $"{field} {message}.";
}
