using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Email;

namespace SupportBot.Bot.Tutor.Bounces;

/// <summary>Admins see which addresses mail stops for because they bounce, and clear one that works again (#15).</summary>
[Authorize(Policy = TutorClaims.AdminPolicy)]
internal sealed class IndexModel(EmailBounces bounces) : TutorPageModel
{
    private static readonly TutorList<BouncingAddress> Sorting = new("", "score", defaultDescending: true,
        [("email", a => a.Email), ("score", a => a.Score), ("count", a => a.Count), ("last", a => a.LastBounceAt)],
        descendingFirst: ["score", "count", "last"]);

    public ListPage<BouncingAddress> Addresses { get; private set; } = null!;

    public string? Cleared { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Addresses = Sorting.Page(await bounces.ListBouncingAsync(ct), Request.Query, Culture);

    public async Task<IActionResult> OnPostClearAsync(string? email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || !await bounces.ClearAsync(email, ct))
        {
            return NotFound();
        }

        Cleared = email;
        Addresses = Sorting.Page(await bounces.ListBouncingAsync(ct), Request.Query, Culture);
        return Page();
    }
}
