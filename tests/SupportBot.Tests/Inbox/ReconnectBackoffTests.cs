using SupportBot.Jobs.Inbox;

namespace SupportBot.Tests.Inbox;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Waits_double_from_one_second_up_to_a_minute_at_most()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1.0);

        var waits = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], waits);
    }

    [Fact]
    public void Jitter_keeps_each_wait_between_half_and_all_of_it()
    {
        var low = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 0.0);
        low.Next();

        Assert.Equal(TimeSpan.FromSeconds(1), low.Next());
    }

    [Fact]
    public void A_successful_connection_starts_the_waits_over()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1.0);
        backoff.Next();
        backoff.Next();

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }

    [Fact]
    public void Thousands_of_failures_do_not_overflow()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), () => 1.0);
        for (var i = 0; i < 5000; i++)
        {
            backoff.Next();
        }

        Assert.Equal(TimeSpan.FromSeconds(60), backoff.Next());
    }
}
