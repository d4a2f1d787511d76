using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>
/// Apertium's French-English translation (through Spanish) as Debian installs it (apertium, apertium-fr-es,
/// apertium-eng-spa, installed by ./test.sh), run as one long-lived pipeline; and what happens when a pipeline is
/// missing, dies or hangs: no translation, never a wrong one or a wait per message.
/// </summary>
public sealed class FrenchTranslatorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-apertium-").FullName;

    [Fact]
    public void The_installed_pairs_translate_french_into_english()
    {
        var translator = FrenchTranslator.Default;
        Assert.NotNull(translator);

        var english = translator.Translate("J'ai oublié mon mot de passe, comment le changer ?");
        Assert.NotNull(english);
        Assert.Contains("password", english, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("forgotten", english, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_french_word_apertium_does_not_know_is_read_by_the_callback()
    {
        var asked = new List<string>();
        var english = FrenchTranslator.Default!.Translate("mon zorglubage est cassé", word =>
        {
            asked.Add(word);
            return "gadget";
        });

        Assert.Equal(["zorglubage"], asked);
        Assert.Contains("gadget", english, StringComparison.Ordinal);
        Assert.DoesNotContain("*", english, StringComparison.Ordinal);
    }

    [Fact]
    public void Characters_of_apertiums_stream_format_do_not_put_the_pipeline_out_of_step()
    {
        var translator = FrenchTranslator.Default!;
        var hostile = translator.Translate("mon devoir [TP] ^$ / <b>bloqué</b> @moi \\ {x} *# ~ |\0 fin\n\nligne");
        Assert.NotNull(hostile);

        // The next text gets its own translation, not the rest of the previous one.
        Assert.Contains("password", translator.Translate("mot de passe perdu"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("", translator.Translate(" \n\t "));
    }

    [Fact]
    public void A_huge_message_is_translated_from_its_beginning_and_leaves_the_pipeline_working()
    {
        using var translator = FrenchTranslator.Start(FrenchTranslator.DefaultModes)!;
        var huge = "mon ordinateur ne démarre plus. " + string.Concat(Enumerable.Repeat("le fichier est perdu et la vidéo ne marche pas. ", 4_000));

        var english = translator.Translate(huge);
        Assert.NotNull(english);
        Assert.StartsWith("My computer", english, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("password", translator.Translate("mot de passe perdu"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Texts_translated_at_once_from_many_threads_each_get_their_own_translation()
    {
        var texts = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? $"le fichier numéro {i} est perdu" : $"je ne vois pas la vidéo {i}").ToArray();
        using var concurrent = FrenchTranslator.Start(FrenchTranslator.DefaultModes)!;
        var together = new string?[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => together[i] = concurrent.Translate(texts[i]));

        using var sequential = FrenchTranslator.Start(FrenchTranslator.DefaultModes)!;
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(sequential.Translate(texts[i]), together[i]);
            Assert.Contains(i.ToString(System.Globalization.CultureInfo.InvariantCulture), together[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_the_pairs_there_is_no_translator()
    {
        Assert.Null(FrenchTranslator.Start(folder));
    }

    [Fact]
    public void A_pipeline_that_dies_gives_no_translation_and_is_not_started_again_at_once()
    {
        using var translator = Pipeline("true");
        Assert.Null(translator.Translate("mot de passe perdu"));
        Assert.Null(translator.Translate("mot de passe perdu"));
    }

    [Fact]
    public void A_pipeline_that_hangs_is_killed_after_its_patience_and_gives_no_translation()
    {
        using var translator = Pipeline("tail -f /dev/null");
        Assert.Null(translator.Translate("mot de passe perdu"));
    }

    [Fact]
    public void Through_a_pipeline_each_text_comes_back_as_its_own_line()
    {
        // sed in null-data mode stands for Apertium: it answers each NUL-ended text, as the real pipeline does.
        using var translator = Pipeline("sed -u -e s/ordinateur/computer/");
        Assert.Equal("mon computer est lent", translator.Translate("mon ordinateur est lent"));
        Assert.Equal("la souris", translator.Translate("la souris"));
    }

    [Fact]
    public void A_french_message_is_read_through_its_gloss_then_its_translation()
    {
        using var translator = Pipeline("sed -u -e s/oublié/forgotten/");
        using var embedder = new SentenceEmbedder(() => throw new InvalidOperationException("no model needed"), FrenchGloss.Default, translator);
        Assert.True(embedder.TranslatesFrench);
        Assert.Equal("password forgot. mdp forgotten", embedder.ReadAs("mdp oublié", FaqLanguages.French));
        Assert.Equal("i forgot my password", embedder.ReadAs("i forgot my password", null));

        using var glossOnly = new SentenceEmbedder(() => throw new InvalidOperationException("no model needed"), FrenchGloss.Default);
        Assert.False(glossOnly.TranslatesFrench);
        Assert.Equal("password forgot", glossOnly.ReadAs("mdp oublié", FaqLanguages.French));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A translator whose two pairs are <paramref name="program"/>, each in null-flush mode as Apertium writes it.</summary>
    private FrenchTranslator Pipeline(string program)
    {
        File.WriteAllText(Path.Combine(folder, "fr-es.mode"), program + "\n");
        File.WriteAllText(Path.Combine(folder, "spa-eng.mode"), program + "\n");
        return FrenchTranslator.Start(folder)!;
    }
}
