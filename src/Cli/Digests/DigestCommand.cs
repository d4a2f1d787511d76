using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Digests;

namespace SupportBot.Cli.Digests;

/// <summary>`supportbot digest run`: what the worker's digest jobs do, once, in this process.</summary>
internal static class DigestCommand
{
    public static Command Create()
    {
        var tutors = new Option<bool>("--tutors") { Description = "Send the tutors' weekly digests (default: the volunteers' morning digests due this hour)" };
        var run = new Command("run", "Send the digests due now (each at most once: the send log remembers)") { tutors };
        run.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var digests = services.GetRequiredService<DigestSender>();
            var sent = parse.GetValue(tutors) ? await digests.SendTutorDigestsAsync(token) : await digests.SendVolunteerDigestsAsync(token);
            await Console.Out.WriteLineAsync($"{sent} digest(s) sent");
            return 0;
        }, ct));
        return new Command("digest", "Volunteers' and tutors' digests") { run };
    }
}
