using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Testing;

/// <summary>The tutor sign-in link as the tutor's mail client would show it, read from smtp4dev's web API.</summary>
public static partial class EmailedSignInLink
{
    /// <summary>
    /// The newest sign-in link smtp4dev received for this address since <paramref name="after"/> (waits up to 5 s).
    /// Test processes share one smtp4dev and the demo's tutors: give each host its own
    /// OutgoingMail:PublicBaseUrl and pass it as <paramref name="linkBase"/>, or another host's link may come back.
    /// </summary>
    public static async Task<string> ReadAsync(string email, DateTimeOffset after, string? linkBase = null)
    {
        using var http = new HttpClient { BaseAddress = TestServices.Smtp4devUrl };
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/messages?mailboxName=Default&pageSize=200", UriKind.Relative))).RootElement;
            var results = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("results");
            foreach (var message in results.EnumerateArray())
            {
                var to = message.GetProperty("to").EnumerateArray().Select(t => t.GetString()).ToList();
                var received = message.GetProperty("receivedDate").GetDateTimeOffset();
                if (to.Any(t => t?.Contains(email, StringComparison.OrdinalIgnoreCase) == true) && received >= after.AddSeconds(-2))
                {
                    var source = await http.GetStringAsync(new Uri($"/api/messages/{message.GetProperty("id").GetString()}/source", UriKind.Relative));
                    // Quoted-printable: soft line breaks and '=' as =3D.
                    var link = Link().Match(source.Replace("=\r\n", "", StringComparison.Ordinal).Replace("=3D", "=", StringComparison.Ordinal));
                    if (link.Success && (linkBase is null || link.Value.StartsWith(linkBase.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase)))
                    {
                        return link.Value;
                    }
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("no sign-in mail for " + email);
    }

    [GeneratedRegex(@"https?://[^\s""<>]+/tutor/sign-in/link\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex Link();
}
