namespace NasAssistant.Operator.Resources.ThirdParty;

/// <summary>One scraped port of a ServiceMonitor.</summary>
public sealed class ServiceMonitorEndpoint
{
    /// <summary>Service port name.</summary>
    public string Port { get; set; } = "";

    /// <summary>HTTP path of the metrics.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>Scrape interval.</summary>
    public string? Interval { get; set; }

    /// <summary>http or https.</summary>
    public string Scheme { get; set; } = "http";
}
