using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Tutor;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Asks for a sign-in link. The answer is the same whether or not the address is a tutor's, so the
/// page does not tell strangers who the tutors are.
/// </summary>
internal sealed partial class SignInModel(
    TutorAccounts accounts, SignInLinks links, SignInMailer mailer, SignInThrottle throttle,
    IOptions<AuthOptions> auth, IOptions<OidcOptions> oidc, ILogger<SignInModel> logger) : TutorPageModel
{
    [BindProperty]
    [Required]
    [EmailAddress]
    [StringLength(254)]
    public string Email { get; set; } = "";

    public bool Sent { get; private set; }

    public string? Error { get; private set; }

    public bool OidcEnabled => oidc.Value.Enabled;

    public string OidcName => oidc.Value.DisplayName;

    public IActionResult OnGet(string? failed)
    {
        if (TutorClaims.IsTutorUser(User))
        {
            return Redirect("/tutor");
        }

        if (failed == "oidc")
        {
            Error = T("Ce compte n'est pas celui d'un tuteur SupportBot.", "This account is not a SupportBot tutor's.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            Error = T("Saisissez une adresse e-mail valide.", "Enter a valid email address.");
            return Page();
        }

        if (!throttle.TryAcquireForEmail(Email))
        {
            Error = SignInThrottle.Message(Fr);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }

        if (await accounts.FindByEmailAsync(Email, ct) is { } tutor)
        {
            var token = await links.CreateAsync(tutor.Id, ct);
            await mailer.SendAsync(tutor, token, auth.Value.LinkLifetime, ct);
            LogLinkSent(tutor.Id);
        }
        else
        {
            LogNotATutor();
        }

        Sent = true;
        return Page();
    }

    public IActionResult OnPostOidc() => OidcEnabled
        ? Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = "/tutor" }, "OpenIdConnect")
        : NotFound();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in link sent to tutor {PersonId}")]
    private partial void LogLinkSent(Guid personId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in link asked for an address that is not a tutor's")]
    private partial void LogNotATutor();
}
