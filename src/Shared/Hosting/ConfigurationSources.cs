using Microsoft.Extensions.Configuration;

namespace SupportBot.Shared.Hosting;

public static class ConfigurationSources
{
    public const string EnvironmentPrefix = "SUPPORTBOT__";

    /// <summary>
    /// SUPPORTBOT__Section__Key environment variables, then the command line, over the host's
    /// defaults (appsettings.json, appsettings.{Environment}.json, user secrets in Development).
    /// </summary>
    public static IConfigurationBuilder AddSupportBotSources(this IConfigurationBuilder configuration, string[] args) =>
        configuration.AddEnvironmentVariables(EnvironmentPrefix).AddCommandLine(args);
}
