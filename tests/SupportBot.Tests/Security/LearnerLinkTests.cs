using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Shared.People;

namespace SupportBot.Tests.Security;

/// <summary>
/// Issue 17 item 13: a learner link names SupportBot as its audience, lives at most MaxLifetime, and
/// names its key, so the course platform can rotate keys with two valid at once.
/// </summary>
public sealed class LearnerLinkTests
{
    private static readonly string Current = new('c', 40);
    private static readonly string Previous = new('p', 40);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));

    private LearnerLinks Links(string? previousKey = null) => new(Options.Create(new LearnerLinkOptions
    {
        SigningKey = Current, KeyId = "2026-03", PreviousSigningKey = previousKey, PreviousKeyId = previousKey is null ? null : "2025-09",
    }), clock);

    /// <summary>A link as a course platform signs it.</summary>
    private string Signed(string key, string? kid, string? audience = "supportbot", TimeSpan? lifetime = null, bool withIssuedAt = true)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "supportbot-course-platform",
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "lea"), new Claim("name", "Léa"), new Claim("email", "lea@example.test")]),
            IssuedAt = withIssuedAt ? now : null,
            Expires = now + (lifetime ?? TimeSpan.FromHours(2)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)) { KeyId = kid }, SecurityAlgorithms.HmacSha256),
        });
    }

    [Fact]
    public async Task A_link_without_supportbot_as_its_audience_is_refused()
    {
        Assert.Equal(LearnerLinkFailure.Invalid, (await Links().ValidateAsync(Signed(Current, "2026-03", audience: null))).Failure);
        Assert.Equal(LearnerLinkFailure.Invalid, (await Links().ValidateAsync(Signed(Current, "2026-03", audience: "another-app"))).Failure);
        Assert.NotNull((await Links().ValidateAsync(Signed(Current, "2026-03"))).Learner);
    }

    [Fact]
    public async Task A_link_signed_to_last_longer_than_the_maximum_or_without_an_issue_time_is_refused()
    {
        Assert.Equal(LearnerLinkFailure.Invalid, (await Links().ValidateAsync(Signed(Current, "2026-03", lifetime: TimeSpan.FromDays(30)))).Failure);
        Assert.Equal(LearnerLinkFailure.Invalid, (await Links().ValidateAsync(Signed(Current, "2026-03", withIssuedAt: false))).Failure);
        Assert.NotNull((await Links().ValidateAsync(Signed(Current, "2026-03", lifetime: TimeSpan.FromHours(24)))).Learner);
    }

    [Fact]
    public async Task During_a_rotation_links_of_both_keys_work_and_after_it_only_the_new_ones()
    {
        var oldLink = Signed(Previous, "2025-09");
        var newLink = Signed(Current, "2026-03");

        Assert.NotNull((await Links(previousKey: Previous).ValidateAsync(oldLink)).Learner);
        Assert.NotNull((await Links(previousKey: Previous).ValidateAsync(newLink)).Learner);
        Assert.Equal(LearnerLinkFailure.Invalid, (await Links().ValidateAsync(oldLink)).Failure);
        Assert.NotNull((await Links().ValidateAsync(newLink)).Learner);
    }

    [Fact]
    public async Task Links_made_here_name_the_current_key_and_the_audience_and_an_expired_one_says_so()
    {
        var links = Links();
        var link = links.Create(new LearnerIdentity("lea", "Léa", "lea@example.test", null, "fr", "Europe/Paris"));
        var jwt = new JsonWebToken(link);

        Assert.Equal("2026-03", jwt.Kid);
        Assert.Equal(["supportbot"], jwt.Audiences);
        Assert.Throws<ArgumentOutOfRangeException>(() => links.Create(new LearnerIdentity("lea", "Léa", "lea@example.test", null, "fr", "Europe/Paris"), TimeSpan.FromDays(3)));
        clock.Advance(TimeSpan.FromHours(13));
        Assert.Equal(LearnerLinkFailure.Expired, (await links.ValidateAsync(link)).Failure);
    }
}
