using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Routing;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// A question goes to peers by email through smtp4dev, a peer replies, the answer reaches the
/// learner's web chat. Jobs are run directly from the host's services (no Hangfire server in tests).
/// Each test makes its own module, topic and addresses, so tests sharing the database or smtp4dev
/// never see each other's people.
/// </summary>
public sealed class PeerRoutingTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private T Get<T>(BotHost? on = null)
        where T : notnull => (on ?? host).Services.GetRequiredService<T>();

    [Fact]
    public async Task Question_goes_to_three_peers_each_with_its_own_reply_token_and_unsubscribe_headers()
    {
        var world = await SeedAsync(peers: 4);
        var question = await LearnerAsksAsync(world);

        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        var recipients = await RecipientIdsAsync(question);
        foreach (var id in recipients)
        {
            await Get<SendQuestionEmailJob>().RunAsync(id, CancellationToken.None);
        }

        Assert.Equal(3, recipients.Count);
        var received = new List<MimeMessage>();
        foreach (var peer in world.Peers)
        {
            received.AddRange(await Smtp4devMailbox.ToAsync(peer.Email, atLeast: 0));
        }

        received = received.Count == 3 ? received : await AllToAsync(world, 3);
        Assert.Equal(3, received.Count);
        var replyTo = received.Select(m => m.ReplyTo.Mailboxes.Single().Address).ToList();
        Assert.Equal(3, replyTo.Distinct().Count());
        Assert.All(replyTo, a => Assert.Matches("^support\\+q\\.[A-Za-z0-9_-]{32}@example\\.test$", a));
        Assert.All(received, m =>
        {
            Assert.Matches("^<http://localhost/unsubscribe\\?t=[A-Za-z0-9_-]+>, <mailto:", m.Headers["List-Unsubscribe"]);
            Assert.Equal("List-Unsubscribe=One-Click", m.Headers["List-Unsubscribe-Post"]);
            Assert.Equal("auto-generated", m.Headers["Auto-Submitted"]);
            Assert.Contains("Léa", m.Subject, StringComparison.Ordinal);
            Assert.DoesNotContain("Dubois", m.TextBody, StringComparison.Ordinal);
        });
        Assert.Equal(QuestionStatus.Routed, (await Get<QuestionStore>().FindAsync(question, CancellationToken.None))!.Status);
        var recorded = await QueryAsync<string>("SELECT message_id FROM supportbot.question_recipients WHERE question_id = @question", new { question });
        Assert.Equal(received.Select(m => m.MessageId).Order(), recorded.Order());
    }

    [Fact]
    public async Task Running_the_send_job_twice_sends_one_email()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        var recipient = Assert.Single(await RecipientIdsAsync(question));

        await Get<SendQuestionEmailJob>().RunAsync(recipient, CancellationToken.None);
        await Get<SendQuestionEmailJob>().RunAsync(recipient, CancellationToken.None);

        Assert.Single(await Smtp4devMailbox.ToAsync(world.Peers[0].Email));
        Assert.Equal("sent", await SendStatusAsync(recipient));
    }

    [Fact]
    public async Task Smtp_down_fails_the_job_with_nothing_marked_sent_and_the_retry_sends_once()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        var recipient = Assert.Single(await RecipientIdsAsync(question));
        await using var smtpDown = new BotHost(db.ConnectionString, new Dictionary<string, string?> { ["Smtp:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture) });

        await Assert.ThrowsAnyAsync<SocketException>(() => Get<SendQuestionEmailJob>(smtpDown).RunAsync(recipient, CancellationToken.None));
        Assert.Equal("failed", await SendStatusAsync(recipient));
        Assert.Empty(await Smtp4devMailbox.ToAsync(world.Peers[0].Email, atLeast: 0));

        await Get<SendQuestionEmailJob>().RunAsync(recipient, CancellationToken.None);
        await Get<SendQuestionEmailJob>().RunAsync(recipient, CancellationToken.None);

        Assert.Single(await Smtp4devMailbox.ToAsync(world.Peers[0].Email));
        Assert.Equal("sent", await SendStatusAsync(recipient));
    }

    [Fact]
    public async Task Peer_reply_reaches_the_learner_web_chat_with_only_the_new_text_once()
    {
        var suffix = Suffix();
        var learner = new LearnerIdentity("learner-" + suffix, "Léa Dubois", $"lea.{suffix}@example.test", null, "fr", "Europe/Paris");
        var chat = await WebChatLearner.OpenAsync(host, learner);
        await chat.SaysAsync("Bonjour !");
        await chat.BotMessagesAsync();
        var asker = (await QueryAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @id", new { id = learner.LearnerId })).Single();
        var reference = await Get<ConversationReferenceStore>().FindLatestForPersonAsync(asker, CancellationToken.None);
        var world = await SeedAsync(peers: 1, asker: asker);
        var question = await LearnerAsksAsync(world, reference!.Id);
        var sent = await PeerReceivesQuestionAsync(world, question);

        var reply = PeerRepliesByEmail(world.Peers[0], sent, """
            Bonjour Léa,

            Il faut d'abord enregistrer le fichier en PDF, puis cliquer sur « Déposer ».

            Le mar. 10 mars 2026 à 10:00, SupportBot <support@example.test> a écrit :
            > Je n'arrive pas à déposer mon devoir.
            > Merci

            --
            Inès Moreau
            Ancienne apprenante, promo 2024
            """);
        await Get<IInboundMailHandler>().HandleAsync(reply, CancellationToken.None);
        await Get<IInboundMailHandler>().HandleAsync(reply, CancellationToken.None);

        var answer = Assert.Single(await QueryAsync<(Guid Id, string Text)>("SELECT id, text FROM supportbot.answers WHERE question_id = @question", new { question }));
        Assert.Equal("Bonjour Léa,\n\nIl faut d'abord enregistrer le fichier en PDF, puis cliquer sur « Déposer ».", answer.Text);
        Assert.Equal(QuestionStatus.Answered, (await Get<QuestionStore>().FindAsync(question, CancellationToken.None))!.Status);

        await Get<RelayAnswerJob>().RunAsync(answer.Id, CancellationToken.None);
        await Get<RelayAnswerJob>().RunAsync(answer.Id, CancellationToken.None);

        var relayed = await QueryAsync<string>("""
            SELECT activity::text FROM supportbot.directline_activities
            WHERE conversation_id = @conversation AND NOT from_user AND activity->>'text' LIKE 'Inès (pair volontaire) vous répond :%'
            """, new { conversation = chat.ConversationId });
        var activity = JsonDocument.Parse(Assert.Single(relayed)).RootElement;
        // The answer right under "X vous répond :", and its paragraphs one line break apart: in plain text
        // Web Chat and Teams show each line as a paragraph, so a blank line would be an empty one (#18).
        Assert.Equal("Inès (pair volontaire) vous répond :\nBonjour Léa,\nIl faut d'abord enregistrer le fichier en PDF, puis cliquer sur « Déposer ».",
            activity.GetProperty("text").GetString());
        Assert.DoesNotContain("Moreau", activity.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["C'est résolu", "Toujours bloqué"],
            activity.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
        var seen = await chat.BotMessagesAsync();
        Assert.Contains(seen, m => m.GetProperty("text").GetString()!.StartsWith("Inès (pair volontaire) vous répond :", StringComparison.Ordinal));

        // Léa has not come back to the chat since: the delayed copy reaches her by email, once.
        await Get<EmailAnswerCopyJob>().RunAsync(answer.Id, CancellationToken.None);
        await Get<EmailAnswerCopyJob>().RunAsync(answer.Id, CancellationToken.None);
        var copy = Assert.Single(await Smtp4devMailbox.ToAsync(learner.Email));
        Assert.Equal("Inès a répondu à votre question", copy.Subject);
        Assert.Contains(answer.Text, copy.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403)] // the bot was removed from the learner's Teams chat, or blocked
    [InlineData(404)] // the conversation is gone
    [InlineData(413)] // the message is too large for the channel
    public async Task Chat_refusing_the_answer_for_good_sends_it_to_the_learner_by_email_at_once(int status)
    {
        await using var teams = await TeamsChannel.StartAsync();
        await using var teamsHost = BotHost.StartListening(db.ConnectionString, teams.HostSettings());
        var (email, world, question) = await TeamsLearnerAsksAsync(teams, teamsHost);
        var sent = await PeerReceivesQuestionAsync(world, question);
        await Get<IInboundMailHandler>().HandleAsync(PeerRepliesByEmail(world.Peers[0], sent, "Enregistrez-le d'abord en PDF."), CancellationToken.None);
        var answer = Assert.Single(await QueryAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @question", new { question }));

        teams.Connector.Answers.Enqueue((status, null));
        await Get<RelayAnswerJob>(teamsHost).RunAsync(answer, CancellationToken.None);

        // Not retried for hours and then lost: the email copy is enqueued now, not after Relay:EmailCopyAfter.
        Assert.Single(await QueryAsync<long>("""
            SELECT id FROM hangfire.job WHERE statename = 'Enqueued' AND invocationdata::text LIKE '%EmailAnswerCopyJob%'
              AND arguments::text LIKE '%' || @answer || '%'
            """, new { answer = answer.ToString() }));
        await Get<EmailAnswerCopyJob>(teamsHost).RunAsync(answer, CancellationToken.None);
        var copy = Assert.Single(await Smtp4devMailbox.ToAsync(email));
        Assert.Contains("Enregistrez-le d'abord en PDF.", copy.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_with_twenty_images_and_a_10_MB_one_reaches_Teams_with_a_capped_few_shown_the_rest_linked_and_the_huge_one_named()
    {
        await using var teams = await TeamsChannel.StartAsync();
        await using var teamsHost = BotHost.StartListening(db.ConnectionString, teams.HostSettings());
        var (email, world, question) = await TeamsLearnerAsksAsync(teams, teamsHost);
        var sent = await PeerReceivesQuestionAsync(world, question);
        var reply = PeerRepliesByEmail(world.Peers[0], sent, "Voici les captures.");
        var builder = new BodyBuilder { TextBody = "Voici les captures." };
        for (var i = 1; i <= 20; i++)
        {
            builder.Attachments.Add($"capture{i:00}.png", Enumerable.Repeat((byte)i, 200 * 1024).ToArray(), new ContentType("image", "png"));
        }

        builder.Attachments.Add("ecran-complet.png", new byte[10 * 1024 * 1024], new ContentType("image", "png"));
        reply.Body = builder.ToMessageBody();
        using var raw = new MemoryStream();
        await reply.WriteToAsync(raw);
        raw.Position = 0;

        // As the inbox hands it over: parsed from the wire.
        await Get<IInboundMailHandler>().HandleAsync(await MimeMessage.LoadAsync(raw), CancellationToken.None);
        var answer = Assert.Single(await QueryAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @question", new { question }));
        await Get<RelayAnswerJob>(teamsHost).RunAsync(answer, CancellationToken.None);

        var posted = teams.Connector.Requests.Last(r => r.Method == "POST" && r.Body.Contains("Voici les captures", StringComparison.Ordinal));
        Assert.True(posted.Body.Length < 6 * 1024 * 1024, $"the activity is {posted.Body.Length / 1024} KB");
        var activity = JsonDocument.Parse(posted.Body).RootElement;
        // In Teams the buttons come as an Adaptive Card attachment too.
        var shown = activity.GetProperty("attachments").EnumerateArray()
            .Where(a => a.GetProperty("contentType").GetString()!.StartsWith("image/", StringComparison.Ordinal))
            .Select(a => a.GetProperty("name").GetString()!).ToList();
        var text = activity.GetProperty("text").GetString()!;
        var links = System.Text.RegularExpressions.Regex.Matches(text, @"^- (capture\d\d\.png) \(200 Ko\) : http://localhost(/answers/\S+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.InRange(shown.Count, 1, 6);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"capture{i:00}.png"), shown.Concat(links.Select(l => l.Groups[1].Value)).Order());
        Assert.Matches(@"(?m)^- ecran-complet\.png \(10(,\d)? Mo, trop volumineuse pour être affichée, demandez-la à l'expéditeur\)$", text);

        // A link opens its image from the bot, and only with its signature.
        using var http = teamsHost.CreateClient();
        var first = links[0];
        var bytes = await http.GetByteArrayAsync(new Uri(first.Groups[2].Value, UriKind.Relative));
        Assert.Equal(200 * 1024, bytes.Length);
        Assert.Equal((byte)int.Parse(first.Groups[1].Value[7..9], System.Globalization.CultureInfo.InvariantCulture), bytes[0]);
        var tampered = first.Groups[2].Value[..^1] + (first.Groups[2].Value[^1] == '0' ? '1' : '0');
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(tampered, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(first.Groups[2].Value.Split('?')[0], UriKind.Relative))).StatusCode);

        // The email copy (Léa has not been back) names every image too: a link each, the huge one named.
        await Get<EmailAnswerCopyJob>(teamsHost).RunAsync(answer, CancellationToken.None);
        var copy = Assert.Single(await Smtp4devMailbox.ToAsync(email)).TextBody!;
        Assert.Equal(20, System.Text.RegularExpressions.Regex.Count(copy, @"(?m)^- capture\d\d\.png \(200 Ko\) : http://localhost/answers/\S+\r?$"));
        Assert.Matches(@"(?m)^- ecran-complet\.png \(10(,\d)? Mo\), trop volumineuse pour être transmise, demandez-la à l'expéditeur\r?$", copy);
        Assert.True(copy.Length < 64 * 1024, $"the copy is {copy.Length / 1024} KB");
    }

    [Fact]
    public async Task Learner_back_in_the_chat_gets_no_email_copy()
    {
        var suffix = Suffix();
        var learner = new LearnerIdentity("learner-" + suffix, "Tom Wilson", $"tom.{suffix}@example.test", null, "en", "Europe/London");
        var chat = await WebChatLearner.OpenAsync(host, learner);
        await chat.SaysAsync("hello", "en-US");
        await chat.BotMessagesAsync();
        var asker = (await QueryAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @id", new { id = learner.LearnerId })).Single();
        var reference = await Get<ConversationReferenceStore>().FindLatestForPersonAsync(asker, CancellationToken.None);
        var world = await SeedAsync(peers: 1, asker: asker);
        var question = await Get<QuestionStore>().CreateAsync(
            new NewQuestion(asker, world.Module, world.Topic, "en", "How do I upload my assignment?", reference!.Id), CancellationToken.None);
        var sent = await PeerReceivesQuestionAsync(world, question);
        await Get<IInboundMailHandler>().HandleAsync(PeerRepliesByEmail(world.Peers[0], sent, "Save it as PDF first."), CancellationToken.None);
        var answer = Assert.Single(await QueryAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @question", new { question }));
        await Get<RelayAnswerJob>().RunAsync(answer, CancellationToken.None);
        var relayed = Assert.Single(await chat.BotMessagesAsync(), m => m.GetProperty("text").GetString()!.StartsWith("Inès (peer volunteer) answers you:", StringComparison.Ordinal));
        Assert.Equal(["Solved", "Still stuck"],
            relayed.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()));

        await chat.SaysAsync("thanks, reading it", "en-US");
        await Get<EmailAnswerCopyJob>().RunAsync(answer, CancellationToken.None);

        Assert.Empty(await Smtp4devMailbox.ToAsync(learner.Email, atLeast: 0));
    }

    [Fact]
    public async Task Learner_says_solved_and_the_peer_who_answered_is_thanked_once()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        var sent = await PeerReceivesQuestionAsync(world, question);
        await Get<IInboundMailHandler>().HandleAsync(PeerRepliesByEmail(world.Peers[0], sent, "Redémarrez le navigateur."), CancellationToken.None);

        await Get<QuestionStore>().MarkResolvedAsync(question, CancellationToken.None);
        await Get<QuestionStore>().MarkResolvedAsync(question, CancellationToken.None);
        await Get<ThankPeerJob>().RunAsync(question, CancellationToken.None);
        await Get<ThankPeerJob>().RunAsync(question, CancellationToken.None);

        var mails = await Smtp4devMailbox.ToAsync(world.Peers[0].Email, atLeast: 2);
        Assert.Single(mails, m => m.Subject!.StartsWith("Merci pour votre aide", StringComparison.Ordinal));
        Assert.Equal(QuestionStatus.Resolved, (await Get<QuestionStore>().FindAsync(question, CancellationToken.None))!.Status);
        await Assert.ThrowsAsync<QuestionStateException>(() => Get<QuestionStore>().CancelAsync(question, CancellationToken.None));
    }

    [Fact]
    public async Task Still_stuck_routes_the_question_again_to_peers_who_did_not_have_it()
    {
        var world = await SeedAsync(peers: 4);
        var question = await LearnerAsksAsync(world);
        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        var first = await PersonIdsAsked(question);
        var sent = await PeerReceivesQuestionAsync(world, question, routed: true);
        var answerer = world.Peers.Single(p => p.Email == sent.To.Mailboxes.Single().Address);
        await Get<IInboundMailHandler>().HandleAsync(PeerRepliesByEmail(answerer, sent, "Essayez Firefox."), CancellationToken.None);

        await Get<QuestionStore>().ReopenAsync(question, CancellationToken.None);
        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);

        var view = await Get<QuestionStore>().FindAsync(question, CancellationToken.None);
        Assert.Equal((QuestionStatus.Routed, 1), (view!.Status, view.ReopenedCount));
        var second = (await PersonIdsAsked(question)).Except(first).ToList();
        Assert.Single(second);
        Assert.DoesNotContain(second[0], first);
    }

    [Fact]
    public async Task Reply_through_an_expired_reply_address_is_held_for_review_not_relayed()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        var sent = await PeerReceivesQuestionAsync(world, question);
        // Asked longer ago than Routing:ReplyTokenLifetime (30 days by default): a leaked old address answers nobody's question.
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.question_recipients SET asked_at = now() - interval '31 days' WHERE question_id = @question", new { question });
        }

        await Get<IInboundMailHandler>().HandleAsync(PeerRepliesByEmail(world.Peers[0], sent, "Toujours besoin d'aide ?"), CancellationToken.None);

        var held = Assert.Single(await QueryAsync<(string Text, string Reason)>("SELECT text, reason FROM supportbot.held_replies WHERE question_id = @question", new { question }));
        Assert.Equal(("Toujours besoin d'aide ?", HeldReasons.TokenExpired), held);
        Assert.Empty(await QueryAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @question", new { question }));
    }

    [Fact]
    public async Task Reply_from_a_stranger_is_held_for_review()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        var sent = await PeerReceivesQuestionAsync(world, question);
        var stranger = new Person(Guid.NewGuid(), "Marc Inconnu", $"stranger.{Suffix()}@example.org");

        await Get<IInboundMailHandler>().HandleAsync(PeerRepliesByEmail(stranger, sent, "Je peux aider ?"), CancellationToken.None);

        Assert.Equal("Je peux aider ?", Assert.Single(await QueryAsync<string>("SELECT text FROM supportbot.held_replies WHERE question_id = @question", new { question })));
        Assert.Empty(await QueryAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @question", new { question }));
        Assert.Equal(QuestionStatus.Routed, (await Get<QuestionStore>().FindAsync(question, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task Auto_reply_is_dropped()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        var sent = await PeerReceivesQuestionAsync(world, question);
        var outOfOffice = PeerRepliesByEmail(world.Peers[0], sent, "Je suis absente jusqu'au 20 mars.");
        outOfOffice.Headers.Add("Auto-Submitted", "auto-replied");

        await Get<IInboundMailHandler>().HandleAsync(outOfOffice, CancellationToken.None);

        Assert.Equal("auto_reply", Assert.Single(await QueryAsync<string>("SELECT kind FROM supportbot.inbound_mail WHERE message_id = @id", new { id = outOfOffice.MessageId })));
        Assert.Empty(await QueryAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @question", new { question }));
        Assert.Empty(await QueryAsync<Guid>("SELECT id FROM supportbot.held_replies WHERE question_id = @question", new { question }));
    }

    [Fact]
    public async Task Bounce_of_a_question_we_sent_is_recorded_and_the_address_is_no_longer_asked()
    {
        var world = await SeedAsync(peers: 1);
        var sent = await PeerReceivesQuestionAsync(world, await LearnerAsksAsync(world));
        var bounce = new MimeMessage { Subject = "Undelivered Mail Returned to Sender", MessageId = $"bounce-{Suffix()}@mx.example.org" };
        bounce.From.Add(new MailboxAddress("Mail Delivery System", "MAILER-DAEMON@mx.example.org"));
        bounce.To.Add(new MailboxAddress("", "support@example.test"));
        bounce.Headers.Add("X-Failed-Recipients", world.Peers[0].Email);
        bounce.Body = new TextPart("plain") { Text = $"This is the mail system. The message could not be delivered.\n\n--- original headers ---\nMessage-ID: <{sent.MessageId}>\nSubject: {sent.Subject}\n" };

        await Get<IInboundMailHandler>().HandleAsync(bounce, CancellationToken.None);

        Assert.True(Assert.Single(await QueryAsync<bool>("SELECT permanent FROM supportbot.email_bounces WHERE email = lower(@email)", new { email = world.Peers[0].Email })));
        var question = await LearnerAsksAsync(world);
        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        Assert.DoesNotContain(world.Peers[0].Id, await PersonIdsAsked(question));
    }

    [Theory]
    [InlineData("stranger@example.org", "Hello")]
    [InlineData("MAILER-DAEMON@mx.example.org", "Undelivered Mail Returned to Sender")]
    public async Task Spoofed_bounce_naming_a_peer_marks_nobody_and_the_peer_is_still_asked(string from, string subject)
    {
        var world = await SeedAsync(peers: 1);
        var bounce = new MimeMessage { Subject = subject, MessageId = $"spoof-{Suffix()}@example.org" };
        bounce.From.Add(new MailboxAddress("", from));
        bounce.To.Add(new MailboxAddress("", "support@example.test"));
        bounce.Headers.Add("X-Failed-Recipients", world.Peers[0].Email);
        bounce.Body = new TextPart("plain") { Text = "Message-ID: <sb.00000000000000000000000000000000@example.test>\nnot a message we sent" };

        await Get<IInboundMailHandler>().HandleAsync(bounce, CancellationToken.None);

        Assert.Empty(await QueryAsync<bool>("SELECT permanent FROM supportbot.email_bounces WHERE email = lower(@email)", new { email = world.Peers[0].Email }));
        Assert.Contains("not about mail we sent", Assert.Single(await QueryAsync<string>("SELECT detail FROM supportbot.inbound_mail WHERE message_id = @id", new { id = bounce.MessageId })), StringComparison.Ordinal);
        var question = await LearnerAsksAsync(world);
        await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        Assert.Contains(world.Peers[0].Id, await PersonIdsAsked(question));
    }

    [Fact]
    public async Task Unanswered_question_reminds_the_peers_in_thread_then_goes_to_the_tutor_and_an_answer_stops_the_ladder()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        var first = await PeerReceivesQuestionAsync(world, question);

        await Get<EscalateQuestionJob>().RunAsync(question, 0, EscalationStep.Remind, CancellationToken.None);
        await Get<EscalateQuestionJob>().RunAsync(question, 0, EscalationStep.Remind, CancellationToken.None);
        await Get<EscalateQuestionJob>().RunAsync(question, 0, EscalationStep.Tutor, CancellationToken.None);
        foreach (var id in await QueryAsync<long>("SELECT id FROM supportbot.question_recipients WHERE question_id = @question AND role = 'tutor'", new { question }))
        {
            await Get<SendQuestionEmailJob>().RunAsync(id, CancellationToken.None);
        }

        var reminder = Assert.Single(await Smtp4devMailbox.ToAsync(world.Peers[0].Email, atLeast: 2), m => m.Subject!.StartsWith("Rappel", StringComparison.Ordinal));
        Assert.Equal(first.MessageId, reminder.InReplyTo);
        Assert.Equal(first.ReplyTo.ToString(), reminder.ReplyTo.ToString());
        var tutorMail = Assert.Single(await Smtp4devMailbox.ToAsync(world.TutorEmail));
        Assert.StartsWith("Question sans réponse de Léa", tutorMail.Subject, StringComparison.Ordinal);
        Assert.Equal(QuestionStatus.Escalated, (await Get<QuestionStore>().FindAsync(question, CancellationToken.None))!.Status);

        await Get<IInboundMailHandler>().HandleAsync(PeerRepliesByEmail(new Person(world.Tutor, "Claire Martin", world.TutorEmail), tutorMail, "Voici la marche à suivre."), CancellationToken.None);
        await Get<EscalateQuestionJob>().RunAsync(question, 0, EscalationStep.Expire, CancellationToken.None);

        Assert.Equal(QuestionStatus.Answered, (await Get<QuestionStore>().FindAsync(question, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task One_click_unsubscribe_opts_the_peer_out_and_routing_stops_asking_them()
    {
        var world = await SeedAsync(peers: 1);
        var question = await LearnerAsksAsync(world);
        var mail = await PeerReceivesQuestionAsync(world, question);
        var url = new Uri(System.Text.RegularExpressions.Regex.Match(mail.Headers["List-Unsubscribe"]!, "<(http[^>]+)>").Groups[1].Value);
        using var http = host.CreateClient();
        var path = new Uri(url.PathAndQuery, UriKind.Relative);

        var page = await http.GetAsync(path);
        var invalid = await http.PostAsync(new Uri("/unsubscribe?t=forged", UriKind.Relative), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var posted = await http.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Unsubscribe", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(["routed_questions"], await QueryAsync<string>("SELECT category FROM supportbot.email_preferences WHERE person_id = @id", new { id = world.Peers[0].Id }));
        var next = await LearnerAsksAsync(world);
        await Get<RouteQuestionJob>().RunAsync(next, CancellationToken.None);
        Assert.DoesNotContain(world.Peers[0].Id, await PersonIdsAsked(next));
    }

    private async Task<MimeMessage> PeerReceivesQuestionAsync(World world, Guid question, bool routed = false)
    {
        if (!routed)
        {
            await Get<RouteQuestionJob>().RunAsync(question, CancellationToken.None);
        }

        var recipient = (await RecipientIdsAsync(question))[0];
        await Get<SendQuestionEmailJob>().RunAsync(recipient, CancellationToken.None);
        var email = Assert.Single(await QueryAsync<string>("""
            SELECT p.email FROM supportbot.question_recipients r JOIN supportbot.people p ON p.id = r.person_id WHERE r.id = @recipient
            """, new { recipient }));
        return (await Smtp4devMailbox.ToAsync(email)).Single(m => m.MessageId == MessageIdOf(recipient));

        string MessageIdOf(long id) => QueryAsync<string>("SELECT message_id FROM supportbot.question_recipients WHERE id = @id", new { id }).Result.Single();
    }

    private static MimeMessage PeerRepliesByEmail(Person from, MimeMessage question, string text)
    {
        var reply = new MimeMessage { Subject = "Re: " + question.Subject, MessageId = $"reply-{Suffix()}@mail.example.org" };
        reply.From.Add(new MailboxAddress(from.Name, from.Email));
        reply.To.Add(new MailboxAddress("SupportBot", question.ReplyTo.Mailboxes.Single().Address));
        reply.InReplyTo = question.MessageId;
        reply.References.Add(question.MessageId!);
        reply.Body = new TextPart("plain") { Text = text.ReplaceLineEndings("\r\n").Replace("--\r\n", "-- \r\n", StringComparison.Ordinal) };
        return reply;
    }

    private async Task<Guid> LearnerAsksAsync(World world, long? reference = null) =>
        await Get<QuestionStore>().CreateAsync(
            new NewQuestion(world.Asker, world.Module, world.Topic, "fr", "Je n'arrive pas à déposer mon devoir.", reference), CancellationToken.None);

    private async Task<World> SeedAsync(int peers, Guid? asker = null)
    {
        var s = Suffix();
        var people = Get<PeopleStore>();
        var ct = CancellationToken.None;
        await people.UpsertCourseAsync("course-" + s, "Licence", ct);
        await people.UpsertModuleAsync("module-" + s, "course-" + s, "Module 1 – Plateforme", null, ct);
        asker ??= await people.UpsertPersonAsync(new PersonRecord("asker-" + s, "Léa Dubois", $"lea.{s}@example.test", "fr", "Europe/Paris", false), ct);
        await people.EnrolAsync(asker.Value, "module-" + s, null, ct);
        var tutor = await people.UpsertPersonAsync(new PersonRecord("tutor-" + s, "Claire Martin", $"claire.{s}@example.test", "fr", "Europe/Paris", false), ct);
        await people.AddTutorAsync(tutor, "module-" + s, ct);
        var list = new List<Person>();
        string[] zones = ["Europe/Paris", "America/Martinique", "Indian/Reunion", "Pacific/Noumea"];
        string[] names = ["Inès Moreau", "Marc Jean-Baptiste", "Aïcha Payet", "Nina Wamytan"];
        for (var i = 0; i < peers; i++)
        {
            var email = $"peer{i}.{s}@example.test";
            var id = await people.UpsertPersonAsync(new PersonRecord($"peer{i}-{s}", names[i % names.Length], email, "fr", zones[i % zones.Length], false), ct);
            await people.UpsertVolunteerAsync(id, new VolunteerPreferences(["topic-" + s], 5, null, null), "import", ct);
            // Routing asks the volunteers of the question's module only (#14).
            await people.EnrolAsync(id, "module-" + s, null, ct);
            list.Add(new Person(id, names[i % names.Length], email));
        }

        return new World(asker.Value, "module-" + s, "topic-" + s, tutor, $"claire.{s}@example.test", list);
    }

    private async Task<List<MimeMessage>> AllToAsync(World world, int expected)
    {
        var all = new List<MimeMessage>();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (all.Count < expected && DateTime.UtcNow < deadline)
        {
            all.Clear();
            foreach (var peer in world.Peers)
            {
                all.AddRange(await Smtp4devMailbox.ToAsync(peer.Email, atLeast: 0));
            }

            await Task.Delay(200);
        }

        return all;
    }

    private Task<List<long>> RecipientIdsAsync(Guid question) =>
        QueryAsync<long>("SELECT id FROM supportbot.question_recipients WHERE question_id = @question ORDER BY id", new { question });

    private Task<List<Guid>> PersonIdsAsked(Guid question) =>
        QueryAsync<Guid>("SELECT person_id FROM supportbot.question_recipients WHERE question_id = @question", new { question });

    private async Task<string?> SendStatusAsync(long recipient) => (await QueryAsync<string>("""
        SELECT s.status FROM supportbot.send_log s JOIN supportbot.question_recipients r
          ON s.key = 'question:' || r.question_id || ':ask:' || r.person_id || ':r' || r.round
        WHERE r.id = @recipient
        """, new { recipient })).SingleOrDefault();

    private async Task<List<T>> QueryAsync<T>(string sql, object args)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<T>(sql, args)).ToList();
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..10];

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Person(Guid Id, string Name, string Email);

    private sealed record World(Guid Asker, string Module, string Topic, Guid Tutor, string TutorEmail, IReadOnlyList<Person> Peers);

    /// <summary>Léa says hello in Teams (so her conversation is known), then asks a question one peer is sent.</summary>
    private async Task<(string Email, World World, Guid Question)> TeamsLearnerAsksAsync(TeamsChannel teams, BotHost teamsHost)
    {
        var suffix = Suffix();
        var email = $"lea.{suffix}@example.test";
        var asker = await Get<PeopleStore>().UpsertLearnerAsync(new LearnerIdentity("lea-" + suffix, "Léa Dubois", email, null, "fr", "Europe/Paris"), CancellationToken.None);
        using var lea = teams.Learner(teamsHost.Address!, "29:lea-" + suffix, "Léa Dubois", email);
        await lea.SaysAsync("bonjour");
        await lea.BotMessagesAsync();
        var reference = await Get<ConversationReferenceStore>().FindLatestForPersonAsync(asker, CancellationToken.None);
        Assert.Equal("msteams", reference!.ChannelId);
        var world = await SeedAsync(peers: 1, asker: asker);
        return (email, world, await LearnerAsksAsync(world, reference.Id));
    }
}
