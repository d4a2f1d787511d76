using Hangfire.Common;
using SupportBot.Jobs.Hosting;

namespace SupportBot.Tests.Delivery;

/// <summary>
/// Hangfire's job filters are one list for the whole process. Hosts built side by side (the integration tests build
/// several at once) each register the "not yet" filter: none may fail while another adds it, and it is there once.
/// </summary>
public sealed class NotYetRetryRegistrationTests
{
    [Fact]
    public async Task Hosts_registering_at_the_same_time_add_the_filter_once_without_failing()
    {
        for (var round = 0; round < 100; round++)
        {
            var filters = new JobFilterCollection();
            for (var other = 0; other < 2000; other++)
            {
                filters.Add(new Hangfire.AutomaticRetryAttribute { Attempts = other });
            }

            // Line the hosts up so they register at the same moment: one adds while the others read the list.
            using var start = new Barrier(2);
            var hosts = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(
                () =>
                {
                    start.SignalAndWait();
                    NotYetRetryFilter.RegisterOnce(filters, TimeSpan.FromSeconds(30));
                },
                TaskCreationOptions.LongRunning)).ToArray();
            await Task.WhenAll(hosts);

            Assert.Single(filters, f => f.Instance is NotYetRetryFilter);
        }
    }
}
