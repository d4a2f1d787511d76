using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.Email;

public static class EmailHosting
{
    public static IHostApplicationBuilder AddSupportBotEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<SmtpOptions>(SmtpOptions.SectionName);
        builder.Services.AddValidatedOptions<ImapOptions>(ImapOptions.SectionName);
        builder.Services.TryAddSingleton<Incoming.InboxQuarantine>();
        builder.Services.AddMailLogin();
        return builder;
    }

    /// <summary>The one way to log in to the mail servers (password or OAuth2), for whoever talks to them.</summary>
    public static IServiceCollection AddMailLogin(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(MailLogin)))
        {
            return services;
        }

        services.AddHttpClient(MailTokenSources.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<MailTokenSources>();
        services.TryAddSingleton<MailLogin>();
        return services;
    }

    /// <summary>Mail servers degrade the service (questions wait in the send log) rather than break it.</summary>
    public static IHealthChecksBuilder AddMailServerChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<SmtpHealthCheck>("smtp", HealthStatus.Degraded, ["mail"])
        .AddCheck<ImapHealthCheck>("imap", HealthStatus.Degraded, ["mail"]);
}
