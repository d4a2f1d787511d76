using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.Cli.Campaigns;

/// <summary>`supportbot campaign create|list|run|schedule|pause|cancel|preview|test`: the tutor's campaign API from a shell.</summary>
internal static class CampaignCommand
{
    private const int RequestRefusedExitCode = 2;

    public static Command Create() => new("campaign", "Tutors' encouragement campaigns, sent at each learner's local time")
    {
        CreateCreate(),
        CreateList(),
        CreateRun(),
        Transition("schedule", "Schedule a draft campaign, or resume a paused one", (s, id, ct) => s.GetRequiredService<CampaignLifecycle>().ScheduleAsync(id, ct)),
        Transition("pause", "Pause a scheduled campaign (resume with schedule)", (s, id, ct) => s.GetRequiredService<CampaignLifecycle>().PauseAsync(id, ct)),
        Transition("cancel", "Cancel a campaign for good", (s, id, ct) => s.GetRequiredService<CampaignLifecycle>().CancelAsync(id, ct)),
        CreatePreview(),
        Transition("test", "Send the message to the campaign's tutor, in French and English", (s, id, ct) => s.GetRequiredService<CampaignPreviewer>().SendTestAsync(id, ct)),
    };

    private static Command CreateCreate()
    {
        var name = new Option<string>("--name") { Description = "What the tutor calls it", Required = true };
        var module = new Option<string?>("--module") { Description = "Module id (audience and {{ module }} / {{ exam_date }})" };
        var createdBy = new Option<Guid?>("--created-by") { Description = "The tutor's person id (tests go to them)" };
        var audience = new Option<AudienceKind>("--audience") { Description = "module, cohort, inactive, volunteers or explicit", DefaultValueFactory = _ => AudienceKind.Module };
        var cohort = new Option<string?>("--cohort") { Description = "For --audience cohort" };
        var inactiveDays = new Option<int?>("--inactive-days") { Description = "For --audience inactive: not seen for this many days" };
        var people = new Option<Guid[]>("--person") { Description = "For --audience explicit (repeatable person id)", AllowMultipleArgumentsPerToken = true };
        var subjectFr = new Option<string>("--subject-fr") { Description = "Fluid template", Required = true };
        var bodyFr = new Option<string>("--body-fr") { Description = "Fluid template: first_name, module, exam_date, links.chat, links.unsubscribe", Required = true };
        var subjectEn = new Option<string>("--subject-en") { Description = "Fluid template", Required = true };
        var bodyEn = new Option<string>("--body-en") { Description = "Fluid template", Required = true };
        var channel = new Option<string>("--channel") { Description = "chat-else-email (default) or email", DefaultValueFactory = _ => "chat-else-email" };
        var once = new Option<DateOnly?>("--once") { Description = "Send once on this local date (yyyy-MM-dd)" };
        var weekly = new Option<DayOfWeek?>("--weekly") { Description = "Send every week on this day (Sunday, Monday...)" };
        var from = new Option<DateOnly?>("--from") { Description = "Weekly: first possible date" };
        var until = new Option<DateOnly?>("--until") { Description = "Weekly: last possible date" };
        var beforeExam = new Option<int?>("--days-before-exam") { Description = "Send once this many days before the module's exam" };
        var time = new Option<TimeOnly>("--time") { Description = "Local time (HH:mm) in each learner's time zone", Required = true };
        var schedule = new Option<bool>("--schedule") { Description = "Schedule it at once (otherwise it stays a draft)" };
        var command = new Command("create", "Create a campaign; prints its id")
        {
            name, module, createdBy, audience, cohort, inactiveDays, people, subjectFr, bodyFr, subjectEn, bodyEn, channel, once, weekly, from, until, beforeExam, time, schedule,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var at = parse.GetValue(time);
            LocalSchedule? plan = (parse.GetValue(once), parse.GetValue(weekly), parse.GetValue(beforeExam)) switch
            {
                ({ } date, null, null) => LocalSchedule.Once(date, at),
                (null, { } day, null) => LocalSchedule.Weekly(day, at, parse.GetValue(from) ?? DateOnly.FromDateTime(DateTime.UtcNow), parse.GetValue(until)),
                (null, null, { } days) => LocalSchedule.BeforeExam(days, at),
                _ => null,
            };
            if (plan is null)
            {
                await Console.Error.WriteLineAsync("supportbot campaign create: give exactly one of --once, --weekly, --days-before-exam");
                return RequestRefusedExitCode;
            }

            var moduleId = parse.GetValue(module);
            var campaign = new NewCampaign(
                parse.GetValue(name)!, moduleId, parse.GetValue(createdBy),
                new AudienceFilter(parse.GetValue(audience), moduleId, parse.GetValue(cohort), parse.GetValue(inactiveDays), parse.GetValue(people) ?? []),
                new CampaignMessage(parse.GetValue(subjectFr)!, parse.GetValue(bodyFr)!, parse.GetValue(subjectEn)!, parse.GetValue(bodyEn)!),
                parse.GetValue(channel) == "email" ? CampaignChannel.EmailOnly : CampaignChannel.ChatElseEmail, plan);
            return await RefusalsAsErrorsAsync(async () =>
            {
                var campaigns = services.GetRequiredService<CampaignLifecycle>();
                var id = await campaigns.CreateAsync(campaign, token);
                if (parse.GetValue(schedule))
                {
                    await campaigns.ScheduleAsync(id, token);
                }

                await Console.Out.WriteLineAsync(id.ToString());
            });
        }, ct));
        return command;
    }

    private static Command CreateList()
    {
        var module = new Option<string?>("--module") { Description = "Only this module's campaigns" };
        var command = new Command("list", "Campaigns with their progress") { module };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var list = await services.GetRequiredService<CampaignStore>().ListAsync(parse.GetValue(module), token);
            await Console.Out.WriteLineAsync("id\tstatus\tschedule\tdue\tsent\tfailed\topted_out\tbouncing\tname");
            foreach (var c in list)
            {
                var p = c.Progress;
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Id}\t{c.Status.ToString().ToLowerInvariant()}\t{c.Schedule}\t{p.Due}\t{p.Sent}\t{p.Failed}\t{p.SkippedOptedOut}\t{p.SkippedBouncing}\t{c.Name}"));
            }

            return 0;
        }, ct));
        return command;
    }

    /// <summary>What the worker's minute job does, once and in this process: for operators without a worker, and for scripts.</summary>
    private static Command CreateRun()
    {
        var command = new Command("run", "Dispatch once and send every batch due now, in this process");
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var batches = await services.GetRequiredService<CampaignDispatcher>().DispatchAsync(token);
            var sender = services.GetRequiredService<CampaignBatchSender>();
            int sent = 0, skipped = 0, failed = 0;
            foreach (var batch in batches)
            {
                var outcome = await sender.SendAsync(batch, token);
                (sent, skipped, failed) = (sent + outcome.Sent, skipped + outcome.Skipped, failed + outcome.Failed);
            }

            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{batches.Count} batch(es): {sent} sent, {skipped} skipped, {failed} failed"));
            return 0;
        }, ct));
        return command;
    }

    private static Command CreatePreview()
    {
        var id = new Argument<Guid>("id");
        var person = new Option<Guid?>("--person") { Description = "Render for this person (default: the first of the audience)" };
        var command = new Command("preview", "Show the message as a real recipient would get it") { id, person };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) => await RefusalsAsErrorsAsync(async () =>
        {
            var preview = await services.GetRequiredService<CampaignPreviewer>().PreviewAsync(parse.GetValue(id), parse.GetValue(person), token);
            await Console.Out.WriteLineAsync($"To: {preview.PersonId} ({preview.Language})\nSubject: {preview.Mail.Subject}\n\n{preview.Mail.Text}");
        }), ct));
        return command;
    }

    private static Command Transition(string name, string description, Func<IServiceProvider, Guid, CancellationToken, Task> action)
    {
        var id = new Argument<Guid>("id");
        var command = new Command(name, description) { id };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) => await RefusalsAsErrorsAsync(async () =>
        {
            await action(services, parse.GetValue(id), token);
            await Console.Out.WriteLineAsync($"{name}: done");
        }), ct));
        return command;
    }

    private static async Task<int> RefusalsAsErrorsAsync(Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (CampaignRequestException ex)
        {
            await Console.Error.WriteLineAsync("supportbot campaign: " + ex.Message);
            return RequestRefusedExitCode;
        }
    }
}
