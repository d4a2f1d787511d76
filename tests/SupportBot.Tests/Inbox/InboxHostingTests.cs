using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Jobs.Hosting;
using SupportBot.Jobs.Inbox;

namespace SupportBot.Tests.Inbox;

public sealed class InboxHostingTests
{
    [Theory]
    [InlineData("true", null, true)]
    [InlineData("true", "false", false)]
    [InlineData("false", null, false)]
    public void The_watcher_runs_where_the_job_server_runs_unless_the_inbox_is_disabled(string runServer, string? inboxEnabled, bool expected)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var settings = new Dictionary<string, string?> { ["Jobs:RunServer"] = runServer };
        if (inboxEnabled is not null)
        {
            settings["Inbox:Enabled"] = inboxEnabled;
        }

        builder.Configuration.AddInMemoryCollection(settings);

        builder.AddSupportBotJobs();

        Assert.Equal(expected, builder.Services.Any(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(InboxWatcher)));
    }

    [Fact]
    public void Defaults_are_valid_and_match_the_documented_ones()
    {
        var options = Validate([]);

        Assert.True(options.Succeeded);
        var inbox = new InboxOptions();
        Assert.Equal(TimeSpan.FromSeconds(5), inbox.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), inbox.PollInterval);
        Assert.Equal(5, inbox.MaxAttemptsPerMessage);
    }

    [Theory]
    [InlineData("Inbox:HeartbeatInterval", "00:45:00")]
    [InlineData("Inbox:PollInterval", "00:00:00")]
    [InlineData("Inbox:MaxAttemptsPerMessage", "0")]
    [InlineData("Inbox:LockRetryInterval", "00:00:00.001")]
    public void An_out_of_range_setting_is_refused_by_its_name(string key, string value)
    {
        var result = Validate(new() { [key] = value });

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSupportBotInbox();
        using var services = builder.Services.BuildServiceProvider();
        var options = services.GetRequiredService<IOptionsFactory<InboxOptions>>();
        try
        {
            options.Create(Options.DefaultName);
            return ValidateOptionsResult.Success;
        }
        catch (OptionsValidationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Failures);
        }
    }
}
