using Microsoft.Extensions.Logging;

namespace NasAssistant.Operator.Hosting;

/// <summary>Options of <c>operator run</c>.</summary>
internal sealed record RunOptions
{
    public const int DefaultMetricsPort = 8080;
    public const int DefaultResyncSeconds = 300;
    public const int DefaultWorkers = 4;
    public const string DefaultLeaseName = "nas-assistant-operator";

    /// <summary>Kubeconfig file; null: in-cluster config in a pod, else the default kubeconfig.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>Kubeconfig context; null: its current context.</summary>
    public string? Context { get; init; }

    /// <summary>Namespace to watch; null: all namespaces.</summary>
    public string? Namespace { get; init; }

    public int MetricsPort { get; init; } = DefaultMetricsPort;

    /// <summary>Address the metrics and health port listens on.</summary>
    public string MetricsBindAddress { get; init; } = "0.0.0.0";

    public bool LeaderElection { get; init; }

    /// <summary>Namespace of the Lease; null: the operator's own namespace (or "default" outside a pod).</summary>
    public string? LeaseNamespace { get; init; }

    public string LeaseName { get; init; } = DefaultLeaseName;

    public int ResyncSeconds { get; init; } = DefaultResyncSeconds;

    public int Workers { get; init; } = DefaultWorkers;

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>What the operator builds (runtime image, cluster domain, monitoring namespace).</summary>
    public OperatorSettings Settings { get; init; } = new();
}
