using MimeKit;

namespace SupportBot.Tests.Email;

/// <summary>The hand-written messages in TestData/Email, as the IMAP ingester would hand them over.</summary>
internal static class TestMessages
{
    public const string Token = "Hq3xV9mPz2LkQw8RtY5uNb-7_a";
    public const string HexToken = "9f86d081884c7d659a2feaa0c55ad015";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Email", name);

    public static MimeMessage Load(string name) => MimeMessage.Load(PathOf(name));
}
