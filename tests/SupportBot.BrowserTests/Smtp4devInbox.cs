using System.Text.Json;

namespace SupportBot.BrowserTests;

/// <summary>Reads what smtp4dev received, through its web API, as a person would read their inbox.</summary>
public static class Smtp4devInbox
{
    /// <summary>
    /// The sources of the mails to <paramref name="address"/> that mention <paramref name="marker"/> (quoted-printable
    /// soft breaks undone); waits up to 20 s for one when <paramref name="expectSome"/>, else watches 3 s for any.
    /// </summary>
    public static async Task<List<string>> MailsAsync(string address, string marker, bool expectSome)
    {
        using var http = new HttpClient { BaseAddress = TestServices.Smtp4devUrl };
        var deadline = DateTime.UtcNow.AddSeconds(expectSome ? 20 : 3);
        var found = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            found.Clear();
            var list = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/messages?mailboxName=Default&pageSize=500", UriKind.Relative))).RootElement;
            var results = list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("results");
            foreach (var m in results.EnumerateArray().Where(m => m.GetProperty("to").GetRawText().Contains(address, StringComparison.OrdinalIgnoreCase)))
            {
                using var read = await http.GetAsync(new Uri($"/api/messages/{m.GetProperty("id").GetString()}/source", UriKind.Relative));
                if (read.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    continue; // deleted or pruned since the list was read: not a mail this test can still find
                }

                var source = await read.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
                if (source.Replace("=\r\n", "", StringComparison.Ordinal).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(source);
                }
            }

            if (found.Count > 0 && expectSome)
            {
                break;
            }

            await Task.Delay(300);
        }

        return found;
    }
}
