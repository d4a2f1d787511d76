using System.Text.RegularExpressions;
using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

public sealed partial class WorkingPartsTests
{
    [Theory]
    [InlineData("webcam black screen, mic is fine", "webcam black screen,")]
    [InlineData("the sound is ok but the video freezes", "but the video freezes")]
    [InlineData("My camera works, nobody can hear me", ", nobody can hear me")]
    [InlineData("audio works fine, screen sharing fails", ", screen sharing fails")]
    [InlineData("le micro marche bien mais la caméra reste noire", "mais la caméra reste noire")]
    [InlineData("la connexion fonctionne, c'est la vidéo qui coupe", ", c'est la vidéo qui coupe")]
    [InlineData("le son est ok, pas d'image", ", pas d'image")]
    [InlineData("l'audio va bien mais pas la webcam", "mais pas la webcam")]
    public void A_part_said_to_work_is_taken_out(string message, string expected) =>
        Assert.Equal(expected, Squeeze(WorkingParts.Remove(message)));

    [Theory]
    [InlineData("my mic doesn't work in the virtual class")]
    [InlineData("the mic is not fine")]
    [InlineData("le micro ne marche pas")]
    [InlineData("le micro marche pas depuis hier")]
    [InlineData("la caméra ne fonctionne plus")]
    [InlineData("how do I check my mic works before the class")]
    [InlineData("comment vérifier que le micro fonctionne")]
    [InlineData("is my webcam ok?")]
    [InlineData("the mic works?")]
    [InlineData("is group work allowed with a mic")]
    [InlineData("does my mic work with safari")]
    public void A_part_that_may_be_the_problem_stays(string message) =>
        Assert.Contains(message.Contains("webcam", StringComparison.Ordinal) ? "webcam" : message.Contains("caméra", StringComparison.Ordinal) ? "caméra" : "mic",
            WorkingParts.Remove(message), StringComparison.Ordinal);

    [Fact]
    public void A_message_without_such_a_clause_is_unchanged() =>
        Assert.Equal("J'ai oublié mon mot de passe", WorkingParts.Remove("J'ai oublié mon mot de passe"));

    /// <summary>The text with its runs of spaces made one and its ends trimmed (what is taken out leaves spaces behind).</summary>
    internal static string Squeeze(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
