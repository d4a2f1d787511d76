using Dapper;
using Microsoft.Playwright;
using Npgsql;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>
/// What a learner's web chat conversations hold in the database, a line an activity, so that a chat
/// expectation that fails says whether the bot stored a message twice or the page showed one twice.
/// </summary>
internal static class ChatTranscript
{
    public static async Task<string> OfAsync(NpgsqlDataSource db, string externalId)
    {
        await using var c = await db.OpenConnectionAsync();
        var rows = await c.QueryAsync<(string Conversation, long Seq, bool FromUser, string? Key, string? ReplyTo, string? Text, DateTime? At, bool Claimed)>("""
            SELECT a.conversation_id, a.seq, a.from_user, a.client_key, a.activity->>'replyToId', left(a.activity->>'text', 90),
                   (a.activity->>'timestamp')::timestamptz, a.turn_claimed_until IS NOT NULL
            FROM supportbot.directline_activities a
            JOIN supportbot.directline_conversations dc ON dc.id = a.conversation_id
            JOIN supportbot.people p ON p.id = dc.person_id
            WHERE p.external_id = @externalId
            ORDER BY a.conversation_id, a.seq
            """, new { externalId });
        return string.Join('\n', rows.Select(r =>
            $"{r.Conversation[..Math.Min(8, r.Conversation.Length)]} #{r.Seq} {(r.FromUser ? "learner" : "bot")} {r.At:HH:mm:ss.fff} key={r.Key} replyTo={r.ReplyTo} {(r.Claimed ? "turn-open " : "")}| {r.Text}"));
    }

    /// <summary>Expects <paramref name="count"/> elements; when the page shows another number, the failure carries the transcript.</summary>
    public static async Task ExpectCountAsync(ILocator locator, int count, NpgsqlDataSource db, string externalId)
    {
        try
        {
            await Expect(locator).ToHaveCountAsync(count);
        }
        catch (PlaywrightException ex)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nStored conversation of {externalId}:\n{await OfAsync(db, externalId)}");
        }
    }
}
