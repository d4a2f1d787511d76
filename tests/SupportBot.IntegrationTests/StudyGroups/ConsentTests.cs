using System.Text.Json;
using SupportBot.IntegrationTests.Routing;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.People;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.IntegrationTests.StudyGroups;

public sealed class ConsentTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    // Monday 15 March 2027: Paris still on winter time (UTC+1).
    private static readonly DateTimeOffset Winter = new(2027, 3, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_proposal_shows_each_member_only_their_own_local_times_and_names_nobody_until_everyone_accepted()
    {
        await using var world = await GroupWorld.StartAsync(db, Winter);
        var learners = await world.ThreeZonesAsync(chat: true);
        var ownTimes = new Dictionary<string, string>
        {
            ["Anna"] = "samedi 11:00–14:00",
            ["Bruno"] = "samedi 21:00–24:00",
            ["Chloe"] = "samedi 06:00–09:00",
        };

        var round = await world.Rounds.RunRoundAsync(world.ModuleId);

        Assert.Single(round.GroupIds);
        Assert.Empty(round.LeftOver);
        var code = round.GroupIds[0].ToString("N")[..8];
        foreach (var me in learners)
        {
            var proposal = Assert.Single(await me.Chat!.BotMessagesAsync());
            var text = proposal.GetProperty("text").GetString()!;
            var mail = Assert.Single(await Smtp4devMailbox.ToAsync(me.Email));
            foreach (var other in learners.Where(o => o != me))
            {
                Assert.DoesNotContain(other.FirstName, mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(other.Email, mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
            }

            foreach (var shown in new[] { text, mail.TextBody })
            {
                Assert.Contains(world.ModuleTitle, shown, StringComparison.Ordinal);
                Assert.Contains("3 personnes", shown, StringComparison.Ordinal);
                Assert.Contains(ownTimes[me.FirstName], shown, StringComparison.Ordinal);
                foreach (var other in learners.Where(o => o != me))
                {
                    Assert.DoesNotContain(other.FirstName, shown, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(other.Email, shown, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain(ownTimes[other.FirstName], shown, StringComparison.Ordinal);
                }
            }

            Assert.Contains("en acceptant, vous êtes d'accord pour partager", text, StringComparison.Ordinal);
            var buttons = proposal.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("value").GetString()).ToList();
            Assert.Equal([$"J'accepte le groupe {code}", $"Je refuse le groupe {code}"], buttons);
        }

        await learners[0].Chat!.SaysAsync($"J'accepte le groupe {code}");
        Assert.Contains("Nous attendons la réponse des autres membres", Text(Assert.Single(await learners[0].Chat!.BotMessagesAsync())), StringComparison.Ordinal);
        await learners[1].Chat!.SaysAsync("j'accepte");
        await learners[1].Chat!.BotMessagesAsync();
        Assert.Equal("proposed", await world.GroupStatusAsync(round.GroupIds[0]));
        Assert.Empty((await learners[0].Chat!.BotMessagesAsync(atLeast: 1, timeoutMs: 300)));

        await learners[2].Chat!.SaysAsync($"J'accepte le groupe {code}");

        Assert.Equal("active", await world.GroupStatusAsync(round.GroupIds[0]));
        foreach (var me in learners)
        {
            var messages = await me.Chat!.BotMessagesAsync(atLeast: me == learners[2] ? 2 : 1);
            var intro = Text(Assert.Single(messages, m => Text(m).Contains("est formé.", StringComparison.Ordinal) && Text(m).Contains('@', StringComparison.Ordinal)));
            var mail = Assert.Single(await Smtp4devMailbox.ToAsync(me.Email, atLeast: 2), m => (m.Subject ?? "").Contains("est formé", StringComparison.Ordinal));
            foreach (var shown in new[] { intro, mail.TextBody })
            {
                Assert.Contains(ownTimes[me.FirstName], shown, StringComparison.Ordinal);
                foreach (var other in learners.Where(o => o != me))
                {
                    Assert.Contains(other.FirstName, shown, StringComparison.Ordinal);
                    Assert.Contains(other.Email, shown, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [Fact]
    public async Task A_decline_dissolves_the_proposal_and_the_others_are_matched_again_at_once_without_the_decliner()
    {
        await using var world = await GroupWorld.StartAsync(db, Winter);
        var learners = await world.ThreeZonesAsync(chat: false);
        var dora = await world.LearnerAsync("Dora", "Europe/Paris", chat: true, (DayOfWeek.Saturday, "10:00", "15:00"));

        var first = await world.Rounds.RunRoundAsync(world.ModuleId);
        var four = Assert.Single(first.GroupIds);
        Assert.Single(await dora.Chat!.BotMessagesAsync());

        await dora.Chat!.SaysAsync("je refuse");

        Assert.Contains("ce groupe ne se fera pas pour vous", Text(Assert.Single(await dora.Chat!.BotMessagesAsync())), StringComparison.Ordinal);
        Assert.Equal("dissolved", await world.GroupStatusAsync(four));
        foreach (var other in learners)
        {
            var mail = await Smtp4devMailbox.ToAsync(other.Email, atLeast: 3);
            Assert.Equal(2, mail.Count(m => (m.Subject ?? "").StartsWith("Un groupe d'étude vous est proposé", StringComparison.Ordinal)));
            var cancelled = Assert.Single(mail, m => (m.Subject ?? "").Contains("ne se formera pas", StringComparison.Ordinal));
            Assert.DoesNotContain("Dora", cancelled.TextBody, StringComparison.Ordinal);
            var proposals = mail.Where(m => (m.Subject ?? "").StartsWith("Un groupe", StringComparison.Ordinal)).Select(m => m.TextBody ?? "").ToList();
            Assert.Contains(proposals, p => p.Contains("4 personnes", StringComparison.Ordinal));
            Assert.Contains(proposals, p => p.Contains("3 personnes", StringComparison.Ordinal));
        }

        // Dora stays opted in, but the next round does not put her back with the people she declined.
        // It runs on the chat's (real) clock, like the re-matching her decline started: on the world's
        // clock, months later, that proposal would have expired and its members be free again.
        var again = await world.Root.Services.GetRequiredService<StudyGroupRounds>().RunRoundAsync(world.ModuleId);
        Assert.Empty(again.GroupIds);
        Assert.Equal(dora.Id, Assert.Single(again.LeftOver));
        Assert.Contains("Vous restez dans la liste pour la prochaine tentative", Text(Assert.Single(await dora.Chat!.BotMessagesAsync())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_keeps_the_group_going_with_two_and_ends_it_below_without_naming_who_left()
    {
        await using var world = await GroupWorld.StartAsync(db, Winter);
        var learners = await world.ThreeZonesAsync(chat: false);
        var dora = await world.LearnerAsync("Dora", "Europe/Paris", chat: true, (DayOfWeek.Saturday, "10:00", "15:00"));
        var group = Assert.Single((await world.Rounds.RunRoundAsync(world.ModuleId)).GroupIds);
        foreach (var l in learners)
        {
            await world.Membership.AcceptAsync(l.Id, null, CancellationToken.None);
        }

        await dora.Chat!.BotMessagesAsync();
        await dora.Chat!.SaysAsync("J'accepte");
        Assert.Equal("active", await world.GroupStatusAsync(group));
        await dora.Chat!.BotMessagesAsync(atLeast: 2);

        await dora.Chat!.SaysAsync("quitter mon groupe");

        Assert.Contains("vous avez quitté votre groupe", Text(Assert.Single(await dora.Chat!.BotMessagesAsync())), StringComparison.Ordinal);
        Assert.Equal("active", await world.GroupStatusAsync(group));
        foreach (var other in learners)
        {
            var left = Assert.Single(await Smtp4devMailbox.ToAsync(other.Email, atLeast: 3), m => (m.Subject ?? "").StartsWith("Un membre a quitté", StringComparison.Ordinal));
            Assert.DoesNotContain("Dora", left.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(LeaveOutcome.GroupContinues, (await world.Membership.LeaveAsync(learners[0].Id, null, CancellationToken.None)).Outcome);
        Assert.Equal(LeaveOutcome.GroupDissolved, (await world.Membership.LeaveAsync(learners[1].Id, null, CancellationToken.None)).Outcome);
        Assert.Equal("dissolved", await world.GroupStatusAsync(group));
        Assert.Single(await Smtp4devMailbox.ToAsync(learners[2].Email, atLeast: 5), m => (m.Subject ?? "").Contains("s'arrête", StringComparison.Ordinal));

        // The learner's rights: their memberships are in the export, and erasing them removes them.
        var privacy = world.Host.Services.GetRequiredService<LearnerPrivacy>();
        var export = (await privacy.ExportAsync(dora.Identity.LearnerId, CancellationToken.None))!;
        Assert.Equal("left", export["studyGroups"]![0]!["status"]!.GetValue<string>());
        Assert.True(await privacy.EraseAsync(dora.Identity.LearnerId, CancellationToken.None));
        Assert.DoesNotContain(dora.Id, (await world.Host.Services.GetRequiredService<GroupQueries>().FindAsync(group, CancellationToken.None))!.Members.Select(m => m.PersonId));
    }

    [Fact]
    public async Task Stopping_study_groups_declines_the_waiting_proposal_and_the_others_are_matched_again()
    {
        await using var world = await GroupWorld.StartAsync(db, Winter);
        var learners = await world.ThreeZonesAsync(chat: false);
        var dora = await world.LearnerAsync("Dora", "Europe/Paris", chat: true, (DayOfWeek.Saturday, "10:00", "15:00"));
        var four = Assert.Single((await world.Rounds.RunRoundAsync(world.ModuleId)).GroupIds);
        await dora.Chat!.BotMessagesAsync();

        await dora.Chat!.SaysAsync("quitter les groupes d'étude");

        var reply = Text(Assert.Single(await dora.Chat!.BotMessagesAsync()));
        Assert.Contains("je ne vous proposerai plus de groupe d'étude", reply, StringComparison.Ordinal);
        Assert.Contains("J'ai refusé pour vous le groupe qui vous était proposé", reply, StringComparison.Ordinal);
        Assert.Equal("dissolved", await world.GroupStatusAsync(four));
        foreach (var other in learners)
        {
            var mail = await Smtp4devMailbox.ToAsync(other.Email, atLeast: 3);
            Assert.Single(mail, m => (m.Subject ?? "").Contains("ne se formera pas", StringComparison.Ordinal));
            Assert.Single(mail, m => (m.TextBody ?? "").Contains("3 personnes", StringComparison.Ordinal));
        }

        Assert.Empty(await world.Host.Services.GetRequiredService<GroupQueries>().CandidatesAsync(world.ModuleId, [], CancellationToken.None));
        Assert.Equal(1, await world.WithdrawnOptInsAsync(dora.Id));
    }

    [Fact]
    public async Task Stopping_study_groups_leaves_the_active_group_which_goes_on_and_is_told()
    {
        await using var world = await GroupWorld.StartAsync(db, Winter);
        var learners = await world.ThreeZonesAsync(chat: false);
        var dora = await world.LearnerAsync("Dora", "Europe/Paris", chat: true, (DayOfWeek.Saturday, "10:00", "15:00"));
        var group = Assert.Single((await world.Rounds.RunRoundAsync(world.ModuleId)).GroupIds);
        foreach (var l in learners.Select(l => l.Id).Append(dora.Id))
        {
            await world.Membership.AcceptAsync(l, null, CancellationToken.None);
        }

        Assert.Equal("active", await world.GroupStatusAsync(group));
        await dora.Chat!.BotMessagesAsync(atLeast: 2);

        await dora.Chat!.SaysAsync("stop study groups");

        var reply = Text(Assert.Single(await dora.Chat!.BotMessagesAsync()));
        Assert.Contains("Vous avez quitté votre groupe d'étude", reply, StringComparison.Ordinal);
        Assert.Contains("Les autres membres en sont informés", reply, StringComparison.Ordinal);
        Assert.Equal("active", await world.GroupStatusAsync(group));
        foreach (var other in learners)
        {
            var left = Assert.Single(await Smtp4devMailbox.ToAsync(other.Email, atLeast: 3), m => (m.Subject ?? "").StartsWith("Un membre a quitté", StringComparison.Ordinal));
            Assert.DoesNotContain("Dora", left.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(1, await world.WithdrawnOptInsAsync(dora.Id));
    }

    [Fact]
    public async Task Study_group_emails_carry_a_one_click_unsubscribe_which_stops_them()
    {
        await using var world = await GroupWorld.StartAsync(db, Winter);
        var learners = await world.ThreeZonesAsync(chat: false);
        var group = Assert.Single((await world.Rounds.RunRoundAsync(world.ModuleId)).GroupIds);
        var proposal = Assert.Single(await Smtp4devMailbox.ToAsync(learners[0].Email));
        var header = proposal.Headers["List-Unsubscribe"] ?? "";
        Assert.Matches("^<http://localhost/unsubscribe\\?t=[A-Za-z0-9_-]+>, <mailto:", header);
        Assert.Equal("List-Unsubscribe=One-Click", proposal.Headers["List-Unsubscribe-Post"]);
        var url = new Uri(header[1..header.IndexOf('>', StringComparison.Ordinal)]);
        Assert.Contains(url.PathAndQuery, proposal.TextBody, StringComparison.Ordinal);

        using var client = world.Host.CreateClient();
        using var form = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        (await client.PostAsync(url.PathAndQuery, form)).EnsureSuccessStatusCode();
        await world.Membership.DeclineAsync(learners[2].Id, null, CancellationToken.None);

        // Anna opted out of study-group emails: the cancellation reaches Bruno, not her.
        Assert.Single(await Smtp4devMailbox.ToAsync(learners[1].Email, atLeast: 2), m => (m.Subject ?? "").Contains("ne se formera pas", StringComparison.Ordinal));
        Assert.Single(await Smtp4devMailbox.ToAsync(learners[0].Email, atLeast: 2, timeoutMs: 1000));
        Assert.Equal(1, await world.SendLogCountAsync($"studygroup:proposalcancelled:{group:N}:"));
    }

    [Fact]
    public async Task An_expired_proposal_tells_those_who_accepted_and_puts_everyone_back_in_the_pool()
    {
        await using var world = await GroupWorld.StartAsync(db, Winter);
        var learners = await world.ThreeZonesAsync(chat: false);
        var first = Assert.Single((await world.Rounds.RunRoundAsync(world.ModuleId)).GroupIds);
        await world.Membership.AcceptAsync(learners[0].Id, null, CancellationToken.None);

        world.Clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(0, (await world.Rounds.RunRoundAsync(world.ModuleId)).Expired);
        world.Clock.Advance(TimeSpan.FromDays(2));
        var round = await world.Rounds.RunRoundAsync(world.ModuleId);

        Assert.Equal(1, round.Expired);
        Assert.Equal("dissolved", await world.GroupStatusAsync(first));
        var again = Assert.Single(round.GroupIds);
        Assert.NotEqual(first, again);
        var told = Assert.Single(await Smtp4devMailbox.ToAsync(learners[0].Email, atLeast: 3), m => (m.Subject ?? "").Contains("ne s'est pas formé", StringComparison.Ordinal));
        Assert.Contains("tout le monde n'a pas répondu à temps", told.TextBody, StringComparison.Ordinal);
        foreach (var silent in learners.Skip(1))
        {
            Assert.DoesNotContain(await Smtp4devMailbox.ToAsync(silent.Email, atLeast: 2), m => (m.Subject ?? "").Contains("ne s'est pas formé", StringComparison.Ordinal));
        }
    }

    private static string Text(JsonElement activity) => activity.GetProperty("text").GetString()!;
}
