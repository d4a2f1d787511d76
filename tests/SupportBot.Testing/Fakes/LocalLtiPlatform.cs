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

/// <summary>What the platform gets wrong in its next id_token, for the refusal tests.</summary>
public sealed record LtiTokenFault(string? Audience = null, string? DeploymentId = null, bool Expired = false);

/// <summary>
/// A local LTI 1.3 platform shaped like Moodle 4 (its URLs, its claims): a course page with the
/// tool's link, the third-party-initiated login POST to the tool, the OIDC authorisation endpoint
/// answering with an auto-submitted form_post of an RS256 id_token, and its JWKS. It checks the
/// tool's auth request as a platform would (client id, redirect URI, response type, nonce).
/// </summary>
public sealed class LocalLtiPlatform : IAsyncDisposable
{
    public const string ClientId = "KzYp4bW2sVq9tR1";
    public const string DeploymentId = "3";

    private readonly LocalWebServer server;
    private readonly IssuerKey key = new("moodle-key-1");
    private readonly Dictionary<string, LtiUser> users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LtiCourse> courses = new(StringComparer.Ordinal);

    private LocalLtiPlatform(LocalWebServer server) => this.server = server;

    /// <summary>Moodle's issuer is its site URL, without a trailing slash.</summary>
    public string Issuer => server.BaseAddress.AbsoluteUri.TrimEnd('/');

    public string AuthenticationRequestUrl => Issuer + "/mod/lti/auth.php";

    public string KeySetUrl => Issuer + "/mod/lti/certs.php";

    /// <summary>The tool's base address (ends with '/'), set once the tool listens.</summary>
    public Uri? Tool { get; set; }

    /// <summary>Applied to the next id_token only.</summary>
    public LtiTokenFault? NextFault { get; set; }

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
        });
        platform = new LocalLtiPlatform(server);
        return platform;
    }

    public void AddUser(string loginHint, LtiUser user) => users[loginHint] = user;

    public void AddCourse(LtiCourse course) => courses[course.Id] = course;

    /// <summary>The URL of a course page as the user sees it.</summary>
    public string CoursePageUrl(string courseId, string loginHint) => $"{Issuer}/course/view.php?id={Uri.EscapeDataString(courseId)}&user={Uri.EscapeDataString(loginHint)}";

    private IResult CoursePage(string id, string user) => Html($"""
        <h1>{WebUtility.HtmlEncode(courses[id].Title)}</h1>
        <p><a id="supportbot" href="/mod/lti/launch.php?id={Uri.EscapeDataString(id)}&amp;user={Uri.EscapeDataString(user)}">SupportBot</a></p>
        """);

    // Moodle's launch.php: an auto-submitted POST of the login initiation to the tool's login URL.
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
            || !users.TryGetValue(Q("login_hint"), out var user) || !courses.TryGetValue(Q("lti_message_hint"), out var course))
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
