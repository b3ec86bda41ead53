namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>Rule groups of a PrometheusRule.</summary>
public sealed class PrometheusRuleSpec
{
    /// <summary>The groups.</summary>
    public List<PrometheusRuleGroup> Groups { get; set; } = [];
}
