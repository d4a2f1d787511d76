using Hangfire;
using Hangfire.Dashboard;

namespace SupportBot.Bot.Dashboard;

public static class JobsDashboard
{
    /// <summary>
    /// /hangfire. Until tutor sign-in (#7) exists, only requests from this machine see it
    /// (Hangfire's local-requests filter), never the network.
    /// </summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new LocalRequestsOnlyAuthorizationFilter()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        });
        return app;
    }
}
