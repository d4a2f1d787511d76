using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Tutor;

namespace SupportBot.Bot.Auth;

/// <summary>
/// The page an emailed link opens. Opening it uses nothing (mail scanners open links too); the
/// tutor's click on "Sign in" consumes the link and sets the session cookie.
/// </summary>
internal sealed class SignInLinkModel(SignInLinks links, TutorAccounts accounts) : TutorPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public SignInLinkFailure? Failure { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Failure = await links.CheckAsync(Token, ct);
        return Refused();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await links.ConsumeAsync(Token, ct);
        Failure = result.Failure;
        if (result.PersonId is not { } id)
        {
            return Refused();
        }

        if (await accounts.FindAsync(id, ct) is not { } tutor)
        {
            Failure = SignInLinkFailure.Unknown;
            return Refused();
        }

        await HttpContext.SignInAsync(TutorClaims.Scheme, TutorClaims.Principal(tutor), new AuthenticationProperties { IsPersistent = false });
        return Redirect("/tutor");
    }

    public string FailureText => Failure switch
    {
        SignInLinkFailure.Used => T("Ce lien de connexion a déjà servi. Demandez-en un nouveau.", "This sign-in link has already been used. Ask for a new one."),
        SignInLinkFailure.Expired => T("Ce lien de connexion a expiré. Demandez-en un nouveau.", "This sign-in link has expired. Ask for a new one."),
        _ => T("Ce lien de connexion n'est pas valable. Demandez-en un nouveau.", "This sign-in link is not valid. Ask for a new one."),
    };

    private IActionResult Refused()
    {
        if (Failure is not null)
        {
            Response.StatusCode = Failure == SignInLinkFailure.Unknown ? StatusCodes.Status400BadRequest : StatusCodes.Status410Gone;
        }

        return Page();
    }
}
