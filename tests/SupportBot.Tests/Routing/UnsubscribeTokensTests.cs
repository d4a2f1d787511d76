using Microsoft.Extensions.Options;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Tests.Routing;

public sealed class UnsubscribeTokensTests
{
    private static UnsubscribeTokens Tokens(string key = "a-test-key-of-at-least-thirty-two-characters") =>
        new(Options.Create(new OutgoingMailOptions { UnsubscribeSigningKey = key }));

    [Fact]
    public void A_token_names_its_person_and_category()
    {
        var person = Guid.NewGuid();

        var token = Tokens().Create(person, EmailCategories.RoutedQuestions);

        Assert.Equal(new UnsubscribeRequest(person, EmailCategories.RoutedQuestions), Tokens().Read(token));
        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void Tampered_truncated_foreign_or_empty_tokens_are_refused()
    {
        var token = Tokens().Create(Guid.NewGuid(), EmailCategories.Campaigns);
        var flipped = (token[0] == 'A' ? "B" : "A") + token[1..];

        Assert.Null(Tokens().Read(token[..^2]));
        Assert.Null(Tokens().Read(token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..]));
        Assert.Null(Tokens().Read(flipped));
        Assert.Null(Tokens("another-key-of-at-least-thirty-two-characters").Read(token));
        Assert.Null(Tokens().Read(""));
        Assert.Null(Tokens().Read(null));
        Assert.Null(Tokens().Read("not base64 !"));
    }

    [Fact]
    public void Unknown_categories_cannot_be_signed()
    {
        Assert.Throws<ArgumentException>(() => Tokens().Create(Guid.NewGuid(), "everything"));
    }
}
