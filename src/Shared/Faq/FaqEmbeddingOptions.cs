namespace SupportBot.Shared.Faq;

/// <summary>
/// Whether the FAQ matcher also reads the meaning of a message it does not answer, with a sentence-embedding
/// model (<see cref="SentenceEmbedder"/>), to choose its did-you-mean buttons. On knowledge bases and phrasings
/// nobody tuned for, the right entry is then one click away more often, with the same answers (bench/README.md,
/// #16). Off by default for now: the model costs about 300 MB, seconds to load and to encode the knowledge base
/// when the matcher is built (tens of seconds on a loaded 2-core machine, which the chat tests' first question
/// did not wait for), and about 10 ms (up to 50) per unanswered message. Turn it on with <c>Faq:Embeddings:Enabled=true</c>;
/// the bot then builds the matcher at start (<c>FaqWarmUp</c>).
/// </summary>
public sealed class FaqEmbeddingOptions
{
    public const string SectionName = "Faq:Embeddings";

    public bool Enabled { get; set; }
}
