using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Testing;

/// <summary>Someone the platform knows; Role is a LIS context role name (Learner, Instructor).</summary>
public sealed record LtiUser(string Subject, string GivenName, string FamilyName, string Email, string Role, string Locale = "fr");

/// <summary>A course of the platform: its id, short name (label) and full name.</summary>
public sealed record LtiCourse(string Id, string Label, string Title);

/// <summary>A member of a course as Names and Role Provisioning lists them; Roles are LIS context role names, Status Active, Inactive or Deleted.</summary>
public sealed record LtiMember(string UserId, string GivenName, string FamilyName, string? Email, string[] Roles, string Status = "Active");

/// <summary>What the platform gets wrong in its next id_token, for the refusal tests.</summary>
public sealed record LtiTokenFault(string? Audience = null, string? DeploymentId = null, bool Expired = false);

/// <summary>
/// A local LTI 1.3 platform shaped like Moodle 4 (its URLs, its claims): a course page with the
/// tool's link, the third-party-initiated login POST to the tool, the OIDC authorisation endpoint
/// answering with an auto-submitted form_post of an RS256 id_token, and its JWKS. It checks the
/// tool's auth request as a platform would (client id, redirect URI, response type, nonce).
/// With <see cref="GrantsNamesAndRoles"/>, its launches carry the Names and Role Provisioning claim,
/// and it serves Moodle's token endpoint (client credentials with a client assertion the tool signs,
/// checked against the tool's keyset URL) and the memberships endpoint, paged by Link rel="next".
/// </summary>
public sealed class LocalLtiPlatform : IAsyncDisposable
{
    public const string ClientId = "KzYp4bW2sVq9tR1";
    public const string DeploymentId = "3";

    private readonly LocalWebServer server;
    private readonly IssuerKey key = new("moodle-key-1");
    private readonly Dictionary<string, LtiUser> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LtiCourse> courses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<LtiMember>> members = new(StringComparer.Ordinal);
    private readonly HashSet<string> accessTokens = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    private LocalLtiPlatform(LocalWebServer server) => this.server = server;

    /// <summary>Moodle's issuer is its site URL, without a trailing slash.</summary>
    public string Issuer => server.BaseAddress.AbsoluteUri.TrimEnd('/');

    public string AuthenticationRequestUrl => Issuer + "/mod/lti/auth.php";

    public string KeySetUrl => Issuer + "/mod/lti/certs.php";

    public string AccessTokenUrl => Issuer + "/mod/lti/token.php";

    /// <summary>Whether launches grant Names and Role Provisioning (Moodle: the tool's "IMS LTI Names and Role Provisioning" service).</summary>
    public bool GrantsNamesAndRoles { get; set; }

    /// <summary>Members per page of the memberships endpoint (Moodle's limit).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>When set, the token endpoint answers this status with invalid_client (a key the platform does not know).</summary>
    public int? TokenRefusal { get; set; }

    /// <summary>Access tokens issued, and memberships pages served.</summary>
    public int TokensIssued { get; private set; }

    public int PagesServed { get; private set; }

    /// <summary>The tool's base address (ends with '/'), set once the tool listens.</summary>
    public Uri? Tool { get; set; }

    /// <summary>Applied to the next id_token only.</summary>
    public LtiTokenFault? NextFault { get; set; }

    /// <summary>The resource links deep-linking responses added, as (course id, title, url), once their JWT checked out.</summary>
    public List<(string Course, string Title, string Url)> AddedLinks { get; } = [];

    /// <summary>The last auto-submitted launch form, for a replay.</summary>
    public string? LastLaunchForm { get; private set; }

    public static async Task<LocalLtiPlatform> StartAsync()
    {
        LocalLtiPlatform? platform = null;
        var server = await LocalWebServer.StartAsync(app =>
        {
            app.MapGet("/course/view.php", (string id, string user) => platform!.CoursePage(id, user));
            app.MapGet("/mod/lti/launch.php", (string id, string user) => platform!.LoginInitiation(id, user));
            app.MapGet("/mod/lti/auth.php", (HttpRequest request) => platform!.Authorise(request));
            app.MapGet("/mod/lti/certs.php", () => Results.Text(
                new System.Text.Json.Nodes.JsonObject { ["keys"] = new System.Text.Json.Nodes.JsonArray(platform!.key.ToJwk()) }.ToJsonString(), "application/json"));
            app.MapGet("/replay", () => platform!.LastLaunchForm is { } form ? Html(form) : Results.NotFound());
            app.MapGet("/course/modedit.php", (string course, string user) => Html($"""
                <h1>Ajouter une activité</h1>
                <p><a id="select-supportbot" href="/mod/lti/contentitem.php?course={Uri.EscapeDataString(course)}&amp;user={Uri.EscapeDataString(user)}">Sélectionner du contenu : SupportBot</a></p>
                """));
            app.MapGet("/mod/lti/contentitem.php", (string course, string user) => platform!.LoginInitiation("dl:" + course, user));
            app.MapPost("/mod/lti/contentitem_return.php", (HttpRequest request) => platform!.ContentItemReturnAsync(request));
            app.MapPost("/mod/lti/token.php", (HttpRequest request) => platform!.TokenAsync(request));
            app.MapGet("/mod/lti/services.php/CourseSection/{courseId}/bindings/1/memberships", (string courseId, HttpRequest request) => platform!.Memberships(courseId, request));
        });
        platform = new LocalLtiPlatform(server);
        return platform;
    }

    public void AddUser(string loginHint, LtiUser user) => users[loginHint] = user;

    public void AddCourse(LtiCourse course) => courses[course.Id] = course;

    /// <summary>The course's members from now on, as the memberships endpoint lists them.</summary>
    public void SetMembers(string courseId, params LtiMember[] list)
    {
        lock (gate)
        {
            members[courseId] = [.. list];
        }
    }

    public string MembershipsUrl(string courseId) => $"{Issuer}/mod/lti/services.php/CourseSection/{Uri.EscapeDataString(courseId)}/bindings/1/memberships";

    /// <summary>The URL of a course page as the user sees it.</summary>
    public string CoursePageUrl(string courseId, string loginHint) => $"{Issuer}/course/view.php?id={Uri.EscapeDataString(courseId)}&user={Uri.EscapeDataString(loginHint)}";

    private IResult CoursePage(string id, string user) => Html($"""
        <h1>{WebUtility.HtmlEncode(courses[id].Title)}</h1>
        <p><a id="supportbot" href="/mod/lti/launch.php?id={Uri.EscapeDataString(id)}&amp;user={Uri.EscapeDataString(user)}">SupportBot</a></p>
        """);

    // Moodle's launch.php: an auto-submitted POST of the login initiation to the tool's login URL.
    /// <summary>The page where a teacher adds an activity to a course and selects SupportBot (deep linking).</summary>
    public string AddActivityPageUrl(string courseId, string loginHint) => $"{Issuer}/course/modedit.php?course={Uri.EscapeDataString(courseId)}&user={Uri.EscapeDataString(loginHint)}";

    private IResult LoginInitiation(string id, string user) => Html(AutoPost(new Uri(Tool!, "lti/login").AbsoluteUri, new()
    {
        ["iss"] = Issuer,
        ["target_link_uri"] = new Uri(Tool!, "lti/launch").AbsoluteUri,
        ["login_hint"] = user,
        ["lti_message_hint"] = id,
        ["client_id"] = ClientId,
        ["lti_deployment_id"] = DeploymentId,
    }));

    private IResult Authorise(HttpRequest request)
    {
        string Q(string name) => request.Query[name].ToString();
        var expectedRedirect = new Uri(Tool!, "lti/launch").AbsoluteUri;
        if (Q("scope") != "openid" || Q("response_type") != "id_token" || Q("response_mode") != "form_post" || Q("client_id") != ClientId
            || Q("redirect_uri") != expectedRedirect || Q("nonce").Length == 0 || Q("state").Length == 0
            || !users.TryGetValue(Q("login_hint"), out var user) || !courses.TryGetValue(Q("lti_message_hint").Replace("dl:", "", StringComparison.Ordinal), out var course))
        {
            return Results.BadRequest("invalid_request");
        }

        var fault = NextFault ?? new LtiTokenFault();
        NextFault = null;
        var now = DateTime.UtcNow;
        var expires = fault.Expired ? now.AddMinutes(-10) : now.AddMinutes(1);
        const string lti = "https://purl.imsglobal.org/spec/lti/claim/";
        var role = $"http://purl.imsglobal.org/vocab/lis/v2/membership#{user.Role}";
        var claims = new Dictionary<string, object>
        {
            ["nonce"] = Q("nonce"),
            ["given_name"] = user.GivenName,
            ["family_name"] = user.FamilyName,
            ["name"] = $"{user.GivenName} {user.FamilyName}",
            ["email"] = user.Email,
            [lti + "deployment_id"] = fault.DeploymentId ?? DeploymentId,
            [lti + "message_type"] = "LtiResourceLinkRequest",
            [lti + "version"] = "1.3.0",
            [lti + "target_link_uri"] = expectedRedirect,
            [lti + "resource_link"] = new Dictionary<string, object> { ["id"] = "42", ["title"] = "SupportBot" },
            [lti + "roles"] = user.Role == "Instructor"
                ? new[] { role, "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty" }
                : new[] { role },
            [lti + "context"] = new Dictionary<string, object>
            {
                ["id"] = course.Id, ["label"] = course.Label, ["title"] = course.Title,
                ["type"] = new[] { "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering" },
            },
            [lti + "tool_platform"] = new Dictionary<string, object> { ["product_family_code"] = "moodle", ["version"] = "2024100700", ["guid"] = "moodle.local", ["name"] = "Local Moodle" },
            [lti + "launch_presentation"] = new Dictionary<string, object> { ["locale"] = user.Locale, ["document_target"] = "window", ["return_url"] = Issuer + "/mod/lti/return.php" },
            ["https://purl.imsglobal.org/spec/lti/claim/ext"] = new Dictionary<string, object> { ["user_username"] = Q("login_hint"), ["lms"] = "moodle-2" },
        };
        if (Q("lti_message_hint").StartsWith("dl:", StringComparison.Ordinal))
        {
            // Moodle's content selection: a deep-linking request in place of a resource-link launch.
            claims.Remove(lti + "resource_link");
            claims[lti + "message_type"] = "LtiDeepLinkingRequest";
            claims["https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"] = new Dictionary<string, object>
            {
                ["deep_link_return_url"] = Issuer + "/mod/lti/contentitem_return.php",
                ["accept_types"] = new[] { "ltiResourceLink" },
                ["accept_presentation_document_targets"] = new[] { "iframe", "window" },
                ["accept_multiple"] = false,
                ["data"] = "course:" + course.Id,
            };
        }

        if (GrantsNamesAndRoles)
        {
            claims["https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"] = new Dictionary<string, object>
            {
                ["context_memberships_url"] = MembershipsUrl(course.Id), ["service_versions"] = new[] { "1.0", "2.0" },
            };
        }

        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = fault.Audience ?? ClientId,
            IssuedAt = expires.AddMinutes(-2),
            Expires = expires,
            Subject = new ClaimsIdentity([new Claim("sub", user.Subject)]),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256),
        });
        LastLaunchForm = AutoPost(expectedRedirect, new() { ["id_token"] = token, ["state"] = Q("state") });
        return Html(LastLaunchForm);
    }

    // Moodle's contentitem_return.php: the tool's response JWT, checked against the tool's keyset URL, adds the link to the course.
    private async Task<IResult> ContentItemReturnAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        using var http = new HttpClient();
        var toolKeys = new JsonWebKeySet(await http.GetStringAsync(new Uri(Tool!, "lti/jwks"))).GetSigningKeys();
        var check = await new JsonWebTokenHandler().ValidateTokenAsync(form["JWT"].ToString(), new TokenValidationParameters
        {
            ValidIssuer = ClientId,
            ValidAudience = Issuer,
            IssuerSigningKeys = toolKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
        });
        const string lti = "https://purl.imsglobal.org/spec/lti/claim/";
        const string dl = "https://purl.imsglobal.org/spec/lti-dl/claim/";
        if (!check.IsValid)
        {
            return Results.BadRequest("invalid JWT: " + check.Exception?.Message);
        }

        var token = (JsonWebToken)check.SecurityToken;
        if (!token.TryGetPayloadValue<string>(lti + "message_type", out var type) || type != "LtiDeepLinkingResponse"
            || !token.TryGetPayloadValue<string>(lti + "version", out var version) || version != "1.3.0"
            || !token.TryGetPayloadValue<string>(lti + "deployment_id", out var deployment) || deployment != DeploymentId
            || !token.TryGetPayloadValue<string>("nonce", out var nonce) || nonce.Length == 0
            || !token.TryGetPayloadValue<string>(dl + "data", out var data) || !data.StartsWith("course:", StringComparison.Ordinal)
            || !token.TryGetPayloadValue<System.Text.Json.JsonElement>(dl + "content_items", out var items) || items.GetArrayLength() != 1)
        {
            return Results.BadRequest("invalid deep linking response");
        }

        var item = items[0];
        if (item.GetProperty("type").GetString() != "ltiResourceLink")
        {
            return Results.BadRequest("unsupported content item");
        }

        var title = item.GetProperty("title").GetString()!;
        lock (gate)
        {
            AddedLinks.Add((data["course:".Length..], title, item.GetProperty("url").GetString()!));
        }

        return Html($"<h1>Activité ajoutée : {WebUtility.HtmlEncode(title)}</h1>");
    }

    // Moodle's token.php: a client-credentials grant whose client assertion the tool signed with the key its keyset URL publishes.
    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        string F(string name) => form[name].ToString();
        if (TokenRefusal is { } status)
        {
            return Results.Json(new { error = "invalid_client", error_description = "The client assertion could not be verified" }, statusCode: status);
        }

        if (F("grant_type") != "client_credentials" || F("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            || !F("scope").Split(' ').Contains("https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"))
        {
            return Results.Json(new { error = "invalid_request" }, statusCode: 400);
        }

        using var http = new HttpClient();
        var toolKeys = new JsonWebKeySet(await http.GetStringAsync(new Uri(Tool!, "lti/jwks"))).GetSigningKeys();
        var check = await new JsonWebTokenHandler().ValidateTokenAsync(F("client_assertion"), new TokenValidationParameters
        {
            ValidIssuer = ClientId,
            ValidAudience = AccessTokenUrl,
            IssuerSigningKeys = toolKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
        });
        if (!check.IsValid || !check.Claims.TryGetValue("sub", out var sub) || sub as string != ClientId || !check.Claims.ContainsKey("jti"))
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        lock (gate)
        {
            accessTokens.Add(token);
            TokensIssued++;
        }

        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 3600, scope = F("scope") });
    }

    // Moodle's memberships service: a bearer token from token.php, the NRPS media type, pages of `limit` from `from`.
    private IResult Memberships(string courseId, HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        lock (gate)
        {
            if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !accessTokens.Contains(auth["Bearer ".Length..]))
            {
                return Results.Json(new { error = "invalid_token" }, statusCode: 401);
            }

            if (!request.Headers.Accept.ToString().Contains("application/vnd.ims.lti-nrps.v2.membershipcontainer+json", StringComparison.Ordinal)
                || !courses.TryGetValue(courseId, out var course))
            {
                return Results.BadRequest();
            }

            var all = members.GetValueOrDefault(courseId) ?? [];
            var from = int.TryParse(request.Query["from"], out var f) ? f : 0;
            var page = all.Skip(from).Take(PageSize).ToList();
            PagesServed++;
            if (from + PageSize < all.Count)
            {
                request.HttpContext.Response.Headers.Link = $"<{MembershipsUrl(courseId)}?limit={PageSize}&from={from + PageSize}>; rel=\"next\"";
            }

            var body = new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = MembershipsUrl(courseId),
                ["context"] = new System.Text.Json.Nodes.JsonObject { ["id"] = course.Id, ["label"] = course.Label, ["title"] = course.Title },
                ["members"] = new System.Text.Json.Nodes.JsonArray([.. page.Select(m => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
                {
                    ["status"] = m.Status,
                    ["name"] = $"{m.GivenName} {m.FamilyName}",
                    ["given_name"] = m.GivenName,
                    ["family_name"] = m.FamilyName,
                    ["email"] = m.Email,
                    ["user_id"] = m.UserId,
                    ["roles"] = new System.Text.Json.Nodes.JsonArray([.. m.Roles.Select(r => (System.Text.Json.Nodes.JsonNode)$"http://purl.imsglobal.org/vocab/lis/v2/membership#{r}")]),
                })]),
            };
            return Results.Text(body.ToJsonString(), "application/vnd.ims.lti-nrps.v2.membershipcontainer+json");
        }
    }

    private static string AutoPost(string action, Dictionary<string, string> fields)
    {
        var inputs = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            inputs.Append($"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(value)}\">");
        }

        return $"""
            <form id="auto" method="post" action="{WebUtility.HtmlEncode(action)}">{inputs}</form>
            <script>document.getElementById('auto').submit();</script>
            """;
    }

    private static IResult Html(string body) => Results.Content($"<!doctype html><html><head><meta charset=\"utf-8\"><title>Moodle</title></head><body>{body}</body></html>", "text/html; charset=utf-8");

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
