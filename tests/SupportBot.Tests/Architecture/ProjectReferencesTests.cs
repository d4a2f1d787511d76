using System.Reflection;

namespace SupportBot.Tests.Architecture;

/// <summary>Projects point one way: Bot -> Jobs -> Shared, Cli -> Shared (docs/STYLE.md, rule 1).</summary>
public sealed class ProjectReferencesTests
{
    private static readonly Assembly Shared = typeof(SupportBot.Shared.Data.DatabaseMigrator).Assembly;
    private static readonly Assembly Jobs = typeof(SupportBot.Jobs.Hosting.JobsHosting).Assembly;
    private static readonly Assembly Cli = typeof(SupportBot.Cli.CliHost).Assembly;

    private static IEnumerable<string> ReferencedNames(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!);

    [Fact]
    public void Shared_references_neither_AspNetCore_nor_Hangfire()
    {
        var offending = ReferencedNames(Shared)
            .Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || n.StartsWith("Hangfire", StringComparison.Ordinal))
            .ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void Shared_references_no_other_SupportBot_project()
    {
        Assert.DoesNotContain(ReferencedNames(Shared), n => n.StartsWith("SupportBot.", StringComparison.Ordinal) || n == "supportbot");
    }

    [Fact]
    public void Jobs_references_Shared_and_Hangfire_but_not_AspNetCore()
    {
        var names = ReferencedNames(Jobs).ToList();
        Assert.Contains("SupportBot.Shared", names);
        Assert.Contains("Hangfire.Core", names);
        Assert.DoesNotContain(names, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain("SupportBot.Bot", names);
    }

    [Fact]
    public void Cli_references_Shared_only()
    {
        var names = ReferencedNames(Cli).ToList();
        Assert.Contains("SupportBot.Shared", names);
        Assert.DoesNotContain(names, n => n is "SupportBot.Bot" or "SupportBot.Jobs" || n.StartsWith("Hangfire", StringComparison.Ordinal) || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_public_entry_points_exist_in_feature_folders_not_layer_folders()
    {
        var layerFolders = new[] { ".Models", ".Services", ".Helpers", ".Utils", ".Extensions", ".Managers" };
        var namespaces = new[] { Shared, Jobs, Cli, typeof(Program).Assembly }
            .SelectMany(a => a.GetTypes())
            .Select(t => t.Namespace ?? "")
            .Distinct();
        Assert.DoesNotContain(namespaces, ns => layerFolders.Any(f => ns.Contains(f, StringComparison.Ordinal)));
    }
}
