using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

public sealed class FaqMissClustererTests
{
    private static FaqMiss Fr(string query) => new("fr", query);

    private static FaqMiss En(string query) => new("en", query);

    [Fact]
    public void Phrasings_of_one_question_form_one_cluster_and_unrelated_ones_stay_apart()
    {
        var clusters = FaqMissClusterer.Cluster(
        [
            Fr("comment me connecter au wifi du campus ?"),
            Fr("connexion wifi campus"),
            Fr("le wifi du campus ne marche pas"),
            Fr("comment calculer un écart-type ?"),
            Fr("calcul de l'écart type"),
            Fr("où se garer près du centre d'examen"),
        ]);

        Assert.Equal(2, clusters.Count);
        Assert.Equal(3, clusters[0].Size);
        Assert.All(clusters[0].Queries, q => Assert.Contains("wifi", q, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, clusters[1].Size);
        Assert.All(clusters[1].Queries, q => Assert.Contains("cart", q, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Synonyms_and_typing_habits_count_as_the_same_words()
    {
        var clusters = FaqMissClusterer.Cluster([Fr("mdp du wifi campus"), Fr("mot de passe wifi du campus"), En("campus wifi password")]);

        var french = Assert.Single(clusters);
        Assert.Equal(2, french.Size);
        Assert.Equal("fr", french.Language);
    }

    [Fact]
    public void Languages_are_clustered_separately()
    {
        var clusters = FaqMissClusterer.Cluster([Fr("wifi campus"), Fr("wifi du campus"), En("campus wifi"), En("the campus wifi")]);

        Assert.Equal(["en", "fr"], clusters.Select(c => c.Language).Order(StringComparer.Ordinal));
        Assert.All(clusters, c => Assert.Equal(2, c.Size));
    }

    [Fact]
    public void A_repeated_phrasing_is_one_query_asked_several_times()
    {
        var cluster = Assert.Single(FaqMissClusterer.Cluster([Fr("Wifi du campus ?"), Fr("wifi du campus ?"), Fr("wifi  du campus ?")]));

        Assert.Equal(3, cluster.Size);
        Assert.Single(cluster.Queries);
    }

    [Fact]
    public void The_label_is_the_most_central_phrasing()
    {
        var cluster = Assert.Single(FaqMissClusterer.Cluster(
        [
            Fr("parking centre examen"),
            Fr("parking du centre d'examen gratuit"),
            Fr("parking centre examen horaires"),
        ]));

        Assert.Equal("parking centre examen", cluster.Label);
    }

    [Fact]
    public void A_chain_of_small_overlaps_does_not_glue_unrelated_questions()
    {
        // Each neighbour shares words, but the two ends share none: average linkage keeps them apart.
        var clusters = FaqMissClusterer.Cluster(
        [
            Fr("wifi campus lent"), Fr("wifi campus lent"),
            Fr("campus lent parking"),
            Fr("parking tarif étudiant"), Fr("parking tarif étudiant"),
        ]);

        Assert.DoesNotContain(clusters, c => c.Queries.Any(q => q.Contains("wifi", StringComparison.Ordinal)) && c.Queries.Any(q => q.Contains("tarif", StringComparison.Ordinal)));
    }

    [Fact]
    public void Single_questions_and_greetings_are_not_clusters()
    {
        var clusters = FaqMissClusterer.Cluster([Fr("bonjour"), Fr("merci"), Fr("où se garer près du centre d'examen"), En("")]);

        Assert.Empty(clusters);
    }

    [Fact]
    public void The_same_misses_give_the_same_clusters_whatever_their_order()
    {
        FaqMiss[] misses = [Fr("wifi campus"), Fr("connexion wifi campus"), Fr("écart type"), Fr("calcul écart type"), Fr("wifi du campus")];

        var forward = FaqMissClusterer.Cluster(misses);
        var backward = FaqMissClusterer.Cluster(misses.Reverse());

        Assert.Equal(forward.Select(c => (c.Label, c.Size)), backward.Select(c => (c.Label, c.Size)));
    }
}
