using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Lti;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Lti;

/// <summary>
/// LTI 1.3 (#20): /lti/login (OIDC third-party-initiated login), /lti/launch (the id_token POST),
/// /lti/jwks (the tool's public key). A learner's launch opens the web chat for the launch's
/// course as module; an instructor's signs them in to the tutor pages scoped to that module; a
/// teacher's deep-linking request gets back one link to SupportBot.
/// </summary>
internal static class LtiApi
{
    public const string LoginPath = "/lti/login";
    public const string LaunchPath = "/lti/launch";
    public const string JwksPath = "/lti/jwks";
    private const string StateCookiePrefix = "supportbot_lti_";

    public static WebApplication MapLti(this WebApplication app)
    {
        var lti = app.MapGroup("/lti").AllowAnonymous().DisableAntiforgery();
        lti.MapGet("/login", LoginAsync);
        lti.MapPost("/login", LoginAsync);
        lti.MapPost("/launch", LaunchAsync);
        lti.MapGet("/jwks", Jwks);
        return app;
    }

    /// <summary>The platform names itself (iss, client_id) and the user (login_hint); we answer with a redirect to its auth endpoint.</summary>
    private static async Task<IResult> LoginAsync(HttpRequest request, IOptions<LtiOptions> options, LtiPlatforms platforms, LtiLogins logins, CancellationToken ct)
    {
        var values = request.HasFormContentType ? (await request.ReadFormAsync(ct)).ToDictionary(k => k.Key, v => v.Value.ToString())
            : request.Query.ToDictionary(k => k.Key, v => v.Value.ToString());
        string? Value(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        var issuer = Value("iss");
        var clientId = Value("client_id");
        var loginHint = Value("login_hint");
        var platform = await platforms.FindAsync(issuer, clientId, ct);
        if (platform is null || loginHint is null)
        {
            return Refused(request, platform is null ? LtiRefusal.UnknownPlatform : LtiRefusal.MissingLaunch);
        }

        var login = await logins.StartAsync(platform.Name, ct);
        // The cookie's name carries the state: the launch must come back to the browser that started it,
        // and several launches in several tabs do not overwrite one another.
        request.HttpContext.Response.Cookies.Append(StateCookiePrefix + login.State, "1", new CookieOptions
        {
            HttpOnly = true,
            Secure = request.IsHttps,
            // The launch is a cross-site POST from the platform: only SameSite=None travels with it, and browsers take that over https only.
            SameSite = request.IsHttps ? SameSiteMode.None : SameSiteMode.Lax,
            MaxAge = options.Value.LoginLifetime,
            Path = LaunchPath,
        });
        var query = new Dictionary<string, string?>
        {
            ["scope"] = "openid",
            ["response_type"] = "id_token",
            ["response_mode"] = "form_post",
            ["prompt"] = "none",
            ["client_id"] = platform.ClientId,
            ["redirect_uri"] = $"{request.Scheme}://{request.Host}{request.PathBase}{LaunchPath}",
            ["login_hint"] = loginHint,
            ["lti_message_hint"] = Value("lti_message_hint"),
            ["state"] = login.State,
            ["nonce"] = login.Nonce,
        };
        return Results.Redirect(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(platform.AuthenticationRequestUrl, query));
    }

    private static async Task<IResult> LaunchAsync(
        HttpContext http, LtiPlatforms platforms, LtiLogins logins, LtiLaunchValidator validator, PeopleStore people, LearnerLinks links, LtiContextStore contexts,
        LtiDeepLinkingResponse deepLinking, CancellationToken ct)
    {
        var request = http.Request;
        if (!request.HasFormContentType)
        {
            return Refused(request, LtiRefusal.MissingLaunch);
        }

        var form = await request.ReadFormAsync(ct);
        var state = form["state"].ToString();
        var idToken = form["id_token"].ToString();
        if (state.Length == 0 || idToken.Length == 0)
        {
            return Refused(request, LtiRefusal.MissingLaunch);
        }

        var (use, nonce, platformName) = await logins.ConsumeAsync(state, ct);
        if (use != LtiLoginUse.Ok)
        {
            return Refused(request, use switch
            {
                LtiLoginUse.AlreadyUsed => LtiRefusal.AlreadyUsed,
                LtiLoginUse.Expired => LtiRefusal.LoginExpired,
                _ => LtiRefusal.UnknownLogin,
            });
        }

        if (!request.Cookies.ContainsKey(StateCookiePrefix + state))
        {
            return Refused(request, LtiRefusal.OtherBrowser);
        }

        http.Response.Cookies.Delete(StateCookiePrefix + state, new CookieOptions { Path = LaunchPath });
        var platform = await platforms.FindByNameAsync(platformName, ct);
        if (platform is null)
        {
            return Refused(request, LtiRefusal.UnknownPlatform);
        }

        var (launch, refusal) = await validator.ValidateAsync(idToken, platform, nonce!, ct);
        if (launch is null)
        {
            return Refused(request, refusal!.Value);
        }

        if (launch.DeepLinking is { } selection)
        {
            // A teacher adding SupportBot to a course: nobody is signed in or enrolled, the platform gets its link back.
            return deepLinking.Page(platform, selection, $"{request.Scheme}://{request.Host}{request.PathBase}{LaunchPath}") is { } page
                ? Results.Content(page, "text/html; charset=utf-8")
                : Refused(request, LtiRefusal.DeepLinkingUnsupported);
        }

        var (courseLocale, courseTimeZone) = await people.EnsureModuleAsync(launch.ModuleId, platform.Course, launch.ModuleTitle, ct);
        if (launch.ContextId is { } contextId)
        {
            // The course is remembered with its memberships endpoint: the roster sync reads it (or learns the platform took it back).
            await contexts.RecordLaunchAsync(platform.Name, contextId, launch.ModuleId, launch.MembershipsUrl, ct);
        }

        var ltiId = $"lti:{platform.Name}:{launch.Subject}";
        var known = await people.FindByExternalIdOrEmailAsync(ltiId, launch.Email, ct);
        if (known is null && (launch.Email is null || launch.Name is null))
        {
            return Refused(request, LtiRefusal.NoIdentity);
        }

        // A person the roster import (or an earlier launch) made keeps their id; their own time zone stays theirs.
        var learner = new LearnerIdentity(
            known?.ExternalId ?? ltiId, launch.Name ?? known!.DisplayName, launch.Email ?? known!.Email, launch.ModuleId,
            launch.Locale, known?.TimeZone ?? courseTimeZone);
        Guid personId;
        try
        {
            personId = await people.UpsertLearnerAsync(launch.Role == LtiRole.Learner ? learner : learner with { Course = null }, ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation)
        {
            return Refused(request, LtiRefusal.EmailTaken);
        }

        if (launch.Role == LtiRole.Learner)
        {
            return Results.Redirect("/?learner=" + Uri.EscapeDataString(links.Create(learner)), permanent: false, preserveMethod: false);
        }

        await people.AddTutorAsync(personId, launch.ModuleId, ct);
        // Scoped to the launch's module, even for an admin: the course they came from is the one they look at.
        var tutor = new TutorAccount(personId, learner.DisplayName, learner.Email, learner.Locale, IsAdmin: false, [launch.ModuleId], ScopedAtSignIn: true);
        await http.SignInAsync(TutorClaims.Scheme, TutorClaims.Principal(tutor), new AuthenticationProperties { IsPersistent = false });
        return Results.Redirect("/tutor/questions?module=" + Uri.EscapeDataString(launch.ModuleId));
    }

    private static IResult Jwks(IOptions<LtiOptions> options)
    {
        var keys = new List<object>();
        if (options.Value.ToolPrivateKey is { Length: > 0 } pem)
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            var p = rsa.ExportParameters(includePrivateParameters: false);
            keys.Add(new { kty = "RSA", alg = "RS256", use = "sig", kid = options.Value.ToolKeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) });
        }

        return Results.Json(new { keys });
    }

    private static IResult Refused(HttpRequest request, LtiRefusal refusal) =>
        Results.Content(LtiRefusalPage.Html(refusal, request.Headers.AcceptLanguage.ToString()), "text/html; charset=utf-8", statusCode: LtiRefusalPage.StatusOf(refusal));
}
