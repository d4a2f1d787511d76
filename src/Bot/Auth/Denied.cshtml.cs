using SupportBot.Bot.Tutor;

namespace SupportBot.Bot.Auth;

internal sealed class DeniedModel : TutorPageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
