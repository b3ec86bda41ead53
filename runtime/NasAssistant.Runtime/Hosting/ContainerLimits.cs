using System.Globalization;

namespace NasAssistant.Runtime.Hosting;

/// <summary>The CPU and memory the process may use: the cgroup v2 limits, else the machine's.</summary>
internal sealed record ContainerLimits(double CpuCores, long MemoryBytes)
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    /// <summary>Cores to size thread pools by: the CPU limit rounded up, at least 1.</summary>
    public int WholeCores => Math.Max(1, (int)Math.Ceiling(CpuCores));

    /// <summary>Reads the limits of the current process.</summary>
    public static ContainerLimits Detect() => Detect(CgroupRoot);

    /// <summary>Reads the limits from a cgroup v2 folder (a parameter so tests can supply one).</summary>
    public static ContainerLimits Detect(string cgroupRoot)
    {
        var cpu = ReadCpuLimit(Path.Combine(cgroupRoot, "cpu.max")) ?? Environment.ProcessorCount;
        var memory = ReadMemoryLimit(Path.Combine(cgroupRoot, "memory.max"))
            ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new ContainerLimits(Math.Min(cpu, Environment.ProcessorCount), memory);
    }

    private static double? ReadCpuLimit(string path)
    {
        // cpu.max is "<quota> <period>" in microseconds, or "max <period>" when unlimited.
        var text = TryRead(path);
        var parts = text?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 2 }
            || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var quota)
            || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var period)
            || quota <= 0 || period <= 0)
        {
            return null;
        }

        return (double)quota / period;
    }

    private static long? ReadMemoryLimit(string path)
    {
        var text = TryRead(path);
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : null;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
