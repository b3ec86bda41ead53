namespace NasAssistant.Runtime.Config;

/// <summary>How far ONNX Runtime rewrites the model graph when it loads it.</summary>
public enum GraphOptimization
{
    /// <summary>The highest level that is safe on the CPU the runtime finds: all with AVX2 and FMA or on ARM64, basic on older x86-64.</summary>
    Auto,

    /// <summary>Run the graph as written.</summary>
    Disabled,

    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic,

    /// <summary>Basic plus operator fusions (attention, layer norm, GELU...).</summary>
    Extended,

    /// <summary>Extended plus memory-layout changes; the fastest on CPU.</summary>
    All,
}
