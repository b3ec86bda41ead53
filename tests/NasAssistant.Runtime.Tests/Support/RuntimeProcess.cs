using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>The runtime executable as a child process, for what needs a real process: signals and exit codes.</summary>
public sealed class RuntimeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RuntimeProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static RuntimeProcess Start(params string[] args) => StartIn(Environment.CurrentDirectory, args);

    /// <summary>Starts the runtime with <paramref name="workingDirectory"/> as its working directory.</summary>
    public static RuntimeProcess StartIn(string workingDirectory, params string[] args) => StartThrough([], workingDirectory, args);

    /// <summary>Starts the runtime through <paramref name="launcher"/>, a command (and its arguments) that runs the command it is given.</summary>
    public static RuntimeProcess StartThrough(string[] launcher, string workingDirectory, params string[] args)
    {
        // The SDK names its own host for child processes; "dotnet" from PATH is the fallback.
        var command = launcher.Append(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet").ToArray();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NasAssistant.Runtime.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("NAS_ASSISTANT_", StringComparison.Ordinal)).ToArray())
        {
            start.Environment.Remove(name);
        }

        return new RuntimeProcess(Process.Start(start)!);
    }

    public static int FreePort() => FreePorts(1)[0];

    /// <summary>Two distinct free ports, for a process that listens on both.</summary>
    public static (int First, int Second) TwoFreePorts() => FreePorts(2) is [var first, var second] ? (first, second) : throw new InvalidOperationException();

    /// <summary>Distinct free ports: each is held until all are chosen, as the kernel may hand a released port out again at once.</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Dispose());
        }
    }

    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public async Task WaitUntilReadyAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 600; i++)
        {
            Assert.False(_process.HasExited, $"runtime exited early:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri("/v2/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but too busy starting up to answer within the probe's timeout.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"runtime never became ready:\n{Output}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
