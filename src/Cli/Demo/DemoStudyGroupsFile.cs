using System.Text.Json;
using Dapper;
using Npgsql;
using SupportBot.Shared.StudyGroups.Availability;
using SupportBot.Shared.StudyGroups.Groups;
using SupportBot.Shared.StudyGroups.SignUp;

namespace SupportBot.Cli.Demo;

/// <summary>
/// demo/study-groups.json: learners' times in their own words, their opt-ins, and who accepts the
/// group proposed to them. Everything goes through the real parts: the availability grammar reads
/// the phrases, the sign-up store records the consent, a matching round per module proposes the
/// groups (the proposal emails land in smtp4dev) and the listed learners accept. Loaded once: a
/// learner who already has times is left alone, and a module that has groups gets no new round.
/// </summary>
internal sealed record DemoStudyGroupsFile(IReadOnlyList<DemoStudyLearner> Learners)
{
    public static DemoStudyGroupsFile Load(string path) =>
        JsonSerializer.Deserialize<DemoStudyGroupsFile>(File.ReadAllText(path), JsonSerializerOptions.Web)
        ?? throw new InvalidDataException($"{path}: empty file");

    /// <returns>How many learners were signed up, groups proposed and groups active; zeros when loaded before.</returns>
    public async Task<(int SignedUp, int Proposed, int Active)> SeedAsync(
        NpgsqlDataSource db, StudyGroupSignUpStore signUps, StudyGroupRounds rounds, StudyGroupMembership membership, DateTimeOffset now, CancellationToken ct)
    {
        var ids = await IdsAsync(db, ct);
        var signedUp = 0;
        foreach (var learner in Learners)
        {
            var id = ids[learner.Person];
            if (await signUps.FindAvailabilityAsync(id, ct) is not null)
            {
                continue;
            }

            var reading = AvailabilityParser.Parse(learner.Said, learner.Language ?? "fr");
            if (!reading.IsClear)
            {
                throw new InvalidDataException($"study-groups.json: {learner.Person}: \"{learner.Said}\" is unclear ({reading.Question})");
            }

            foreach (var o in learner.OptIns)
            {
                await signUps.ConfirmSignUpAsync(id, reading.Slots, learner.Said, o.Module, o.Size, o.Language, now, ct);
            }

            signedUp++;
        }

        var proposed = 0;
        var active = 0;
        foreach (var module in Learners.SelectMany(l => l.OptIns).Select(o => o.Module).Distinct())
        {
            if (await HasGroupsAsync(db, module, ct))
            {
                continue;
            }

            var round = await rounds.RunRoundAsync(module, ct: ct);
            proposed += round.GroupIds.Count;
            foreach (var learner in Learners.Where(l => l.OptIns.Any(o => o.Module == module && o.Accepts)))
            {
                foreach (var groupId in round.GroupIds)
                {
                    var answer = await membership.AcceptAsync(ids[learner.Person], groupId.ToString("N"), ct);
                    active += answer.Outcome == AnswerOutcome.GroupActive ? 1 : 0;
                }
            }
        }

        return (signedUp, proposed, active);
    }

    private static async Task<Dictionary<string, Guid>> IdsAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<(string ExternalId, Guid Id)>(new CommandDefinition(
            "SELECT external_id, id FROM supportbot.people", cancellationToken: ct))).ToDictionary(r => r.ExternalId, r => r.Id);
    }

    private static async Task<bool> HasGroupsAsync(NpgsqlDataSource db, string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.study_groups WHERE module_id = @moduleId)", new { moduleId }, cancellationToken: ct));
    }
}

/// <param name="Said">The learner's times in their own words, in their own time zone.</param>
/// <param name="Language">The language of <paramref name="Said"/>; French when absent.</param>
internal sealed record DemoStudyLearner(string Person, string Said, string? Language, IReadOnlyList<DemoOptIn> OptIns);

/// <param name="Accepts">Whether the learner accepts the group the seed's round proposes to them.</param>
internal sealed record DemoOptIn(string Module, int Size, string Language, bool Accepts);
