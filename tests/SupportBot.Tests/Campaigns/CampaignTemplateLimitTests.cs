using System.Diagnostics;
using SupportBot.Shared.Campaigns;

namespace SupportBot.Tests.Campaigns;

/// <summary>Issue 17 item 13: a tutor's template cannot run for ever (Fluid's step and recursion limits).</summary>
public sealed class CampaignTemplateLimitTests
{
    [Fact]
    public void A_message_looping_past_the_step_limit_is_refused_when_saved_with_a_precise_reason()
    {
        var message = new CampaignMessage("Bonjour", "{% for i in (1..5000) %}{% for j in (1..5000) %}{{ first_name }} {% endfor %}{% endfor %}", "Hello", "Hi {{ first_name }}");
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<CampaignTemplateException>(() => CampaignTemplates.Parse(message));

        Assert.Contains("message (fr)", error.Message, StringComparison.Ordinal);
        Assert.Contains("steps", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_message_with_a_huge_range_is_refused_before_fluid_builds_it()
    {
        var message = new CampaignMessage("Bonjour", "Hi", "Hello", "{% for i in (1..50000000) %}x{% endfor %}");
        var clock = Stopwatch.StartNew();

        var error = Assert.Throws<CampaignTemplateException>(() => CampaignTemplates.Parse(message));

        Assert.Contains("message (en)", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task An_ordinary_message_with_a_loop_still_renders()
    {
        var templates = CampaignTemplates.Parse(new CampaignMessage("Bonjour {{ first_name }}", "{% for i in (1..3) %}{{ i }} {% endfor %}{{ module }}", "Hello", "Hi"));

        var mail = await templates.RenderAsync("fr", new CampaignValues("Lea", "INF101", null, "https://chat", "https://stop"));

        Assert.Equal("Bonjour Lea", mail.Subject);
        Assert.StartsWith("1 2 3 INF101", mail.Text, StringComparison.Ordinal);
    }
}
