using System.Diagnostics;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// tests/cpu/sse42.sh, which runs a command on this machine with CPUID reporting an SSE4.2 CPU without AVX: the code
/// paths a Celeron J4125 takes, on this silicon. It needs Linux on x86-64, a C compiler, and a CPU and kernel that can
/// make CPUID fault.
/// </summary>
internal static class Sse42Cpu
{
    /// <summary>The launcher script.</summary>
    public static string Launcher { get; } = Path.Combine(RepositoryRoot(), "tests", "cpu", "sse42.sh");

    /// <summary>Why this machine cannot run it, or null when it can.</summary>
    public static string? Unavailable { get; } = FindWhyUnavailable();

    private static string? FindWhyUnavailable()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            return "needs Linux on x86-64";
        }

        var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "";
        if (!flags.Split(' ').Contains("cpuid_fault"))
        {
            return "this CPU or kernel cannot make CPUID fault (no cpuid_fault in /proc/cpuinfo)";
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        if (!path.Any(d => File.Exists(Path.Combine(d, "cc")) || File.Exists(Path.Combine(d, "clang"))))
        {
            return "no C compiler (cc or clang)";
        }

        // The flag says the CPU can; a seccomp filter may still refuse the call. Anything else the launcher says is
        // left for the tests to fail on.
        using var probe = Process.Start(new ProcessStartInfo(Launcher, ["true"]) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        return error.Contains("refused to make CPUID fault", StringComparison.Ordinal) ? error.Trim() : null;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Operator.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A test that runs the runtime as an SSE4.2 CPU; skipped, saying why, on a machine that cannot.</summary>
public sealed class Sse42FactAttribute : FactAttribute
{
    public Sse42FactAttribute()
    {
        if (Sse42Cpu.Unavailable is { } reason)
        {
            Skip = "SSE4.2 CPU: " + reason;
        }
    }
}
