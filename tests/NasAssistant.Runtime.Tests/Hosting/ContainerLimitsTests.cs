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

    [Fact]
    public void NoCgroupFiles_FallsBackToTheMachine()
    {
        var limits = ContainerLimits.Detect(_cgroup.File("missing"));

        Assert.Equal(Environment.ProcessorCount, limits.CpuCores);
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, limits.MemoryBytes);
    }

    public void Dispose() => _cgroup.Dispose();
}
