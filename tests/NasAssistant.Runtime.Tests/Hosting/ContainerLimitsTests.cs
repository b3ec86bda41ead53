using NasAssistant.Runtime.Hosting;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Hosting;

public sealed class ContainerLimitsTests : IDisposable
{
    private readonly TempDirectory _cgroup = new();

    [Fact]
    public void CgroupQuota_GivesFractionalCores_AndRoundsThreadsUp()
    {
        File.WriteAllText(_cgroup.File("cpu.max"), "150000 100000\n");
        File.WriteAllText(_cgroup.File("memory.max"), "1073741824\n");

        var limits = ContainerLimits.Detect(_cgroup.Path);

        Assert.Equal(Math.Min(1.5, Environment.ProcessorCount), limits.CpuCores);
        Assert.Equal(Math.Min(2, Environment.ProcessorCount), limits.WholeCores);
        Assert.Equal(1L << 30, limits.MemoryBytes);
    }

    [Fact]
    public void NoLimit_FallsBackToTheMachine()
    {
        File.WriteAllText(_cgroup.File("cpu.max"), "max 100000\n");
        File.WriteAllText(_cgroup.File("memory.max"), "max\n");

        var limits = ContainerLimits.Detect(_cgroup.Path);

        Assert.Equal(Environment.ProcessorCount, limits.CpuCores);
        Assert.True(limits.MemoryBytes > 0);
    }

    [Theory]
    [InlineData("200000", "100000", "2147483648", 2.0, 2147483648L)]
    [InlineData("50000", "100000", "536870912", 0.5, 536870912L)]
    public void CgroupV1Limits_AreReadFromTheControllerFolders(string quota, string period, string memory, double cores, long bytes)
    {
        WriteV1(quota, period, memory);

        var limits = ContainerLimits.Detect(_cgroup.Path);

        Assert.Equal(Math.Min(cores, Environment.ProcessorCount), limits.CpuCores);
        Assert.Equal(bytes, limits.MemoryBytes);
    }

    [Fact]
    public void CgroupV1WithoutLimits_FallsBackToTheMachine()
    {
        WriteV1("-1", "100000", "9223372036854771712");

        var limits = ContainerLimits.Detect(_cgroup.Path);

        Assert.Equal(Environment.ProcessorCount, limits.CpuCores);
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, limits.MemoryBytes);
    }

    [Fact]
    public void NoCgroupFiles_FallsBackToTheMachine()
    {
        var limits = ContainerLimits.Detect(_cgroup.File("missing"));

        Assert.Equal(Environment.ProcessorCount, limits.CpuCores);
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, limits.MemoryBytes);
    }

    public void Dispose() => _cgroup.Dispose();

    private void WriteV1(string quota, string period, string memory)
    {
        Directory.CreateDirectory(_cgroup.File("cpu"));
        Directory.CreateDirectory(_cgroup.File("memory"));
        File.WriteAllText(Path.Combine(_cgroup.File("cpu"), "cpu.cfs_quota_us"), quota + "\n");
        File.WriteAllText(Path.Combine(_cgroup.File("cpu"), "cpu.cfs_period_us"), period + "\n");
        File.WriteAllText(Path.Combine(_cgroup.File("memory"), "memory.limit_in_bytes"), memory + "\n");
    }
}
