using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Tutor;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Asks for a sign-in link. The answer is the same, and as quick, whether or not the address is a
/// tutor's (the mail is sent by <see cref="SignInMailQueue"/>), so the page does not tell strangers who the tutors are.
/// </summary>
internal sealed class SignInModel(SignInMailQueue mails, IOptions<OidcOptions> oidc) : TutorPageModel
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

        // Whether the address is a tutor's is decided in the background: same page, same time, for everyone.
        mails.Enqueue(Email);
        Sent = true;
        return Page();
    }

    public IActionResult OnPostOidc() => OidcEnabled
        ? Challenge(new Microsoft.AspNetCore.Authentication.AuthenticationProperties { RedirectUri = "/tutor" }, "OpenIdConnect")
        : NotFound();
}
