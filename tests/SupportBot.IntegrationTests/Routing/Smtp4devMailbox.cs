using System.Text.Json;
using MimeKit;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// Reads what smtp4dev received, through its web API (/api/messages/{id}/raw is the whole message;
/// /source is only its body). Tests use unique addresses, as the server is shared by the run.
/// </summary>
internal static class Smtp4devMailbox
{
    private static readonly HttpClient Http = new() { BaseAddress = TestServices.Smtp4devUrl, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Messages to this address, waiting until at least <paramref name="atLeast"/> arrived (or the timeout), then a moment more for extras.</summary>
    public static async Task<List<MimeMessage>> ToAsync(string address, int atLeast = 1, string mailbox = "Default", int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        List<string> ids;
        while (true)
        {
            ids = await IdsToAsync(address, mailbox);
            if (ids.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(150);
        }

        if (atLeast > 0)
        {
            // A duplicate would arrive right behind the first: look once more.
            await Task.Delay(300);
            ids = await IdsToAsync(address, mailbox);
        }

        var messages = new List<MimeMessage>();
        foreach (var id in ids)
        {
            await using var source = await Http.GetStreamAsync(new Uri($"api/messages/{id}/raw", UriKind.Relative));
            messages.Add(await MimeMessage.LoadAsync(source));
        }

        return messages;
    }

    private static async Task<List<string>> IdsToAsync(string address, string mailbox)
    {
        var json = await Http.GetStringAsync(new Uri($"api/messages?mailboxName={mailbox}&pageSize=5000", UriKind.Relative));
        var root = JsonDocument.Parse(json).RootElement;
        var list = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("results");
        return list.EnumerateArray()
            .Where(m => m.TryGetProperty("to", out var to) && to.GetRawText().Contains(address, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.GetProperty("id").ToString())
            .ToList();
    }
}
