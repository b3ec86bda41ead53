using System.Collections.Concurrent;
using System.Diagnostics;
using CpuArchitecture = System.Runtime.InteropServices.Architecture;
using System.Runtime.InteropServices;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// tests/cpu/as-cpu.sh, which runs a command on this machine with CPUID reporting an older CPU: "sse4.2" (a Celeron
/// J4125), "avx2" (Haswell, Zen 1 to 3) or "avx-vnni" (Alder Lake, the N100). The command then takes the code paths
/// such a CPU takes, on this silicon. It needs Linux on x86-64, a C compiler, and a CPU and kernel that can make CPUID
/// fault; "avx-vnni" needs a CPU with AVX-VNNI.
/// </summary>
internal static class MaskedCpu
{
    private static readonly ConcurrentDictionary<string, string?> Reasons = new(StringComparer.Ordinal);

    /// <summary>The launcher script.</summary>
    public static string Launcher { get; } = Path.Combine(RepositoryRoot(), "tests", "cpu", "as-cpu.sh");

    /// <summary>Why this machine cannot run as <paramref name="model"/>, or null when it can.</summary>
    public static string? Unavailable(string model) => Reasons.GetOrAdd(model, FindWhyUnavailable);

    private static string? FindWhyUnavailable(string model)
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != CpuArchitecture.X64)
        {
            return "needs Linux on x86-64";
        }

        var flags = (File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "").Split(' ');
        if (!flags.Contains("cpuid_fault"))
        {
            return "this CPU or kernel cannot make CPUID fault (no cpuid_fault in /proc/cpuinfo)";
        }

        if (model == "avx-vnni" && !flags.Contains("avx_vnni"))
        {
            return "this CPU has no AVX-VNNI to keep";
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':');
        if (!path.Any(d => File.Exists(Path.Combine(d, "cc")) || File.Exists(Path.Combine(d, "clang"))))
        {
            return "no C compiler (cc or clang)";
        }

        // The flag says the CPU can; a seccomp filter may still refuse the call. Anything else the launcher says is
        // left for the tests to fail on.
        using var probe = Process.Start(new ProcessStartInfo(Launcher, [model, "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
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

/// <summary>A test that runs the runtime as an older CPU (<see cref="MaskedCpu"/>); skipped, saying why, on a machine that cannot.</summary>
public sealed class AsCpuFactAttribute : FactAttribute
{
    public AsCpuFactAttribute(string model)
    {
        if (MaskedCpu.Unavailable(model) is { } reason)
        {
            Skip = $"as {model}: {reason}";
        }
    }
}
