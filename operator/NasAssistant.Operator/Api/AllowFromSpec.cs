using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Sources admitted to the API port.</summary>
public sealed class AllowFromSpec
{
    /// <summary>Client address ranges; the default admits the private LAN ranges.</summary>
    [SchemaItemPattern(NamePatterns.Cidr)]
    [SchemaItems(0, 64)]
    public List<string> Cidrs { get; set; } = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    /// <summary>Namespaces whose pods may connect.</summary>
    [SchemaItemPattern(NamePatterns.Dns1123Subdomain)]
    [SchemaItems(0, 64)]
    public List<string>? Namespaces { get; set; }
}
