using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>A model downloaded once into the models volume and verified by its digest.</summary>
public sealed class UrlModelSource
{
    /// <summary>HTTP or HTTPS address of the ONNX file. The pod needs egress to it (network.allowEgressTo).</summary>
    [SchemaRequired]
    [SchemaPattern("^https?://[^\\s]+$")]
    [SchemaLength(1, 2048)]
    public string Href { get; set; } = "";
}
