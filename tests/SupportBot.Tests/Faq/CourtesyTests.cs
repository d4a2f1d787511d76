using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

public sealed class CourtesyTests
{
    [Theory]
    [InlineData("Bonjour, je n'arrive pas à déposer mon devoir, pouvez-vous m'aider ? Merci d'avance, Léa", "je n'arrive pas à déposer mon devoir")]
    [InlineData("Bonjour à tous ! Petite question : mon quiz s'est fermé. Quelqu'un a une idée ? Merci beaucoup et bonne journée :)", "mon quiz s'est fermé")]
    [InlineData("Bonsoir Madame, comment obtenir mon attestation ? Je vous remercie par avance. Cordialement, Léa Dubois", "comment obtenir mon attestation ?")]
    [InlineData("salut, ma vidéo ne se lance pas stp", "ma vidéo ne se lance pas")]
    [InlineData("Hi everyone, my upload fails every time. Any idea? Thanks in advance!", "my upload fails every time")]
    [InlineData("hello can someone help me please, I forgot my password. Best regards, Tom Wilson", ", I forgot my password")]
    [InlineData("hi i can't log in", "i can't log in")]
    [InlineData("Good morning team: where is the course calendar? Thank you so much", "where is the course calendar?")]
    public void The_greeting_the_request_for_help_and_the_thanks_are_taken_out(string message, string expected) =>
        Assert.Equal(expected, WorkingPartsTests.Squeeze(Courtesy.Remove(message)));

    [Theory]
    [InlineData("how can I help other learners")]
    [InlineData("comment aider les autres apprenants")]
    [InlineData("comment remercier mon tuteur")]
    [InlineData("where do I find the help page")]
    [InlineData("je ne reçois pas les mails de relance")]
    [InlineData("hibernate mode stops the video")]
    [InlineData("regardless of the deadline, can I resubmit")]
    public void A_message_without_courtesy_is_left_as_it_is(string message) =>
        Assert.Equal(message, Courtesy.Remove(message));

    [Theory]
    [InlineData("Bonjour !")]
    [InlineData("merci beaucoup")]
    [InlineData("Thanks, Tom")]
    [InlineData("svp")]
    public void A_message_that_is_only_courtesy_is_left_as_it_is(string message) =>
        Assert.Equal(message, Courtesy.Remove(message));

    [Fact]
    public void A_long_run_of_punctuation_is_read_once()
    {
        // 40,000 characters of ", " and no closing after them: a minute of backtracking (here, the time limit and the
        // greeting kept) when the closing's pattern began with its separators.
        var message = "Bonjour, mon devoir" + string.Concat(Enumerable.Repeat(", ", 20_000)) + "ne part pas";

        Assert.Equal(message["Bonjour, ".Length..], Courtesy.Remove(message));
    }
}
