using SupportBot.Shared.Lti;

namespace SupportBot.Tests.Lti;

public sealed class LtiOptionsTests
{
    private static LtiPlatform Moodle() => new()
    {
        Name = "moodle-univ",
        Issuer = "https://moodle.univ.example",
        ClientId = "KzYp4bW2sVq9tR1",
        DeploymentIds = ["3"],
        AuthenticationRequestUrl = "https://moodle.univ.example/mod/lti/auth.php",
        KeySetUrl = "https://moodle.univ.example/mod/lti/certs.php",
        Course = "licence-2026",
    };

    [Fact]
    public void A_complete_registration_has_no_problem()
    {
        Assert.Empty(new LtiOptions { Platforms = [Moodle()] }.Problems());
    }

    [Fact]
    public void Each_wrong_value_is_named_by_its_path()
    {
        var platform = Moodle();
        platform.DeploymentIds = [];
        platform.AuthenticationRequestUrl = "http://moodle.univ.example/mod/lti/auth.php";
        platform.Course = "";

        var problems = new LtiOptions { Platforms = [Moodle(), platform], ToolPrivateKey = "not a key" }.Problems().ToList();

        Assert.Contains(problems, p => p.StartsWith("Lti:Platforms:1:DeploymentIds", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lti:Platforms:1:AuthenticationRequestUrl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lti:Platforms:1:Course", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lti:Platforms: two platforms have the same Name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lti:ToolPrivateKey", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.StartsWith("Lti:Platforms:0", StringComparison.Ordinal));
    }

    [Fact]
    public void A_roster_sync_needs_an_https_token_url_and_the_tool_key_to_sign_with()
    {
        var platform = Moodle();
        platform.AccessTokenUrl = "http://moodle.univ.example/mod/lti/token.php";

        var problems = new LtiOptions { Platforms = [platform] }.Problems().ToList();

        Assert.Contains(problems, p => p.StartsWith("Lti:Platforms:0:AccessTokenUrl must be an https URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Lti:ToolPrivateKey is required for the roster sync Lti:Platforms:0:AccessTokenUrl", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://moodle.univ.example/mod/lti/certs.php", false, true)]
    [InlineData("http://moodle.univ.example/mod/lti/certs.php", false, false)]
    [InlineData("http://127.0.0.1:8080/mod/lti/certs.php", false, false)]
    [InlineData("http://127.0.0.1:8080/mod/lti/certs.php", true, true)]
    [InlineData("moodle.univ.example/mod/lti/certs.php", true, false)]
    [InlineData("ftp://moodle.univ.example/certs", true, false)]
    public void The_platforms_page_takes_https_and_plain_http_only_in_development(string url, bool development, bool allowed)
    {
        Assert.Equal(allowed, LtiOptions.IsAllowedOnPage(url, development));
    }
}
