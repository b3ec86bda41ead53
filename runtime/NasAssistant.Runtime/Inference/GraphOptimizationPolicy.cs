using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Inference;

/// <summary>
/// Which graph-optimization level is safe on a CPU. On x86-64 CPUs without AVX2 and FMA (SSE4.2 only, such as the
/// Celeron J4125 and N5105, or AVX only) a crash of the runtime while it loads the bundled model at <c>extended</c> and
/// <c>all</c> was reported under emulation, with <c>basic</c> serving the same embeddings; those CPUs get <c>basic</c>,
/// which keeps ONNX Runtime's operator fusions (and the contrib kernels they bring in) out of the graph. AVX2 CPUs and
/// ARM64 load every model at <c>all</c>.
/// </summary>
internal static class GraphOptimizationPolicy
{
    /// <summary>The highest level that is safe on <paramref name="cpu"/>.</summary>
    public static GraphOptimization HighestSafe(CpuFeatures cpu) =>
        cpu.IsX86 && !(cpu.Avx2 && cpu.Fma) ? GraphOptimization.Basic : GraphOptimization.All;

    /// <summary>The configured level, or for <see cref="GraphOptimization.Auto"/> the highest one safe on <paramref name="cpu"/>.</summary>
    public static GraphOptimizationChoice Choose(GraphOptimization configured, CpuFeatures cpu)
    {
        var safe = HighestSafe(cpu);
        return configured == GraphOptimization.Auto
            ? new GraphOptimizationChoice(safe, safe, Automatic: true)
            : new GraphOptimizationChoice(configured, safe, Automatic: false);
    }
}
