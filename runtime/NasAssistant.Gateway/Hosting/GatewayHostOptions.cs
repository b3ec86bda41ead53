using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Leadership;
using NasAssistant.Hosting.Kube;

namespace NasAssistant.Gateway.Hosting;

/// <summary>How a <see cref="GatewayHost"/> is hosted (not part of the YAML configuration).</summary>
internal sealed record GatewayHostOptions
{
    /// <summary>Stop on SIGTERM/SIGINT; off when the gateway is embedded in another process.</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Write logs to the console.</summary>
    public bool ConsoleLogging { get; init; } = true;

    /// <summary>Adds logging providers (embedding hosts capture logs with it).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>How often mounted files (secrets, CA) are re-read when no change event arrives.</summary>
    public TimeSpan FilePollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Chooses the active instance; null picks the configuration's Lease, else the data folder's file lock.</summary>
    public Func<IServiceProvider, ILeadership>? Leadership { get; init; }

    /// <summary>The Kubernetes API for the Lease and the status ConfigMap; null uses the pod's in-cluster credentials.</summary>
    public KubeApi? Kubernetes { get; init; }

    /// <summary>How often the active instance looks for channel state to record in the status ConfigMap.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(2);
}
