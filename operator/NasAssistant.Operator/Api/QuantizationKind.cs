using System.Text.Json.Serialization;

namespace NasAssistant.Operator.Api;

/// <summary>How model weights are stored when served.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QuantizationKind>))]
public enum QuantizationKind
{
    /// <summary>Serve the model unchanged.</summary>
    None,

    /// <summary>8-bit integer weights, quantized once and cached.</summary>
    Int8,
}
