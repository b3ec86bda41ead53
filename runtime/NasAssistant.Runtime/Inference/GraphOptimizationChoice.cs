using NasAssistant.Runtime.Config;

namespace NasAssistant.Runtime.Inference;

/// <summary>The graph-optimization level a model's sessions get, and how it was arrived at.</summary>
/// <param name="Level">The level the sessions are opened with (never <see cref="GraphOptimization.Auto"/>).</param>
/// <param name="HighestSafe">The highest level that is safe on the CPU.</param>
/// <param name="Automatic">True when the configuration left the level to the runtime.</param>
internal sealed record GraphOptimizationChoice(GraphOptimization Level, GraphOptimization HighestSafe, bool Automatic)
{
    /// <summary>True when <see cref="Level"/> is above what the CPU is known to load safely (only an explicit setting can be).</summary>
    public bool Unsafe => Level > HighestSafe;
}
