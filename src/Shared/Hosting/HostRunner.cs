using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Hosting;

/// <summary>
/// Runs a host and turns the start-up failures an operator can fix (a bad setting, a busy port,
/// an unreachable database) into one line on stderr and a non-zero exit code, not a stack trace.
/// </summary>
public static class HostRunner
{
    public const int InvalidSettingExitCode = 2;
    public const int StartFailedExitCode = 3;

    /// <param name="build">Builds the host: settings are validated while building too (e.g. when the
    /// Hangfire dashboard resolves its storage), so building happens inside the guard.</param>
    public static async Task<int> RunAsync(Func<IHost> build)
    {
        IHost? host = null;
        try
        {
            host = build();
            await host.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"SupportBot cannot start: invalid setting {string.Join("; ", ex.Failures)}");
            return InvalidSettingExitCode;
        }
        catch (IOException ex) when (ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync($"SupportBot cannot start: port busy: {ex.Message}");
            return StartFailedExitCode;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"SupportBot cannot start: PostgreSQL unreachable ({ex.Message}); check Database:ConnectionString");
            return StartFailedExitCode;
        }
        finally
        {
            host?.Dispose();
        }
    }
}
