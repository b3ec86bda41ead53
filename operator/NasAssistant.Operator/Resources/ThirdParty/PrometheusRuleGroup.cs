namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>A named group of alerting rules.</summary>
public sealed class PrometheusRuleGroup
{
    /// <summary>Group name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The alerts.</summary>
    public List<PrometheusAlert> Rules { get; set; } = [];
}
