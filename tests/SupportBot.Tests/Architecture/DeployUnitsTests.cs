using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SupportBot.Tests.Architecture;

/// <summary>The systemd units in deploy/ are what docs/DEPLOY.md installs: systemd itself must accept them.</summary>
public sealed partial class DeployUnitsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("sb-units-").FullName;

    private static string Deploy => Path.Combine(TestServices.RepositoryRoot, "deploy");

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Units_start_the_programs_the_projects_publish()
    {
        var bot = File.ReadAllText(Path.Combine(Deploy, "supportbot-bot.service"));
        var worker = File.ReadAllText(Path.Combine(Deploy, "supportbot-worker@.service"));

        Assert.Contains("ExecStart=/opt/supportbot/bot/SupportBot.Bot\n", bot, StringComparison.Ordinal);
        Assert.Contains("SUPPORTBOT__Jobs__RunServer=false", bot, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/opt/supportbot/worker/SupportBot.Jobs\n", worker, StringComparison.Ordinal);
        // The published apphost is named after the assembly: the projects must keep these names.
        Assert.Equal("SupportBot.Bot", typeof(SupportBot.Bot.BotFramework.ChannelTokenValidator).Assembly.GetName().Name);
        Assert.Equal("SupportBot.Jobs", typeof(SupportBot.Jobs.Inbox.InboxHosting).Assembly.GetName().Name);
    }

    [Fact]
    public async Task Systemd_verifies_every_unit_without_a_warning()
    {
        const string Analyze = "/usr/bin/systemd-analyze";
        if (!OperatingSystem.IsLinux() || !File.Exists(Analyze))
        {
            // Not a systemd machine (a container without systemd): nothing can judge the units here.
            return;
        }

        var units = new List<string>();
        foreach (var file in Directory.GetFiles(Deploy).Where(f => f.EndsWith(".service", StringComparison.Ordinal) || f.EndsWith(".timer", StringComparison.Ordinal)))
        {
            // verify checks that ExecStart's program exists: point /opt/supportbot at stand-ins in a temporary root.
            var text = (await File.ReadAllTextAsync(file)).Replace("/opt/supportbot/", root + "/opt/supportbot/", StringComparison.Ordinal);
            foreach (Match program in ExecStart().Matches(text))
            {
                var path = program.Groups[1].Value;
                if (path.StartsWith(root, StringComparison.Ordinal))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllTextAsync(path, "#!/bin/sh\n");
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            // A template is verified as one of its instances.
            var name = Path.GetFileName(file).Replace("@.", "@1.", StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(root, name), text);
            units.Add(Path.Combine(root, name));
        }

        Assert.Equal(4, units.Count);
        var start = new ProcessStartInfo(Analyze) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("verify");
        foreach (var unit in units)
        {
            start.ArgumentList.Add(unit);
        }

        using var process = Process.Start(start)!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0 && errors.Length == 0, errors);
    }

    [GeneratedRegex(@"^ExecStart(?:Pre|Post)?=(\S+)", RegexOptions.Multiline)]
    private static partial Regex ExecStart();
}
