namespace NasAssistant.Runtime.Config;

/// <summary>How the model's weights are stored when served.</summary>
public enum QuantizationMode
{
    /// <summary>Serve the model as it is.</summary>
    None,

    /// <summary>Dynamically quantize MatMul weights to 8-bit integers once, cached by source digest.</summary>
    Int8,
}
