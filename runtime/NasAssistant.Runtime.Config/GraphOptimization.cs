namespace NasAssistant.Runtime.Config;

/// <summary>How far ONNX Runtime rewrites the model graph when it loads it.</summary>
public enum GraphOptimization
{
    /// <summary>Run the graph as written.</summary>
    Disabled,

    /// <summary>Constant folding and redundant-node removal.</summary>
    Basic,

    /// <summary>Basic plus operator fusions (attention, layer norm, GELU...).</summary>
    Extended,

    /// <summary>Extended plus memory-layout changes; the fastest on CPU.</summary>
    All,
}
