using System.IO.Compression;
using System.Text;
using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>
/// The English gloss of French text that the sentence model reads: FreeDict's fra-eng dictionary as Debian installs
/// it (dict-freedict-fra-eng, installed by ./test.sh), its dictd format, and the inflections that find a headword.
/// </summary>
public sealed class FrenchGlossTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("supportbot-gloss-").FullName;

    [Fact]
    public void The_installed_dictionary_is_read()
    {
        Assert.True(FrenchGloss.Default.Headwords > 8000, $"{FrenchGloss.Default.Headwords} headwords in {FrenchGloss.DefaultPath}");
    }

    [Theory]
    [InlineData("ordinateur", "computer")]
    [InlineData("écran", "screen")]
    [InlineData("fichier", "file")]
    public void A_known_word_reads_as_its_first_translation(string french, string english)
    {
        Assert.Equal(english, FrenchGloss.Default.Gloss(french));
    }

    [Theory]
    [InlineData("connectee", "connect")]
    [InlineData("connectes", "connect")]
    [InlineData("oubliees", "forget")]
    [InlineData("perdu", "lose")]
    [InlineData("ordinateurs", "computer")]
    public void An_inflected_word_finds_its_headword(string folded, string english)
    {
        Assert.Equal(english, FrenchGloss.Default.Word(folded));
    }

    [Fact]
    public void Learner_shorthand_and_negation_carry_over_and_grammar_words_drop()
    {
        Assert.Equal("password forgot", FrenchGloss.Default.Gloss("mdp oublié"));
        Assert.Equal("video start not", FrenchGloss.Default.Gloss("la vidéo ne démarre pas"));
        Assert.Equal("not login since yesterday", FrenchGloss.Default.Gloss("j'arrive pas a me connecter depuis hier"));
    }

    [Fact]
    public void A_word_no_source_knows_stays_as_typed_without_accents()
    {
        Assert.Equal("kubernetes", FrenchGloss.Default.Gloss("Kubernetes"));
    }

    [Fact]
    public void A_dictd_file_is_read_with_its_multiword_headwords_and_first_sense()
    {
        var path = WriteDictionary(compressed: true, ("ordinateur", "ordinateur /ɔʀdinatœʀ/ <n, masc>\ncomputer\n"),
            ("salle de classe", "salle de classe /sal/ <n, fem>\nclassroom\n"),
            ("salle", "salle /sal/ <n, fem>\n1. hall, room\n2. ward\n"));
        var gloss = FrenchGloss.Load(path);

        Assert.Equal(3, gloss.Headwords);
        Assert.Equal("computer classroom", gloss.Gloss("l'ordinateur de la salle de classe"));
        Assert.Equal("hall", gloss.Gloss("salle"));
    }

    [Fact]
    public void Without_the_dictionary_there_is_no_gloss_and_french_is_read_as_typed()
    {
        var gloss = FrenchGloss.Load(Path.Combine(folder, "missing"));
        Assert.True(gloss.IsEmpty);
        Assert.Equal("", gloss.Gloss("mot de passe oublié"));

        using var embedder = new SentenceEmbedder(() => throw new InvalidOperationException("no model needed"), gloss);
        Assert.False(embedder.ReadsFrench);
        Assert.Equal("mot de passe oublié", embedder.ReadAs("mot de passe oublié", FaqLanguages.French));
    }

    [Fact]
    public void Only_text_read_as_french_is_glossed()
    {
        using var embedder = new SentenceEmbedder(() => throw new InvalidOperationException("no model needed"), FrenchGloss.Default);
        Assert.True(embedder.ReadsFrench);
        Assert.Equal("password forgot", embedder.ReadAs("mdp oublié", FaqLanguages.French));
        Assert.Equal("mdp oublié", embedder.ReadAs("mdp oublié", FaqLanguages.English));
        Assert.Equal("i forgot my password", embedder.ReadAs("i forgot my password", null));
        Assert.Equal("forgot password", embedder.ReadAs("j'ai oublié le mdp", null));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>A dictd dictionary: an index of "headword TAB offset TAB length" (base 64 numbers) into the entries' text.</summary>
    private string WriteDictionary(bool compressed, params (string Headword, string Entry)[] entries)
    {
        var path = Path.Combine(folder, "test-fra-eng");
        var body = new MemoryStream();
        var index = new StringBuilder();
        foreach (var (headword, entry) in entries)
        {
            var bytes = Encoding.UTF8.GetBytes(entry);
            index.Append(headword).Append('\t').Append(Base64(body.Length)).Append('\t').Append(Base64(bytes.Length)).Append('\n');
            body.Write(bytes);
        }

        File.WriteAllText(path + ".index", index.ToString());
        if (compressed)
        {
            using var file = File.Create(path + ".dict.dz");
            using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            gzip.Write(body.ToArray());
        }
        else
        {
            File.WriteAllBytes(path + ".dict", body.ToArray());
        }

        return path;
    }

    private static string Base64(long value)
    {
        const string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var text = "";
        do
        {
            text = digits[(int)(value % 64)] + text;
            value /= 64;
        }
        while (value > 0);
        return text;
    }
}
