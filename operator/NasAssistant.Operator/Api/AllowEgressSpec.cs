using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Destinations the pods may connect to.</summary>
public sealed class AllowEgressSpec
{
    /// <summary>Address ranges, for example the host a url model is fetched from.</summary>
    [SchemaItemPattern(NamePatterns.Cidr)]
    [SchemaItems(0, 64)]
    public List<string>? Cidrs { get; set; }
}
