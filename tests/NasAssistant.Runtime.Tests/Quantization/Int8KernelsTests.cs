using NasAssistant.Runtime.Quantization;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Quantization;

public sealed class Int8KernelsTests
{
    [Theory]
    [InlineData("J4125", true)]
    [InlineData("SandyBridge", true)]
    [InlineData("Haswell", true)]
    [InlineData("AlderLake", false)]
    [InlineData("CascadeLake", false)]
    [InlineData("Arm64", false)]
    public void Auto_StoresUnsignedWeights_OnX86WithoutVnni(string cpu, bool unsigned)
    {
        var features = CpuFeatureSets.Named(cpu);

        Assert.Equal(unsigned ? WeightEncoding.Unsigned : WeightEncoding.Signed, Int8Kernels.Resolve(WeightEncoding.Auto, features));
        Assert.Equal(!unsigned, Int8Kernels.IsSaturationFree(features));
    }

    [Theory]
    [InlineData("J4125", false)]
    [InlineData("CascadeLake", true)]
    public void AnExplicitEncoding_IsKeptOnAnyCpu(string cpu, bool unsigned)
    {
        var requested = unsigned ? WeightEncoding.Unsigned : WeightEncoding.Signed;

        Assert.Equal(requested, Int8Kernels.Resolve(requested, CpuFeatureSets.Named(cpu)));
    }
}
