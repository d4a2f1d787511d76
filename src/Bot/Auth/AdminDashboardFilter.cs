using Hangfire.Dashboard;

namespace SupportBot.Bot.Auth;

/// <summary>/hangfire: only a signed-in admin (the tutor cookie's principal) sees the jobs.</summary>
internal sealed class AdminDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => TutorClaims.IsAdminUser(context.GetHttpContext().User);
}
