using MimeKit;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Tests.Email;

public sealed class SenderTrustTests
{
    private static MimeMessage With(params string[] authenticationResults)
    {
        var message = new MimeMessage { Subject = "Re: q" };
        foreach (var value in authenticationResults)
        {
            message.Headers.Add("Authentication-Results", value);
        }

        message.From.Add(new MailboxAddress("Tutor", "tutor@univ.example"));
        message.Body = new TextPart("plain") { Text = "Hi" };
        return message;
    }

    [Fact]
    public void Dmarc_fail_written_by_our_server_is_a_fail()
    {
        var message = With("mx.example.edu; spf=softfail smtp.mailfrom=univ.example; dkim=none; dmarc=fail (p=none) header.from=univ.example");

        Assert.Equal(DmarcVerdict.Fail, SenderTrust.Dmarc(message, "mx.example.edu"));
    }

    [Fact]
    public void Dmarc_pass_written_by_our_server_is_a_pass()
    {
        Assert.Equal(DmarcVerdict.Pass, SenderTrust.Dmarc(With("mx.example.edu; dkim=pass header.d=univ.example; dmarc=pass header.from=univ.example"), "mx.example.edu"));
    }

    [Fact]
    public void A_pass_claimed_by_another_server_or_below_ours_is_not_trusted()
    {
        // Topmost is ours (fail); the sender added a "pass" with our id further down.
        var forged = With("mx.example.edu; dmarc=fail header.from=univ.example", "mx.example.edu; dmarc=pass header.from=univ.example");
        var foreign = With("mx.attacker.example; dmarc=pass header.from=univ.example");

        Assert.Equal(DmarcVerdict.Fail, SenderTrust.Dmarc(forged, "mx.example.edu"));
        Assert.Equal(DmarcVerdict.Unknown, SenderTrust.Dmarc(foreign, "mx.example.edu"));
    }

    [Fact]
    public void Without_a_configured_authserv_id_nothing_is_checked()
    {
        Assert.Equal(DmarcVerdict.Unknown, SenderTrust.Dmarc(With("mx.example.edu; dmarc=fail header.from=univ.example"), ""));
    }
}
