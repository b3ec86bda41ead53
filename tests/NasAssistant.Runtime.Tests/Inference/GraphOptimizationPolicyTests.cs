using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Inference;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Runtime.Tests.Inference;

public sealed class GraphOptimizationPolicyTests
{
    [Theory]
    [InlineData("J4125", GraphOptimization.Basic)]
    [InlineData("SandyBridge", GraphOptimization.Basic)]
    [InlineData("Avx2WithoutFma", GraphOptimization.Basic)]
    [InlineData("Haswell", GraphOptimization.All)]
    [InlineData("AlderLake", GraphOptimization.All)]
    [InlineData("CascadeLake", GraphOptimization.All)]
    [InlineData("Arm64", GraphOptimization.All)]
    public void Auto_ChoosesTheHighestLevelSafeOnTheCpu(string cpu, GraphOptimization expected)
    {
        var choice = GraphOptimizationPolicy.Choose(GraphOptimization.Auto, CpuFeatureSets.Named(cpu));

        Assert.Equal(expected, choice.Level);
        Assert.True(choice.Automatic);
        Assert.False(choice.Unsafe);
    }

    [Theory]
    [InlineData("J4125", GraphOptimization.Disabled, false)]
    [InlineData("J4125", GraphOptimization.Basic, false)]
    [InlineData("J4125", GraphOptimization.Extended, true)]
    [InlineData("J4125", GraphOptimization.All, true)]
    [InlineData("SandyBridge", GraphOptimization.All, true)]
    [InlineData("Haswell", GraphOptimization.Basic, false)]
    [InlineData("Haswell", GraphOptimization.All, false)]
    [InlineData("Arm64", GraphOptimization.All, false)]
    public void AConfiguredLevel_IsHonoured_AndMarkedUnsafeAboveWhatTheCpuLoadsSafely(string cpu, GraphOptimization configured, bool isUnsafe)
    {
        var choice = GraphOptimizationPolicy.Choose(configured, CpuFeatureSets.Named(cpu));

        Assert.Equal(configured, choice.Level);
        Assert.False(choice.Automatic);
        Assert.Equal(isUnsafe, choice.Unsafe);
    }

    [Theory]
    [InlineData("J4125", "x64 (no avx)")]
    [InlineData("Haswell", "x64 (avx avx2 fma)")]
    [InlineData("CascadeLake", "x64 (avx avx2 fma avx512-vnni)")]
    [InlineData("Arm64", "arm64")]
    public void TheCpu_IsDescribedForTheLog_ByTheExtensionsThatDecide(string cpu, string expected) =>
        Assert.Equal(expected, CpuFeatureSets.Named(cpu).Describe());
}
