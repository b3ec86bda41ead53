using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace NasAssistant.Gateway.Tests.Support.Mqtt;

/// <summary>
/// A real Mosquitto broker (Debian's <c>mosquitto</c> package) on a free loopback port with a generated
/// configuration and persistence, so a restart keeps the persistent sessions and their queued messages:
/// anonymous and plain, or with <see cref="MosquittoSecurity"/> TLS, a password file made by
/// <c>mosquitto_passwd</c> and an ACL. Without Mosquitto the test fails (<c>tests/run.sh</c> installs it). The gateway
/// benchmark starts it too, so it stays free of the test framework.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    private readonly string _configFile;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private MosquittoBroker(string configFile, int port)
    {
        _configFile = configFile;
        Port = port;
    }

    /// <summary>The loopback address the broker listens on.</summary>
    public const string Host = "127.0.0.1";

    public int Port { get; }

    /// <summary>What the broker logged, across restarts.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Writes the configuration into <paramref name="directory"/> and starts the broker on <paramref name="port"/>;
    /// <paramref name="settings"/> are further <c>mosquitto.conf</c> lines.
    /// </summary>
    /// <exception cref="InvalidOperationException">Mosquitto is not installed, or it did not start.</exception>
    public static async Task<MosquittoBroker> StartAsync(string directory, int port, MosquittoSecurity? security = null, IReadOnlyList<string>? settings = null)
    {
        Directory.CreateDirectory(directory);
        var config = new StringBuilder()
            .AppendLine("per_listener_settings false")
            // Mosquitto started as root drops to the 'mosquitto' user unless told to stay; a non-root user ignores it.
            .AppendLine(CultureInfo.InvariantCulture, $"user {Environment.UserName}")
            .AppendLine(CultureInfo.InvariantCulture, $"listener {port} 127.0.0.1")
            .AppendLine("persistence true")
            .AppendLine(CultureInfo.InvariantCulture, $"persistence_location {directory}/")
            .AppendLine("log_dest stderr")
            .AppendLine("log_type error\nlog_type warning\nlog_type notice\nlog_type information")
            .AppendLine("connection_messages true");
        if (security is null)
        {
            config.AppendLine("allow_anonymous true");
        }
        else
        {
            var passwords = Path.Combine(directory, "passwords");
            foreach (var (user, password) in security.Passwords)
            {
                await RunAsync(Tool("mosquitto_passwd"), File.Exists(passwords) ? ["-b", passwords, user, password] : ["-b", "-c", passwords, user, password]);
            }

            var acl = Path.Combine(directory, "acl");
            await File.WriteAllLinesAsync(acl, security.Acl);
            config.AppendLine("allow_anonymous false")
                .AppendLine(CultureInfo.InvariantCulture, $"password_file {passwords}")
                .AppendLine(CultureInfo.InvariantCulture, $"acl_file {acl}")
                .AppendLine(CultureInfo.InvariantCulture, $"cafile {security.CaFile}")
                .AppendLine(CultureInfo.InvariantCulture, $"certfile {security.CertificateFile}")
                .AppendLine(CultureInfo.InvariantCulture, $"keyfile {security.KeyFile}");
        }

        foreach (var setting in settings ?? [])
        {
            config.AppendLine(setting);
        }

        var configFile = Path.Combine(directory, "mosquitto.conf");
        await File.WriteAllTextAsync(configFile, config.ToString());
        var broker = new MosquittoBroker(configFile, port);
        await broker.StartAsync();
        return broker;
    }

    /// <summary>Starts the broker (again) with the same configuration, port and persistence; returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Tool("mosquitto"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_configFile);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited at startup:\n{Log}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(Host, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"mosquitto never accepted connections on port {Port}:\n{Log}");
    }

    /// <summary>Stops the broker the way a service manager does (SIGTERM): it saves its sessions and messages, then exits.</summary>
    public async Task StopAsync()
    {
        var process = _process ?? throw new InvalidOperationException("the broker is not running");
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(timeout.Token);
        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }
    }

    /// <summary>A Mosquitto program: from <c>NAS_ASSISTANT_MOSQUITTO_DIR</c>, the PATH, or Debian's folders.</summary>
    private static string Tool(string name)
    {
        var folders = new[] { Environment.GetEnvironmentVariable("NAS_ASSISTANT_MOSQUITTO_DIR") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
            .Concat(["/usr/sbin", "/usr/bin"]);
        return folders.Where(f => !string.IsNullOrEmpty(f)).Select(f => Path.Combine(f!, name)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"{name} is not installed: the MQTT tests need Debian's mosquitto package (bash tests/run.sh installs it, or apt-get install mosquitto)");
    }

    private static async Task RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {error}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
