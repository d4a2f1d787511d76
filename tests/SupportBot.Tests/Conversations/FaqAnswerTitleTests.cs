using SupportBot.Bot.Turns;
using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Conversations;

/// <summary>A confident answer comes under the question it answers, in the reply's language.</summary>
public sealed class FaqAnswerTitleTests
{
    private static readonly KnowledgeEntry Entry = new(
        "forum-notifications", "community",
        new BilingualQuestions(["Comment recevoir les messages du forum par e-mail ?"], ["How do I get forum posts by email?"]),
        new BilingualAnswer("Dans le forum, cliquez sur « S'abonner ».", "In the forum, click 'Subscribe'."));

    [Theory]
    [InlineData("fr", "**Comment recevoir les messages du forum par e-mail ?**\n\nDans le forum, cliquez sur « S'abonner ».")]
    [InlineData("en", "**How do I get forum posts by email?**\n\nIn the forum, click 'Subscribe'.")]
    public void The_answer_comes_under_its_question_in_bold(string language, string expected) =>
        Assert.Equal(expected, FaqTurn.Titled(Entry, language));

    [Fact]
    public void A_question_with_markdown_marks_stays_one_bold_title()
    {
        var entry = Entry with { Questions = new BilingualQuestions(["Que faire si *tout* plante ? <b>"], []) };

        Assert.StartsWith(@"**Que faire si \*tout\* plante ? &lt;b&gt;**", FaqTurn.Titled(entry, "fr"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_without_a_question_in_the_reply_language_shows_the_other()
    {
        var entry = Entry with { Questions = new BilingualQuestions(["Comment recevoir les messages du forum par e-mail ?"], []) };

        Assert.StartsWith("**Comment recevoir les messages du forum", FaqTurn.Titled(entry, "en"), StringComparison.Ordinal);
    }
}
