namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>One alerting rule.</summary>
public sealed class PrometheusAlert
{
    /// <summary>Alert name.</summary>
    public string Alert { get; set; } = "";

    /// <summary>PromQL condition.</summary>
    public string Expr { get; set; } = "";

    /// <summary>How long the condition must hold.</summary>
    public string For { get; set; } = "5m";

    /// <summary>Labels such as severity.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>Summary and description.</summary>
    public Dictionary<string, string> Annotations { get; set; } = [];
}
