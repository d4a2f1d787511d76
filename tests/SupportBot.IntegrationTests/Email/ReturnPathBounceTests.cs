using System.Text.Json;
using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.IntegrationTests.Email;

/// <summary>
/// A message leaves through smtp4dev with its signed return path as MAIL FROM; the recipient's server
/// sends a DSN to that address quoting none of our message (as many do); the bot's inbox reads it from
/// smtp4dev's IMAP and marks the recipient. A DSN to a forged return path marks nobody and is kept.
/// </summary>
public sealed class ReturnPathBounceTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly HttpClient Smtp4dev = new() { BaseAddress = TestServices.Smtp4devUrl, Timeout = TimeSpan.FromSeconds(10) };

    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Inbox:HeartbeatInterval"] = "00:00:00.300",
            // Return paths support+b.<token>@ land in smtp4dev's Support mailbox, which this host's inbox reads.
            ["OutgoingMail:BounceLocalPart"] = "support",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_dsn_to_the_signed_return_path_quoting_no_message_id_marks_the_recipient()
    {
        var peer = $"peer.{run}@example.test";
        var sent = await WeSendAsync(peer);

        var returnPath = await EnvelopeSenderOfMailToAsync(peer);
        Assert.Matches($"^support\\+b\\.[a-z2-7]{{{ReturnPaths.TokenLength}}}@example\\.test$", returnPath);
        Assert.Equal("support@example.test", sent.From.Mailboxes.Single().Address);

        var dsn = await RemoteServerBouncesAsync(returnPath, peer);

        Assert.Contains("by return path", await InboxRecordAsync(dsn), StringComparison.Ordinal);
        Assert.True(Assert.Single(await QueryAsync<bool>("SELECT permanent FROM supportbot.email_bounces WHERE email = lower(@peer)", new { peer })));
    }

    [Fact]
    public async Task A_dsn_to_a_forged_or_made_up_return_path_marks_nobody_and_is_kept()
    {
        var peer = $"other.{run}@example.test";
        await WeSendAsync(peer);
        var returnPath = await EnvelopeSenderOfMailToAsync(peer);
        var token = returnPath["support+b.".Length..returnPath.IndexOf('@', StringComparison.Ordinal)];
        var altered = $"support+b.{token[..10]}{(token[10] == 'a' ? 'b' : 'a')}{token[11..]}@example.test";
        var madeUp = $"support+b.{new string('q', ReturnPaths.TokenLength)}@example.test";

        var first = await RemoteServerBouncesAsync(altered, peer);
        var second = await RemoteServerBouncesAsync(madeUp, peer);

        foreach (var dsn in new[] { first, second })
        {
            var detail = await InboxRecordAsync(dsn);
            Assert.Contains("return path forged", detail, StringComparison.Ordinal);
            Assert.Contains("not about mail we sent", detail, StringComparison.Ordinal);
        }

        Assert.Empty(await QueryAsync<bool>("SELECT permanent FROM supportbot.email_bounces WHERE email = lower(@peer)", new { peer }));
    }

    /// <summary>An email through the send log, as every job sends one.</summary>
    private async Task<MimeMessage> WeSendAsync(string peer)
    {
        var key = $"test:{run}:{peer}";
        var message = host.Services.GetRequiredService<MailComposer>().Compose(
            new OutgoingEmail(key, peer, "Peer", new RenderedMail("Une question pour vous", "Bonjour", "<p>Bonjour</p>")));
        Assert.Equal(DeliveryOutcome.Sent, await host.Services.GetRequiredService<EmailDelivery>().SendAsync(key, new MailTarget(peer, null, null), message, null, CancellationToken.None));
        return message;
    }

    /// <summary>MAIL FROM of the message smtp4dev received for <paramref name="to"/>: its list API's "from" is the envelope sender.</summary>
    private static async Task<string> EnvelopeSenderOfMailToAsync(string to)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var root = JsonDocument.Parse(await Smtp4dev.GetStringAsync(new Uri("api/messages?mailboxName=Default&pageSize=5000", UriKind.Relative))).RootElement;
            var list = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("results");
            var found = list.EnumerateArray().Where(m => m.GetProperty("to").GetRawText().Contains(to, StringComparison.OrdinalIgnoreCase)).ToList();
            if (found.Count > 0 || DateTime.UtcNow > deadline)
            {
                return Assert.Single(found).GetProperty("from").GetString()!;
            }

            await Task.Delay(150);
        }
    }

    /// <summary>An RFC 3464 report as a receiving server writes it when it returns no part of the message.</summary>
    private async Task<string> RemoteServerBouncesAsync(string returnPath, string failed)
    {
        var dsnId = $"dsn.{Guid.NewGuid():N}@mx.example.org";
        var raw = $"""
            From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
            To: {returnPath}
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <{dsnId}>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

            --b1
            Content-Type: text/plain

            Your message could not be delivered to one or more recipients.

            --b1
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.org

            Final-Recipient: rfc822; {failed}
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 user unknown

            --b1--

            """.ReplaceLineEndings("\r\n");
        var dsn = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", TestServices.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(dsn, MailboxAddress.Parse("MAILER-DAEMON@mx.example.org"), [MailboxAddress.Parse(returnPath)]);
        await smtp.DisconnectAsync(true);
        return dsnId;
    }

    /// <summary>What the inbox recorded for the message, once it has read it.</summary>
    private async Task<string> InboxRecordAsync(string messageId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var rows = await QueryAsync<(string Kind, string Detail)>("SELECT kind, detail FROM supportbot.inbound_mail WHERE message_id = @messageId", new { messageId });
            if (rows.Count == 1)
            {
                Assert.Equal("bounce", rows[0].Kind);
                return rows[0].Detail;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The inbox did not record {messageId} within 60 s.");
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object args)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return [.. await c.QueryAsync<T>(sql, args)];
    }
}
