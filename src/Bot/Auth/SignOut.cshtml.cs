using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Tutor;

namespace SupportBot.Bot.Auth;

internal sealed class SignOutModel : TutorPageModel
{
    public IActionResult OnGet() => Redirect(TutorClaims.IsTutorUser(User) ? "/tutor" : "/tutor/sign-in");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(TutorClaims.Scheme);
        return Redirect("/tutor/sign-in");
    }
}
