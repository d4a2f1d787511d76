using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Shared.Lti;

/// <summary>
/// The tool's signing key (Lti:ToolPrivateKey, published at /lti/jwks): token requests to the
/// platform's services and deep-linking responses are signed with it. Null without the setting.
/// </summary>
public sealed class LtiToolKey(IOptions<LtiOptions> options)
{
    // Kept for the process's life: the token handler caches signature providers that hold this RSA.
    private readonly Lazy<RsaSecurityKey?> key = new(() =>
    {
        if (string.IsNullOrWhiteSpace(options.Value.ToolPrivateKey))
        {
            return null;
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(options.Value.ToolPrivateKey);
        return new RsaSecurityKey(rsa) { KeyId = options.Value.ToolKeyId };
    });

    public RsaSecurityKey? SigningKey => key.Value;
}
