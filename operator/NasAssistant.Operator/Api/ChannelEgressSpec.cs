using NasAssistant.Operator.Api.Schema;

namespace NasAssistant.Operator.Api;

/// <summary>Destinations the gateway pod may reach for one channel (with network.policy); the inference pods get none of them.</summary>
public sealed class ChannelEgressSpec
{
    /// <summary>
    /// Address ranges: the messenger's published ranges (Telegram: 149.154.160.0/20, 91.108.4.0/22, ...), or, behind an
    /// HTTP proxy, the proxy's address with gateway.httpsProxy set.
    /// </summary>
    [SchemaItemPattern(NamePatterns.Cidr)]
    [SchemaItems(0, 64)]
    public List<string>? Cidrs { get; set; }
}
