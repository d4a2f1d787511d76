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
        services.TryAddSingleton<MailSender>();
        services.TryAddSingleton<EmailBounces>();
        services.TryAddSingleton<BounceLookup>();
        services.TryAddSingleton<InboxQuarantine>();
        return builder;
    }

    /// <summary>Mail servers degrade the service (questions wait in the send log) rather than break it.</summary>
    public static IHealthChecksBuilder AddMailServerChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<SmtpHealthCheck>("smtp", HealthStatus.Degraded, ["mail"])
        .AddCheck<ImapHealthCheck>("imap", HealthStatus.Degraded, ["mail"]);
}
