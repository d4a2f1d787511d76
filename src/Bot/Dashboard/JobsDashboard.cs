using Hangfire;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Dashboard;

public static class JobsDashboard
{
    /// <summary>
    /// /hangfire, for admins only: the endpoint asks for the Admin policy (sign-in page for
    /// strangers, refusal for other tutors) and Hangfire's own filter checks the same principal.
    /// </summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardFilter()],
            DisplayStorageConnectionString = false,
            AppPath = "/tutor",
        }).RequireAuthorization(TutorClaims.AdminPolicy);
        return app;
    }
}
