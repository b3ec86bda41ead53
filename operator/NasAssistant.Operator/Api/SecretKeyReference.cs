using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>A key in a Secret in the assistant's namespace.</summary>
public sealed class SecretKeyReference
{
    /// <summary>Name of the Secret.</summary>
    [SchemaRequired]
    [SchemaPattern(NamePatterns.Dns1123Subdomain)]
    [SchemaLength(1, 253)]
    public string Name { get; set; } = "";

    /// <summary>Key within the Secret's data.</summary>
    [SchemaRequired]
    [SchemaPattern(@"^[-._a-zA-Z0-9]+$")]
    [SchemaLength(1, 253)]
    public string Key { get; set; } = "";
}
