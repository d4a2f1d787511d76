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
    /// fra-eng): words and meaning agreeing on a French message then answer it, and meaning can turn a weak French words
    /// answer into did-you-mean buttons (the veto). Off by default: on the six blind sets it answered 0.65 points more on
    /// average with 58 wrong answers instead of 63, but lowered overall on two sets, added one wrong answer on one and
    /// put the right entry one click away 1-4 points less often on five (bench/README.md, #16, fifth round).
    /// </summary>
    public bool GlossFrench { get; set; }
}
