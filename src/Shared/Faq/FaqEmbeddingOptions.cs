namespace SupportBot.Shared.Faq;

/// <summary>
/// Whether the FAQ matcher also reads the meaning of a message it does not answer, with a sentence-embedding
/// model (<see cref="SentenceEmbedder"/>), to choose its did-you-mean buttons. On by default: on knowledge
/// bases and phrasings nobody tuned for, the right entry is one click away far more often, with the same
/// answers (bench/README.md, #16). Turning it off saves the model's memory (about 300 MB) and its time on
/// each unanswered message (about 10 ms, up to 50 on a busy machine).
/// </summary>
public sealed class FaqEmbeddingOptions
{
    public const string SectionName = "Faq:Embeddings";

    public bool Enabled { get; set; } = true;
}
