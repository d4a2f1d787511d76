using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace SupportBot.IntegrationTests.Fixtures;

/// <summary>
/// Debian's Dovecot as Microsoft 365 and Gmail behave for XOAUTH2: IMAP and submission that accept
/// only bearer tokens, checked by an oauth2 passdb against a token introspection endpoint.
/// Submission relays to the test smtp4dev, so sent mail can be read there.
/// </summary>
internal sealed class DovecotMailServer : IAsyncDisposable
{
    private const string DovecotBinary = "/usr/sbin/dovecot";
    private const string DoveadmBinary = "/usr/bin/doveadm";

    private readonly string root;
    private readonly Process process;

    private DovecotMailServer(string root, Process process, int imapPort, int submissionPort)
    {
        this.root = root;
        this.process = process;
        ImapPort = imapPort;
        SubmissionPort = submissionPort;
    }

    public int ImapPort { get; }

    public int SubmissionPort { get; }

    private string Config => Path.Combine(root, "dovecot.conf");

    public static async Task<DovecotMailServer> StartAsync(Uri introspectionUrl)
    {
        if (!File.Exists(DovecotBinary) || !File.Exists("/usr/lib/dovecot/submission"))
        {
            throw new InvalidOperationException("Dovecot is missing: apt-get install dovecot-imapd dovecot-submissiond (Debian).");
        }

        var root = Directory.CreateTempSubdirectory("sb-dovecot-").FullName;
        var imapPort = FreePort();
        var submissionPort = FreePort();
        var isRoot = Environment.UserName == "root";
        // As root Dovecot drops to its own users; otherwise everything runs as the caller.
        var internalUser = isRoot ? "dovecot" : Environment.UserName;
        var loginUser = isRoot ? "dovenull" : Environment.UserName;
        Directory.CreateDirectory(Path.Combine(root, "mail"));
        await File.WriteAllTextAsync(Path.Combine(root, "oauth2.conf.ext"), $"""
            introspection_url = {introspectionUrl.AbsoluteUri}
            introspection_mode = post
            username_attribute = username
            active_attribute = active
            active_value = true
            """);
        await File.WriteAllTextAsync(Path.Combine(root, "dovecot.conf"), $$"""
            base_dir = {{root}}/run
            state_dir = {{root}}/state
            log_path = {{root}}/dovecot.log
            protocols = imap submission
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = xoauth2 oauthbearer
            auth_failure_delay = 0
            auth_verbose = yes
            mail_location = maildir:{{root}}/mail/%n
            default_internal_user = {{internalUser}}
            default_login_user = {{loginUser}}
            mail_uid = {{internalUser}}
            mail_gid = {{internalUser}}
            first_valid_uid = 0
            hostname = mail.example.test
            submission_relay_host = 127.0.0.1
            submission_relay_port = {{TestServices.SmtpPort}}
            service anvil {
              # No growing penalty after refused logins: the tests refuse tokens on purpose.
              unix_listener anvil-auth-penalty {
                mode = 0
              }
            }
            service imap-login {
              inet_listener imap {
                port = {{imapPort}}
              }
            }
            service submission-login {
              inet_listener submission {
                port = {{submissionPort}}
              }
            }
            passdb {
              driver = oauth2
              mechanisms = xoauth2 oauthbearer
              args = {{root}}/oauth2.conf.ext
            }
            userdb {
              driver = static
              args = uid={{internalUser}} gid={{internalUser}} home={{root}}/mail/%n allow_all_users=yes
            }
            """);
        if (isRoot)
        {
            await RunAsync("chown", ["-R", $"{internalUser}:{internalUser}", Path.Combine(root, "mail")]);
            // Dovecot's users must reach the mail folder below the temporary folder.
            await RunAsync("chmod", ["711", root]);
        }

        var process = Process.Start(new ProcessStartInfo(DovecotBinary, ["-F", "-c", Path.Combine(root, "dovecot.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var server = new DovecotMailServer(root, process, imapPort, submissionPort);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Listening(imapPort) || !Listening(submissionPort))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                var log = File.Exists(Path.Combine(root, "dovecot.log")) ? await File.ReadAllTextAsync(Path.Combine(root, "dovecot.log")) : "";
                await server.DisposeAsync();
                throw new InvalidOperationException($"Dovecot did not start: {await process.StandardError.ReadToEndAsync()} {log}");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>Delivers a message into a mailbox the way a local delivery agent does.</summary>
    public async Task DeliverAsync(string mailbox, MimeMessage message)
    {
        using var bytes = new MemoryStream();
        await message.WriteToAsync(bytes);
        await RunAsync(DoveadmBinary, ["-c", Config, "save", "-u", mailbox], bytes.ToArray());
    }

    /// <summary>Drops the mailbox's open IMAP connections, as a server restart or a token check would.</summary>
    public Task KickAsync(string mailbox) => RunAsync(DoveadmBinary, ["-c", Config, "kick", mailbox]);

    public string Log => File.Exists(Path.Combine(root, "dovecot.log")) ? File.ReadAllText(Path.Combine(root, "dovecot.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // A child still closing its log: the temporary folder is cleaned by the system.
        }
    }

    private static async Task RunAsync(string file, string[] arguments, byte[]? input = null)
    {
        using var run = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        if (input is not null)
        {
            await run.StandardInput.BaseStream.WriteAsync(input);
        }

        run.StandardInput.Close();
        var error = await run.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync();
        // doveadm kick exits 68 when nobody was connected: nothing to do is not a failure.
        if (run.ExitCode != 0 && !(file == DoveadmBinary && arguments.Contains("kick") && run.ExitCode == 68))
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {run.ExitCode}: {error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
