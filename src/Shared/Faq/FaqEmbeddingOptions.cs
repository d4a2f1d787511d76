using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Whether the FAQ matcher also reads the meaning of a message with a sentence-embedding model
/// (<see cref="SentenceEmbedder"/>): whether to answer is then decided by the learned band (<see cref="AnswerConfidence"/>)
/// over what words and meaning say together, and the did-you-mean buttons are chosen by meaning too, so on knowledge
/// bases and phrasings nobody tuned for more questions are answered right, fewer wrongly, and the right entry is one
/// click away more often (bench/README.md, #16). On by default.
/// The cost: about 650 MB for the two models (<see cref="SentenceEmbedder"/>), seconds to load and to encode the knowledge
/// base, in the background at start (words answer meanwhile, <see cref="FaqCatalog"/>), and about 7 ms (up to 50) per
/// message the words do not answer surely.
/// <c>Faq:Embeddings:Enabled=false</c> turns it off (a small machine, a host that must start lean).
/// </summary>
public sealed class FaqEmbeddingOptions
{
    public const string SectionName = "Faq:Embeddings";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether French text is read for meaning through its English gloss (<see cref="FrenchGloss"/>, FreeDict fra-eng),
    /// by the FAQ matcher and the similar-question offer alike: the learned band then weighs French messages as it weighs
    /// English ones (a French words answer below the sure score can become buttons, or another entry's answer), and earlier questions are
    /// compared in the same English words. On by default: on the eight blind FAQ sets it answered 0.6 points more on
    /// average with 78 wrong answers instead of 83 and showed a third fewer buttons on out-of-scope messages, at the price
    /// of the right entry among the buttons 1-4 points less often on five sets; similar-question offers went from 46 to
    /// 53 % right on the second blind set, with more duplicates caught (bench/README.md, #16 fifth round, #14).
    /// </summary>
    public bool GlossFrench { get; set; } = true;

    /// <summary>
    /// Whether French text is also read through Apertium's French-English translation (<see cref="FrenchTranslator"/>),
    /// after its gloss (with <see cref="GlossFrench"/> only). On by default: on the nineteen blind sets, each left out of
    /// the fit in turn, 72.7 % overall with 112 wrong answers against 71.9 % and 111, and at 60 wrong answers 65.6 %
    /// against 61.8 % (bench/README.md, #16 thirteenth round). It needs Debian's packages apertium, apertium-fr-es and
    /// apertium-eng-spa; without them the host says so at start and reads the gloss alone.
    /// </summary>
    public bool TranslateFrench { get; set; } = true;

    /// <summary>
    /// The chance of being right from which the bot answers by itself (<see cref="AnswerConfidence"/>); below it, the
    /// learner gets the did-you-mean buttons. An institution that would rather its learners tap a button than read a
    /// wrong answer raises it. On the nineteen blind sets, each left out of the fit in turn (bench/README.md, #16
    /// fourteenth round), per 150 messages: 0.76 (shipped), 75.3 % overall and 5.1 wrong answers; 0.85, 71.0 % and 3.4;
    /// 0.90, 67.9 % and 2.8; 0.95, 60.9 % and 1.8. Sure words answers stand whatever it says.
    /// </summary>
    [Range(0.5, 0.99, ErrorMessage = "must be a chance between 0.5 and 0.99 (0.76 as shipped; higher answers less often and less often wrongly)")]
    public double AnswerFrom { get; set; } = AnswerConfidence.AnswerFrom;
}
