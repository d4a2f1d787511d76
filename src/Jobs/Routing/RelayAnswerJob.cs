using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Jobs.Routing;

/// <summary>
/// Sends an answer to the learner in the conversation the question came from (their latest one
/// when it is gone), with the author's first name, the images, and "solved / still stuck" buttons,
/// through the send log (key answer:&lt;id&gt;:chat). An email copy follows if the learner does not
/// come back to the chat within Relay:EmailCopyAfter, at once when the chat refuses the answer for good.
/// </summary>
public sealed partial class RelayAnswerJob(
    AnswerStore answers,
    LearnerDelivery learners,
    ChatDelivery chat,
    AnswerImagePlan imagePlan,
    IRoutingJobs jobs,
    IOptions<RelayOptions> options,
    ILogger<RelayAnswerJob> logger)
{
    public async Task RunAsync(Guid answerId, CancellationToken ct)
    {
        if (await answers.FindForRelayAsync(answerId, ct) is not { } answer)
        {
            return;
        }

        var reference = await learners.ChatOfAsync(answer.AskerId, ct, answer.ConversationReferenceId);
        if (reference is null)
        {
            // No chat to reach the learner in: the email copy is all they can get.
            LogNoConversation(answerId);
            jobs.SendAnswerEmailCopy(answerId, TimeSpan.Zero);
            return;
        }

        try
        {
            await chat.SendAsync(RoutingSendKeys.AnswerChat(answerId), reference, BuildActivity(answer), ct);
        }
        catch (Exception ex) when (DeliveryFailures.IsChatRefusedForGood(ex))
        {
            // Retries would keep the answer from the learner for hours and then drop it: email it now.
            LogChatRefused(answerId, ex.Message);
            jobs.SendAnswerEmailCopy(answerId, TimeSpan.Zero);
            return;
        }

        await answers.MarkRelayedAsync(answerId, ct);
        // Scheduling twice is harmless: the copy goes through the send log too.
        jobs.SendAnswerEmailCopy(answerId, options.Value.EmailCopyAfter);
    }

    internal Activity BuildActivity(AnswerRelay answer)
    {
        var fr = answer.Language != "en";
        var author = QuestionEmails.FirstName(answer.AuthorName) ?? (fr ? "Un pair" : "A peer");
        var role = QuestionEmails.RoleLabel(answer.AuthorRole, fr ? "fr" : "en");
        var intro = fr ? $"{author} ({role}) vous répond :" : $"{author} ({role}) answers you:";
        var images = imagePlan.For(answer.AnswerId, answer.Images, fr);
        var text = intro + "\n" + BlankLines().Replace(answer.Text.Trim().ReplaceLineEndings("\n"), "\n");
        if (images.Lines.Count > 0)
        {
            text += "\n" + (fr ? "Images non affichées :" : "Images not shown:") + "\n" + string.Join("\n", images.Lines.Select(l => "- " + l));
        }

        return new Activity
        {
            Type = ActivityTypes.Message,
            // One line break, here and between the answer's paragraphs: plain text keeps a blank line as
            // an empty paragraph in Web Chat and Teams, a gap of three lines on a phone.
            Text = text,
            TextFormat = TextFormats.Plain,
            Locale = fr ? "fr-FR" : "en-US",
            Attachments = images.Shown.Count == 0 ? null : [.. images.Shown],
            SuggestedActions = SuggestedActions.ImBack(ChatButtons.Solved.In(fr), ChatButtons.StillStuck.In(fr)),
        };
    }

    [GeneratedRegex(@"\n(?:[ \t]*\n)+")]
    private static partial Regex BlankLines();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer {AnswerId}: the chat refuses it for good ({Reason}); sending it by email now")]
    private partial void LogChatRefused(Guid answerId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer {AnswerId}: the learner has no conversation to relay it to; sending it by email")]
    private partial void LogNoConversation(Guid answerId);
}
