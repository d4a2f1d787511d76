using System.CommandLine;
using SupportBot.Cli.Campaigns;
using SupportBot.Cli.Data;
using SupportBot.Cli.Digests;
using SupportBot.Cli.Doctor;
using SupportBot.Cli.Demo;
using SupportBot.Cli.Faq;
using SupportBot.Cli.Mail;
using SupportBot.Cli.Nudges;
using SupportBot.Cli.People;
using SupportBot.Cli.Roster;
using SupportBot.Cli.StudyGroups;
using SupportBot.Cli.Teams;
using SupportBot.Cli.WebChat;

namespace SupportBot.Cli;

/// <summary>`supportbot`: one subcommand per feature, each built in its feature folder.</summary>
internal static class CliProgram
{
    public static RootCommand CreateRoot() =>
        new("supportbot: SupportBot's admin command (settings from appsettings.json and SUPPORTBOT__* variables)")
        {
            CliHost.Settings,
            MigrateCommand.Create(),
            SeedDemoCommand.Create(),
            WebChatCommand.Create(),
            MailCommand.Create(),
            FaqCommand.Create(),
            LearnerCommand.Create(),
            RosterCommand.Create(),
            CampaignCommand.Create(),
            DigestCommand.Create(),
            NudgeCommand.Create(),
            GroupsCommand.Create(),
            TeamsCommand.Create(),
            DoctorCommand.Create(),
        };

    public static Task<int> Main(string[] args) => CreateRoot().Parse(args).InvokeAsync();
}
