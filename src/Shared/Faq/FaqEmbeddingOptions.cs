namespace SupportBot.Shared.Faq;

/// <summary>
/// Whether the FAQ matcher also reads the meaning of a message its words do not answer, with a sentence-embedding
/// model (<see cref="SentenceEmbedder"/>): an English message words and meaning agree on is answered, and the
/// did-you-mean buttons are chosen by meaning too, so on knowledge bases and phrasings nobody tuned for more
/// questions are answered and the right entry is one click away more often (bench/README.md, #16). On by default.
/// The cost: about 300 MB, seconds to load and to encode the knowledge base, in the background at start (words
/// answer meanwhile, <see cref="FaqCatalog"/>), and about 10 ms (up to 50) per message the words do not answer.
/// <c>Faq:Embeddings:Enabled=false</c> turns it off (a small machine, a host that must start lean).
/// </summary>
public sealed class FaqEmbeddingOptions
{
    public const string SectionName = "Faq:Embeddings";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether French messages are read for meaning through their English gloss (<see cref="FrenchGloss"/>, FreeDict
    /// fra-eng): words and meaning agreeing on a French message then answer it too. Off by default: on the blind sets
    /// it answered 0-2 points more questions with one more wrong answer on three of six (bench/README.md, #16, fifth round).
    /// </summary>
    public bool GlossFrench { get; set; }
}
