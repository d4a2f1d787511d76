using SupportBot.Shared.Routing;

namespace SupportBot.Tests.Routing;

/// <summary>Which earlier questions are offered from their scores by words and meaning (#14 item 5, precision).</summary>
public sealed class SimilarOfferRuleTests
{
    [Fact]
    public void A_question_meaning_puts_first_by_a_clear_lead_is_offered()
    {
        var offered = SimilarOfferRule.Shipped.Pick(words: [0.1, 0.2, 0.1], meaning: [0.40, 0.72, 0.55]);

        Assert.Equal(1, Assert.Single(offered).Index);
    }

    [Fact]
    public void Among_near_misses_meaning_scores_alike_nothing_is_offered_on_meaning()
    {
        // Several questions about the same tool: the best by meaning is barely ahead, so it may well be the wrong one.
        var offered = SimilarOfferRule.Shipped.Pick(words: [0.1, 0.2, 0.1], meaning: [0.68, 0.72, 0.66]);

        Assert.Empty(offered);
        Assert.Equal(1, Assert.Single(SimilarOfferRule.Union.Pick([0.1, 0.2, 0.1], [0.68, 0.72, 0.66])).Index);
    }

    [Fact]
    public void Many_shared_words_are_offered_whatever_meaning_s_lead()
    {
        var offered = SimilarOfferRule.Shipped.Pick(words: [0.6, 0.2, 0.1], meaning: [0.70, 0.72, 0.66]);

        Assert.Equal([0], offered.Select(o => o.Index));
    }

    [Fact]
    public void Without_meaning_the_words_floor_alone_decides_up_to_two_offers()
    {
        var offered = SimilarOfferRule.Shipped.Pick(words: [0.5, 0.3, 0.7, 0.46], meaning: null);

        Assert.Equal([2, 0], offered.Select(o => o.Index));
    }

    [Fact]
    public void A_second_offer_is_kept_only_when_it_reaches_the_second_floors()
    {
        var rule = SimilarOfferRule.Union with { SecondOfferFloors = (0.6, 0.7) };
        double[] words = [0.65, 0.1, 0.1];

        Assert.Single(rule.Pick(words, [0.3, 0.65, 0.1]));
        Assert.Equal(2, rule.Pick(words, [0.3, 0.75, 0.1]).Count);
        Assert.Single((SimilarOfferRule.Union with { OneOffer = true }).Pick(words, [0.3, 0.75, 0.1]));
    }

    [Fact]
    public void Agreement_offers_what_both_put_first_at_lower_floors()
    {
        var rule = SimilarOfferRule.Union with { AgreementFloors = (0.3, 0.45), WordsFloor = 0.6, MeaningFloor = 0.7 };

        Assert.Equal(1, Assert.Single(rule.Pick([0.1, 0.35, 0.2], [0.3, 0.5, 0.4])).Index);
        Assert.Empty(rule.Pick([0.35, 0.1, 0.2], [0.3, 0.5, 0.4]));
    }
}
