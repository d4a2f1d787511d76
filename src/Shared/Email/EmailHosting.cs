using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Email;

public static class EmailHosting
{
    /// <summary>
    /// The mail servers' settings and outgoing mail: composing (templates, Message-IDs, reply and
    /// unsubscribe addresses), sending, and the bounce record; the quarantine of unreadable inbound mail.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotEmail(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotEmail)))
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<SmtpOptions>(SmtpOptions.SectionName);
        services.AddValidatedOptions<ImapOptions>(ImapOptions.SectionName);
        services.AddValidatedOptions<OutgoingMailOptions>(OutgoingMailOptions.SectionName);
        services.TryAddSingleton<ReplyAddresses>();
        services.TryAddSingleton<UnsubscribeTokens>();
        services.TryAddSingleton<MailTemplates>();
        services.TryAddSingleton<MailComposer>();
        services.TryAddSingleton<ReturnPaths>();
        services.TryAddSingleton<MailSender>();
        services.TryAddSingleton<EmailBounces>();
        services.TryAddSingleton<BounceLookup>();
        services.TryAddSingleton<InboxQuarantine>();
        services.AddMailLogin();
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
