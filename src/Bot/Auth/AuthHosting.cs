using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Hosting;

namespace SupportBot.Bot.Auth;

public static class AuthHosting
{
    /// <summary>Tutor sign-in (#7): emailed one-time links, the session cookie, policies Tutor and Admin, optional OpenID Connect.</summary>
    public static IHostApplicationBuilder AddSupportBotTutorAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AuthOptions>(AuthOptions.SectionName);
        services.AddValidatedOptions<OidcOptions>(OidcOptions.SectionName).Validate(
            o => !o.Enabled || (Uri.TryCreate(o.Authority, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps && o.ClientId.Length > 0),
            "Auth:Oidc:Authority must be an absolute https URL, and Auth:Oidc:ClientId is required with it");
        services.AddSingleton<TutorAccounts>();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<SignInMailer>();
        services.AddSingleton<SignInMailQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<SignInMailQueue>());
        services.AddSingleton<TutorOidcIdentities>();
        services.AddRateLimiter(SignInThrottle.Configure);
        // The default antiforgery cookie is never Secure; behind the TLS proxy it must be.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

        var authentication = services.AddAuthentication(TutorClaims.Scheme).AddCookie(TutorClaims.Scheme, cookie =>
        {
            cookie.Cookie.Name = "supportbot_tutor";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/tutor/sign-in";
            cookie.LogoutPath = "/tutor/sign-out";
            cookie.AccessDeniedPath = "/tutor/denied";
            cookie.ReturnUrlParameter = "returnUrl";
            // The API answers with status codes; only pages redirect to sign-in.
            cookie.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = RevalidateTutorAsync;
        });
        services.AddOptions<CookieAuthenticationOptions>(TutorClaims.Scheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionLifetime);

        var oidc = builder.Configuration.GetSection(OidcOptions.SectionName).Get<OidcOptions>() ?? new OidcOptions();
        if (oidc.Enabled)
        {
            authentication.AddOpenIdConnect(OpenIdConnectDefaults.AuthenticationScheme, oidc.DisplayName, o =>
            {
                o.SignInScheme = TutorClaims.Scheme;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = oidc.ClientSecret;
                o.ResponseType = "code";
                o.CallbackPath = "/tutor/sign-in/oidc";
                o.Scope.Add("email");
                o.MapInboundClaims = false;
                o.Events.OnTokenValidated = ReplaceWithTutorAsync;
                o.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect("/tutor/sign-in?failed=oidc");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(TutorClaims.TutorPolicy, p => p.AddAuthenticationSchemes(TutorClaims.Scheme).RequireAssertion(c => TutorClaims.IsTutorUser(c.User)))
            .AddPolicy(TutorClaims.AdminPolicy, p => p.AddAuthenticationSchemes(TutorClaims.Scheme).RequireAssertion(c => TutorClaims.IsAdminUser(c.User)));
        services.Configure<RazorPagesOptions>(pages => pages.Conventions.AllowAnonymousToFolder("/Auth"));
        return builder;
    }

    /// <summary>Rate limiting must run after routing, which knows the sign-in page's policy.</summary>
    public static WebApplication UseSupportBotTutorAuth(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The cookie says who signed in; what they may see is read again from the account on every
    /// request (one indexed query), so a tutor removed from a module or an admin demoted loses
    /// that access at once, and an account that no longer qualifies is signed out.
    /// </summary>
    private static async Task RevalidateTutorAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<TutorAccounts>();
        var tutor = Guid.TryParse(context.Principal?.FindFirst(TutorClaims.PersonId)?.Value, out var id)
            ? await accounts.FindAsync(id, context.HttpContext.RequestAborted)
            : null;
        if (tutor is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(TutorClaims.Scheme);
            return;
        }

        if (context.Principal!.HasClaim(TutorClaims.Scoped, "true"))
        {
            var kept = context.Principal.FindAll(TutorClaims.Module).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            tutor = tutor with { IsAdmin = false, ModuleIds = [.. tutor.ModuleIds.Where(kept.Contains)], ScopedAtSignIn = true };
        }

        var fresh = TutorClaims.Principal(tutor, TutorClaims.Scheme);
        if (!TutorClaims.SameAccess(context.Principal!, fresh))
        {
            context.ReplacePrincipal(fresh);
            context.ShouldRenew = true;
        }
    }

    /// <summary>
    /// An identity provider's account is a SupportBot tutor by its bound id (Entra: tenant + object id;
    /// others: issuer + subject), introduced once by its email; otherwise it is refused.
    /// </summary>
    private static async Task ReplaceWithTutorAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context)
    {
        var user = context.Principal;
        var issuer = user?.FindFirst("tid")?.Value ?? user?.FindFirst("iss")?.Value;
        var subject = user?.FindFirst("oid")?.Value ?? user?.FindFirst("sub")?.Value;
        var email = user?.FindFirst("email")?.Value ?? user?.FindFirst("preferred_username")?.Value ?? user?.FindFirst("upn")?.Value;
        var tutor = issuer is null || subject is null ? null
            : await context.HttpContext.RequestServices.GetRequiredService<TutorOidcIdentities>().ResolveAsync(issuer, subject, email, context.HttpContext.RequestAborted);
        if (tutor is null)
        {
            context.Fail("This account is not a SupportBot tutor.");
            return;
        }

        context.Principal = TutorClaims.Principal(tutor, TutorClaims.Scheme);
    }
}
