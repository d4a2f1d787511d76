using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using SupportBot.Cli;

namespace SupportBot.IntegrationTests.Teams;

/// <summary>
/// `supportbot teams package` builds what a Teams admin uploads; Microsoft's own validator
/// (@microsoft/app-manifest, in tests/conformance) judges the manifest and its French strings.
/// </summary>
public sealed class TeamsPackageTests : IDisposable
{
    private const string BotId = "6f1c2a4e-9b7d-4c1e-8a3f-2d5e7b9c1a0f";
    private readonly string folder = Directory.CreateTempSubdirectory("sb-teams-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task The_package_passes_Microsofts_manifest_schema_and_carries_the_bot_and_both_icons()
    {
        var zip = Path.Combine(folder, "supportbot-teams.zip");

        var (exit, _, error) = await PackageAsync("--out", zip, "--developer", "Université Exemple",
            "--set", $"Bot:MicrosoftAppId={BotId}", "--set", "OutgoingMail:PublicBaseUrl=https://support.example.edu/");

        Assert.True(exit == 0, error);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Equal(["color.png", "fr.json", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order());
        archive.ExtractToDirectory(Path.Combine(folder, "unpacked"));
        var validation = await ValidateWithMicrosoftSchemaAsync(Path.Combine(folder, "unpacked"));
        Assert.True(validation.Exit == 0, validation.Output);

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "unpacked", "manifest.json")))!;
        Assert.Equal(BotId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal(["personal", "team"], manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(["support.example.edu"], manifest["validDomains"]!.AsArray().Select(s => (string?)s));
        Assert.Contains("help", manifest["bots"]![0]!["commandLists"]![0]!["commands"]!.AsArray().Select(c => (string?)c!["title"]));
        var french = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "unpacked", "fr.json")))!;
        Assert.Equal("aide", (string?)french["bots[0].commandLists[0].commands[0].title"]);
        Assert.StartsWith("Réponses", (string?)french["description.short"], StringComparison.Ordinal);
        Assert.Equal((192, 192), PngSize(Path.Combine(folder, "unpacked", "color.png")));
        Assert.Equal((32, 32), PngSize(Path.Combine(folder, "unpacked", "outline.png")));
        Assert.True(OutlineIsWhiteOnTransparent(Path.Combine(folder, "unpacked", "outline.png")));
    }

    [Theory]
    [InlineData("not-a-guid", "https://support.example.edu/", "Bot:MicrosoftAppId must be the Azure Bot's Microsoft App ID")]
    [InlineData(BotId, "http://support.example.edu/", "OutgoingMail:PublicBaseUrl must be a public https URL")]
    public async Task Bad_settings_are_named_and_no_package_is_written(string appId, string publicUrl, string expected)
    {
        var zip = Path.Combine(folder, "bad.zip");

        var (exit, _, error) = await PackageAsync("--out", zip, "--set", $"Bot:MicrosoftAppId={appId}", "--set", $"OutgoingMail:PublicBaseUrl={publicUrl}");

        Assert.Equal(1, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    private static async Task<(int Exit, string Output, string Error)> PackageAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliProgram.CreateRoot().Parse(["teams", "package", .. args])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static async Task<(int Exit, string Output)> ValidateWithMicrosoftSchemaAsync(string unpacked)
    {
        var conformance = Path.Combine(TestServices.RepositoryRoot, "tests", "conformance");
        if (!Directory.Exists(Path.Combine(conformance, "node_modules", "@microsoft", "app-manifest")))
        {
            throw new InvalidOperationException($"{conformance}/node_modules is missing: run scripts/install-test-deps.sh (npm ci there), as ./test.sh does.");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = conformance, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("teams-manifest.mjs");
        start.ArgumentList.Add(unpacked);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Width and height from the PNG's IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>Teams' outline icon rule: white (or transparent) pixels only. Reads the 8-bit RGBA image written without filters.</summary>
    private static bool OutlineIsWhiteOnTransparent(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(6, bytes[25]); // colour type RGBA
        using var data = new MemoryStream();
        for (var at = 8; at < bytes.Length;)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            if (System.Text.Encoding.ASCII.GetString(bytes, at + 4, 4) == "IDAT")
            {
                data.Write(bytes, at + 8, length);
            }

            at += 12 + length;
        }

        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        const int Row = 1 + (32 * 4);
        for (var y = 0; y < 32; y++)
        {
            Assert.Equal(0, raw[y * Row]); // filter type None
            for (var x = 0; x < 32; x++)
            {
                var p = (y * Row) + 1 + (x * 4);
                if (raw[p + 3] != 0 && (raw[p] != 255 || raw[p + 1] != 255 || raw[p + 2] != 255))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
