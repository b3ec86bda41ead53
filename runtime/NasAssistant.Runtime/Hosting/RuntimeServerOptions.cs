using NasAssistant.Runtime.Inference;

namespace NasAssistant.Runtime.Hosting;

/// <summary>How a <see cref="RuntimeServer"/> is hosted (not part of the YAML configuration).</summary>
internal sealed record RuntimeServerOptions
{
    /// <summary>Stop on SIGTERM/SIGINT; off when the server is embedded in another process.</summary>
    public bool HandleSignals { get; init; } = true;

    /// <summary>Adds logging providers after the console one (embedding hosts capture logs with it).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>Write logs to the console.</summary>
    public bool ConsoleLogging { get; init; } = true;

    /// <summary>How often mounted files (certificate, API keys) are re-read when no change event arrives.</summary>
    public TimeSpan FilePollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>CPU and memory limits; detected from the cgroup when null.</summary>
    public ContainerLimits? Limits { get; init; }

    /// <summary>The CPU's instruction-set extensions the model's sessions are set up for; this machine's when null.</summary>
    public CpuFeatures? Cpu { get; init; }
}
