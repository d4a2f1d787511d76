using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor;

internal sealed class IndexModel : TutorPageModel
{
    public IActionResult OnGet() => Redirect("/tutor/questions");
}
