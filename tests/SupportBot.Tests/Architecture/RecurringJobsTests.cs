using Microsoft.Extensions.Configuration;
using SupportBot.Jobs.Hosting;

namespace SupportBot.Tests.Architecture;

/// <summary>Recurring jobs are declared once, in <see cref="RecurringJobs"/> (issue #13).</summary>
public sealed class RecurringJobsTests
{
    [Fact]
    public void Every_recurring_job_has_its_own_id_and_a_valid_schedule()
    {
        var table = RecurringJobs.Table(new ConfigurationBuilder().Build());

        Assert.Equal(table.Count, table.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(table, e => Assert.Equal(5, e.Cron.Split(' ').Length));
    }

    [Fact]
    public void No_source_file_outside_the_table_schedules_a_recurring_job()
    {
        var src = Path.Combine(TestServices.RepositoryRoot, "src");
        var offending = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "RecurringJobs.cs")
            .Where(f => File.ReadAllText(f).Contains(".AddOrUpdate", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(src, f))
            .ToList();
        Assert.Empty(offending);
    }
}
