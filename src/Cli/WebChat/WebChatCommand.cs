using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.People;

namespace SupportBot.Cli.WebChat;

internal static class WebChatCommand
{
    public static Command Create()
    {
        var learner = new Option<string[]>("--learner")
        {
            Description = "The learner's id on the course platform (repeatable); omit to list a link for every enrolled learner",
            AllowMultipleArgumentsPerToken = true,
        };
        var baseUrl = new Option<string>("--base-url")
        {
            Description = "The bot's public URL",
            DefaultValueFactory = _ => "http://127.0.0.1:5080",
        };
        var hours = new Option<int>("--hours") { Description = "Link lifetime in hours", DefaultValueFactory = _ => 12 };
        var link = new Command("link", "Print signed web chat links, as the course platform would embed them") { learner, baseUrl, hours };
        link.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var people = services.GetRequiredService<PeopleStore>();
            var links = services.GetRequiredService<LearnerLinks>();
            var ids = parse.GetValue(learner) is { Length: > 0 } given ? given : await people.ListLearnerIdsAsync(token);
            foreach (var id in ids)
            {
                var identity = await people.FindLearnerAsync(id, token);
                if (identity is null)
                {
                    await Console.Error.WriteLineAsync($"supportbot: no learner with id {id}");
                    return 1;
                }

                if (parse.GetValue(hours) <= 0 || TimeSpan.FromHours(parse.GetValue(hours)) > links.MaxLifetime)
                {
                    await Console.Error.WriteLineAsync($"supportbot: --hours must be between 1 and {(int)links.MaxLifetime.TotalHours} (LearnerLinks:MaxLifetime)");
                    return 2;
                }

                var signed = links.Create(identity, TimeSpan.FromHours(parse.GetValue(hours)));
                await Console.Out.WriteLineAsync($"{identity.DisplayName,-22} {parse.GetValue(baseUrl)!.TrimEnd('/')}/?learner={signed}");
            }

            return 0;
        }, ct));
        return new Command("webchat", "The web chat") { link };
    }
}
