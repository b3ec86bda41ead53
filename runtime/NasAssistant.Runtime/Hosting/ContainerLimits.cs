using System.Globalization;

namespace NasAssistant.Runtime.Hosting;

/// <summary>
/// The CPU and memory the process may use: the cgroup v2 limits, else the cgroup v1 ones (Docker on a
/// NAS kernel such as Synology's or QNAP's), else the machine's.
/// </summary>
internal sealed record ContainerLimits(double CpuCores, long MemoryBytes)
{
    private const string CgroupRoot = "/sys/fs/cgroup";

    // cgroup v1 writes "no limit" as the largest page-aligned 64-bit value; nothing real comes near 2^62 bytes.
    private const long UnlimitedV1MemoryBytes = 1L << 62;

    /// <summary>Cores to size thread pools by: the CPU limit rounded up, at least 1.</summary>
    public int WholeCores => Math.Max(1, (int)Math.Ceiling(CpuCores));

    /// <summary>Reads the limits of the current process.</summary>
    public static ContainerLimits Detect() => Detect(CgroupRoot);

    /// <summary>
    /// Reads the limits from a cgroup mount (a parameter so tests can supply one): v2's files at its top,
    /// v1's in its <c>cpu</c> and <c>memory</c> controller folders.
    /// </summary>
    public static ContainerLimits Detect(string cgroupRoot)
    {
        var cpuMax = TryRead(Path.Combine(cgroupRoot, "cpu.max"))?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cpu = (cpuMax is { Length: 2 } ? Cores(cpuMax[0], cpuMax[1]) : null)
            ?? Cores(TryRead(Path.Combine(cgroupRoot, "cpu", "cpu.cfs_quota_us")), TryRead(Path.Combine(cgroupRoot, "cpu", "cpu.cfs_period_us")))
            ?? Environment.ProcessorCount;

        // Without a limit read here, .NET's figure is the machine's memory; under a cgroup limit it is the GC heap's
        // share of it (75%), which is why v1's file is read rather than left to the runtime.
        var memory = Bytes(TryRead(Path.Combine(cgroupRoot, "memory.max")))
            ?? Bytes(TryRead(Path.Combine(cgroupRoot, "memory", "memory.limit_in_bytes"))) switch
            {
                < UnlimitedV1MemoryBytes and var limit => limit,
                _ => null,
            };
        return new ContainerLimits(Math.Min(cpu, Environment.ProcessorCount), memory ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
    }

    // A CFS quota and period in microseconds (v2's cpu.max holds both; "max" or v1's -1 means no limit).
    private static double? Cores(string? quota, string? period) =>
        long.TryParse(quota, NumberStyles.Integer, CultureInfo.InvariantCulture, out var q)
        && long.TryParse(period, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p)
        && q > 0 && p > 0
            ? (double)q / p
            : null;

    private static long? Bytes(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes) && bytes > 0 ? bytes : null;

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
