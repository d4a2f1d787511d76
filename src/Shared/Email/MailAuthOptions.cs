using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Email;

/// <summary>How SupportBot logs in to a mail server (Imap:Auth, Smtp:Auth).</summary>
public enum MailAuthMode
{
    /// <summary>User name and password (a local server; Microsoft 365 and Google switch this off).</summary>
    Password,

    /// <summary>SASL XOAUTH2 with a bearer token obtained from the provider in the OAuth2 settings.</summary>
    OAuth2,
}

public enum MailOAuthProvider
{
    /// <summary>Microsoft 365: an Entra app registration, client credentials (MSAL).</summary>
    Microsoft,

    /// <summary>Google Workspace: a service account with domain-wide delegation, acting as the mailbox.</summary>
    Google,
}

/// <summary>
/// Where the mail server's bearer tokens come from (Imap:OAuth2, Smtp:OAuth2). The token is asked
/// for the mailbox in UserName; docs/DEPLOY.md lists the admin steps for each provider.
/// </summary>
public sealed class MailOAuthOptions : IValidatableObject
{
    public const string MicrosoftScope = "https://outlook.office365.com/.default";
    public const string GoogleScope = "https://mail.google.com/";

    public MailOAuthProvider Provider { get; set; } = MailOAuthProvider.Microsoft;

    /// <summary>Microsoft: the Entra tenant (GUID or domain) that owns the mailbox.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>Microsoft: the app registration's application (client) id.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>Microsoft: the app's client secret (environment or user secrets, never the repo).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>Microsoft: the Entra instance; another cloud (or a local issuer in tests) only.</summary>
    public string Instance { get; set; } = "https://login.microsoftonline.com/";

    /// <summary>Google: the service account's JSON key file (outside the repository, readable by the service only).</summary>
    public string ServiceAccountKeyFile { get; set; } = "";

    /// <summary>The token's scope; empty = the provider's mail scope.</summary>
    public string Scope { get; set; } = "";

    public string ResolvedScope => !string.IsNullOrWhiteSpace(Scope) ? Scope.Trim()
        : Provider == MailOAuthProvider.Google ? GoogleScope : MicrosoftScope;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == MailOAuthProvider.Microsoft)
        {
            if (string.IsNullOrWhiteSpace(TenantId))
            {
                yield return new("is required for Microsoft 365 (the Entra tenant id of the mailbox)", [nameof(TenantId)]);
            }

            if (string.IsNullOrWhiteSpace(ClientId))
            {
                yield return new("is required for Microsoft 365 (the app registration's application id)", [nameof(ClientId)]);
            }

            if (string.IsNullOrWhiteSpace(ClientSecret))
            {
                yield return new("is required for Microsoft 365 (the app's client secret, from the environment or user secrets)", [nameof(ClientSecret)]);
            }

            if (!Uri.TryCreate(Instance, UriKind.Absolute, out var instance) || instance.Scheme != Uri.UriSchemeHttps)
            {
                yield return new("must be an absolute https URL (default https://login.microsoftonline.com/)", [nameof(Instance)]);
            }
        }
        else if (string.IsNullOrWhiteSpace(ServiceAccountKeyFile))
        {
            yield return new("is required for Google (the service account's JSON key file)", [nameof(ServiceAccountKeyFile)]);
        }
        else if (!File.Exists(ServiceAccountKeyFile))
        {
            yield return new($"'{ServiceAccountKeyFile}' does not exist or cannot be read", [nameof(ServiceAccountKeyFile)]);
        }
    }

    /// <summary>Nested settings are not validated by DataAnnotations: the parent section asks, prefixing the names.</summary>
    internal static IEnumerable<ValidationResult> ValidateFor(MailAuthMode auth, MailOAuthOptions options, string userName)
    {
        if (auth != MailAuthMode.OAuth2)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(userName))
        {
            yield return new("is required with Auth=OAuth2 (the mailbox the token acts for, e.g. support@example.edu)", ["UserName"]);
        }

        foreach (var result in options.Validate(new ValidationContext(options)))
        {
            yield return new(result.ErrorMessage, result.MemberNames.Select(m => $"OAuth2:{m}"));
        }
    }
}
