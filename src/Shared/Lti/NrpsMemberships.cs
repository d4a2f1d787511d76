using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Shared.Lti;

/// <summary>One member of a course as Names and Role Provisioning 2.0 lists them.</summary>
public sealed record NrpsMember(string? UserId, string? Name, string? GivenName, string? FamilyName, string? Email, string Status, IReadOnlyList<string> Roles);

/// <summary>
/// Reads a course's membership container (LTI Names and Role Provisioning Services 2.0) page by
/// page, following the Link header's rel="next". The bearer token goes only to the memberships
/// endpoint's own origin: a next link elsewhere is refused.
/// </summary>
public sealed partial class NrpsMemberships(IHttpClientFactory http)
{
    public const string Scope = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    private const string MediaType = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

    // A platform that keeps answering "next" (a loop) stops here, far beyond any course's size.
    private const int MaxPages = 1000;

    public async Task<IReadOnlyList<NrpsMember>> ReadAllAsync(string membershipsUrl, string accessToken, CancellationToken ct)
    {
        var first = new Uri(membershipsUrl);
        var members = new List<NrpsMember>();
        var client = http.CreateClient(LtiServiceTokens.HttpClientName);
        Uri? next = first;
        for (var page = 1; next is not null; page++)
        {
            if (page > MaxPages)
            {
                throw new LtiServiceException($"the platform's member list has more than {MaxPages} pages: stopped, nothing changed");
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                throw new LtiServiceException($"the platform's memberships endpoint {first.GetLeftPart(UriPartial.Path)} is unreachable ({e.Message})", e);
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new LtiServiceException($"the platform's memberships endpoint refused SupportBot (HTTP {(int)response.StatusCode}, page {page}): "
                        + "check that Names and Role Provisioning is on for the tool");
                }

                members.AddRange(Parse(await response.Content.ReadAsStringAsync(ct), page));
                next = NextOf(response, next);
            }

            if (next is not null && !Uri.Equals(new Uri(next.GetLeftPart(UriPartial.Authority)), new Uri(first.GetLeftPart(UriPartial.Authority))))
            {
                throw new LtiServiceException($"the platform's next page of members is on another site ({next.GetLeftPart(UriPartial.Authority)}): refused, nothing changed");
            }
        }

        return members;
    }

    private static List<NrpsMember> Parse(string body, int page)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (!json.RootElement.TryGetProperty("members", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new LtiServiceException($"the platform's member list (page {page}) has no members array");
            }

            return [.. list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object).Select(m =>
            {
                string? Text(string name) => m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { } s && s.Trim().Length > 0 ? s.Trim() : null;
                var roles = m.TryGetProperty("roles", out var r) && r.ValueKind == JsonValueKind.Array
                    ? r.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                    : [];
                return new NrpsMember(Text("user_id"), Text("name"), Text("given_name"), Text("family_name"), Text("email"), Text("status") ?? "Active", roles);
            })];
        }
        catch (JsonException e)
        {
            throw new LtiServiceException($"the platform's member list (page {page}) is not JSON ({e.Message})", e);
        }
    }

    /// <summary>The rel="next" target of the Link header (RFC 8288), relative to the page that gave it.</summary>
    private static Uri? NextOf(HttpResponseMessage response, Uri current)
    {
        if (!response.Headers.TryGetValues("Link", out var values))
        {
            return null;
        }

        foreach (Match link in LinkValue().Matches(string.Join(',', values)))
        {
            var rel = link.Groups["params"].Value;
            if (RelNext().IsMatch(rel) && Uri.TryCreate(current, link.Groups["target"].Value, out var target))
            {
                return target;
            }
        }

        return null;
    }

    [GeneratedRegex(@"<(?<target>[^>]*)>(?<params>(\s*;\s*[^;,]+)*)")]
    private static partial Regex LinkValue();

    [GeneratedRegex(@"(^|;)\s*rel\s*=\s*(""[^""]*\bnext\b[^""]*""|next)\s*(;|$)", RegexOptions.IgnoreCase)]
    private static partial Regex RelNext();
}
