namespace SupportBot.Shared.Routing;

/// <summary>
/// The send-log key of each message routing sends: one key per message, per person, per round, so
/// a retried or re-run job never sends it twice (see Delivery/SendLog.cs).
/// </summary>
public static class RoutingSendKeys
{
    public static string Ask(RecipientMail r) => Ask(r.QuestionId, r.PersonId, r.Round);

    public static string Ask(Guid questionId, Guid personId, int round) => $"question:{questionId}:ask:{personId}:r{round}";

    public static string Remind(RecipientMail r) => $"question:{r.QuestionId}:remind:{r.PersonId}:r{r.Round}";

    public static string Thanks(Guid questionId, Guid personId) => $"question:{questionId}:thanks:{personId}";

    public static string AnswerChat(Guid answerId) => $"answer:{answerId}:chat";

    public static string AnswerEmail(Guid answerId) => $"answer:{answerId}:email";

    /// <summary>
    /// The same keys as SQL expressions over columns, for queries that look for a message never sent;
    /// spelled here so the two spellings cannot drift apart (uuid::text and Guid print alike).
    /// </summary>
    public static class Sql
    {
        public static string Ask(string questionId, string personId, string round) =>
            $"'question:' || {questionId} || ':ask:' || {personId} || ':r' || {round}";

        public static string AnswerChat(string answerId) => $"'answer:' || {answerId} || ':chat'";

        public static string AnswerEmail(string answerId) => $"'answer:' || {answerId} || ':email'";
    }
}
