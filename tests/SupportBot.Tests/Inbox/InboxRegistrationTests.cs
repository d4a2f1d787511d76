using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Inbox;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Tests.Inbox;

/// <summary>The inbox feature brings what it hands messages to, so a watcher never runs without it (#13: registration says what it needs).</summary>
public sealed class InboxRegistrationTests
{
    [Fact]
    public void The_inbox_registers_the_triage_it_hands_every_message_to()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Inbox:Enabled"] = "true" });

        builder.AddSupportBotInbox();

        var handler = Assert.Single(builder.Services, d => d.ServiceType == typeof(IInboundMailHandler));
        Assert.Equal(typeof(InboxTriage), handler.ImplementationType);
    }

    [Fact]
    public void Features_asked_for_twice_register_once()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Inbox:Enabled"] = "true" });

        builder.AddSupportBotInbox();
        var once = builder.Services.Count;
        builder.AddSupportBotInbox();
        builder.AddSupportBotInboxTriage();

        Assert.Equal(once, builder.Services.Count);
    }
}
