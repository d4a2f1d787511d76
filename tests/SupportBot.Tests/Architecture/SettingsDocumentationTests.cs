using System.Reflection;
using System.Text.Json;

namespace SupportBot.Tests.Architecture;

/// <summary>appsettings.example.json documents every setting of every options class.</summary>
public sealed class SettingsDocumentationTests
{
    [Fact]
    public void Every_options_property_appears_in_appsettings_example()
    {
        var example = LoadExample();
        var missing = new List<string>();
        foreach (var type in OptionsTypes())
        {
            var section = (string)type.GetField("SectionName")!.GetValue(null)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                if (!TryGet(example, $"{section}:{property.Name}", out _))
                {
                    missing.Add($"{section}:{property.Name}");
                }
            }
        }

        Assert.True(missing.Count == 0, "Missing from appsettings.example.json: " + string.Join(", ", missing));
    }

    [Fact]
    public void The_example_finds_options_classes_to_check()
    {
        Assert.Contains(OptionsTypes(), t => t.Name == "DatabaseOptions");
    }

    private static IEnumerable<Type> OptionsTypes() =>
        new[] { typeof(SupportBot.Shared.Data.DatabaseOptions).Assembly, typeof(SupportBot.Jobs.Hosting.JobsOptions).Assembly, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    private static JsonElement LoadExample()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "appsettings.example.json")))
        {
            dir = dir.Parent;
        }

        using var doc = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(dir.FullName, "appsettings.example.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.Clone();
    }

    private static bool TryGet(JsonElement root, string path, out JsonElement value)
    {
        value = root;
        foreach (var part in path.Split(':'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value))
            {
                return false;
            }
        }

        return true;
    }
}
