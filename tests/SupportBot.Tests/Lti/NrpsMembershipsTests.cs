using System.Net;
using System.Text;
using SupportBot.Shared.Lti;

namespace SupportBot.Tests.Lti;

/// <summary>
/// The memberships reader against canned platform answers (NRPS 2.0 pages with Link headers): what
/// a misbehaving platform could do that the local Moodle-shaped one does not.
/// </summary>
public sealed class NrpsMembershipsTests
{
    private const string First = "https://moodle.univ.example/mod/lti/services.php/CourseSection/17/bindings/3/memberships";

    [Fact]
    public async Task Only_the_next_link_is_followed_among_several()
    {
        var platform = new CannedPlatform
        {
            [First] = (Page("51"), $"<{First}?since=1>; rel=\"differences\", <{First}?from=1&limit=1>; rel=\"next\""),
            [First + "?from=1&limit=1"] = (Page("52"), null),
        };

        var members = await new NrpsMemberships(platform).ReadAllAsync(First, "token", CancellationToken.None);

        Assert.Equal(["51", "52"], members.Select(m => m.UserId));
        Assert.Equal(2, platform.Requests.Count);
        Assert.All(platform.Requests, r => Assert.Equal("Bearer token", r));
    }

    [Fact]
    public async Task A_next_page_on_another_site_is_refused_before_the_token_goes_there()
    {
        var platform = new CannedPlatform
        {
            [First] = (Page("51"), "<https://elsewhere.example/steal>; rel=\"next\""),
        };

        var refused = await Assert.ThrowsAsync<LtiServiceException>(() => new NrpsMemberships(platform).ReadAllAsync(First, "token", CancellationToken.None));

        Assert.Contains("another site (https://elsewhere.example)", refused.Message, StringComparison.Ordinal);
        Assert.Single(platform.Requests);
    }

    [Fact]
    public async Task A_page_that_is_not_a_membership_container_is_refused_with_its_number()
    {
        var platform = new CannedPlatform
        {
            [First] = (Page("51"), $"<{First}?p=2>; rel=next"),
            [First + "?p=2"] = ("<html>maintenance</html>", null),
        };

        var refused = await Assert.ThrowsAsync<LtiServiceException>(() => new NrpsMemberships(platform).ReadAllAsync(First, "token", CancellationToken.None));

        Assert.Contains("(page 2) is not JSON", refused.Message, StringComparison.Ordinal);
    }

    private static string Page(string userId) =>
        $$"""{"id":"x","context":{"id":"17"},"members":[{"status":"Active","user_id":"{{userId}}","roles":["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]}]}""";

    /// <summary>Answers each URL with its body and Link header; records the Authorization each request carried.</summary>
    private sealed class CannedPlatform : HttpMessageHandler, IHttpClientFactory
    {
        private readonly Dictionary<string, (string Body, string? Link)> pages = [];

        public List<string> Requests { get; } = [];

        public (string Body, string? Link) this[string url]
        {
            set => pages[url] = value;
        }

        public HttpClient CreateClient(string name) => new(this, disposeHandler: false);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.Headers.Authorization?.ToString() ?? "");
            if (!pages.TryGetValue(request.RequestUri!.AbsoluteUri, out var page))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(page.Body, Encoding.UTF8, "application/vnd.ims.lti-nrps.v2.membershipcontainer+json") };
            if (page.Link is not null)
            {
                response.Headers.TryAddWithoutValidation("Link", page.Link);
            }

            return Task.FromResult(response);
        }
    }
}
