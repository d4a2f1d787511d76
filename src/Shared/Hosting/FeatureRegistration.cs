using Microsoft.Extensions.Hosting;

namespace SupportBot.Shared.Hosting;

public static class FeatureRegistration
{
    /// <summary>
    /// True the first time a feature registers on this builder. Each AddSupportBotXyz calls the
    /// features it needs, so one may be asked for several times; registering twice would stack
    /// HTTP handlers and option validators.
    /// </summary>
    public static bool FirstRegistration(this IHostApplicationBuilder builder, string feature)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Properties.TryAdd("SupportBot.Feature." + feature, true);
    }
}
