using System.Reflection;
using SupportBot.Bot.Turns;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.Conversations;

/// <summary>Which short messages the bot takes for thanks ("Avec plaisir !") rather than a question to answer or pass on.</summary>
public sealed class ThanksTests
{
    [Theory]
    [InlineData("merci")]
    [InlineData("merci ça marche !")]
    [InlineData("Merci beaucoup, c'est résolu")] // thanks first: the learner's words, not the button
    [InlineData("super merci pour l'aide")]
    [InlineData("ça fonctionne maintenant")]
    [InlineData("it works now, thanks!")]
    [InlineData("Thanks a lot, that did the trick")]
    [InlineData("ok thx")]
    public void A_thank_you_or_it_works_is_thanks(string message)
    {
        Assert.True(ThanksTurn.IsThanks(SmallTalkTurn.Normalise(message)));
    }

    [Theory]
    [InlineData("ça marche")] // may be "OK" to the bot's offer
    [InlineData("ok")]
    [InlineData("ça marche pas")]
    [InlineData("merci mais ça ne marche toujours pas")]
    [InlineData("thanks but the video still doesn't load")]
    [InlineData("merci de m'aider, mon devoir ne se dépose pas")]
    [InlineData("it works on my phone but not on my laptop, thanks")]
    [InlineData("")]
    public void A_message_that_says_more_than_thanks_is_not(string message)
    {
        Assert.False(ThanksTurn.IsThanks(SmallTalkTurn.Normalise(message)));
    }

    [Fact]
    public void No_buttons_label_is_taken_for_thanks()
    {
        // Small talk runs before the turns that recognise the buttons: "C'est résolu" must reach the question's follow-up.
        var labels = typeof(ChatButtons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<ChatButtons.Bilingual>().SelectMany(b => new[] { b.French, b.English }).ToList();

        Assert.Contains("C'est résolu", labels);
        Assert.All(labels, label => Assert.False(ThanksTurn.IsThanks(SmallTalkTurn.Normalise(label)), label));
    }

    [Theory]
    [InlineData("merci ça marche !", true)]
    [InlineData("Merci beaucoup, c'est résolu", true)]
    [InlineData("thanks, that did the trick", true)]
    [InlineData("it works now, thanks!", true)]
    [InlineData("merci", false)] // politeness: says nothing of the answer, so the FAQ learns nothing from it
    [InlineData("ok thx", false)]
    [InlineData("merci beaucoup pour votre réponse", false)]
    public void Only_thanks_that_say_it_works_vouch_for_an_faq_answer(string message, bool works)
    {
        var normalised = SmallTalkTurn.Normalise(message);
        Assert.True(ThanksTurn.IsThanks(normalised));
        Assert.Equal(works, ThanksTurn.SaysItWorks(normalised));
    }
}
