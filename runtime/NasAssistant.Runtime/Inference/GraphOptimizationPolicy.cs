using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Inference;

/// <summary>
/// Which graph-optimization level is safe on a CPU. ONNX Runtime's x86-64 build loads every model at every level on
/// CPUs with AVX2 and FMA, but on older ones (SSE4.2 only, such as the Celeron J4125 and N5105) it crashes with a
/// segmentation fault while it loads all-MiniLM-L6-v2 at <c>extended</c> or <c>all</c>: the fused transformer operators
/// that those levels introduce take a code path there that the AVX2 CPUs never take. <c>basic</c> serves the same
/// embeddings on them. ARM64 kernels have no such split.
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
