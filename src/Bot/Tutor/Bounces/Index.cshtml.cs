using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Email;

namespace SupportBot.Bot.Tutor.Bounces;

/// <summary>Admins see which addresses mail stops for because they bounce, and clear one that works again (#15).</summary>
[Authorize(Policy = TutorClaims.AdminPolicy)]
internal sealed class IndexModel(EmailBounces bounces) : TutorPageModel
{
    public IReadOnlyList<BouncingAddress> Addresses { get; private set; } = [];

    public string? Cleared { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Addresses = await bounces.ListBouncingAsync(ct);

    public async Task<IActionResult> OnPostClearAsync(string? email, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(email) || !await bounces.ClearAsync(email, ct))
        {
            return NotFound();
        }

        Cleared = email;
        Addresses = await bounces.ListBouncingAsync(ct);
        return Page();
    }
}
