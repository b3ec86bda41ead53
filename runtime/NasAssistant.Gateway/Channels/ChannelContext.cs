using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Metrics;
using NasAssistant.Gateway.Secrets;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Channels;

/// <summary>What the gateway gives a channel's adapter: its configuration, health, metrics, clock, logging and secret files.</summary>
internal sealed class ChannelContext : IDisposable
{
    private readonly List<SecretFile> _secrets = [];

    /// <summary>Creates the context of <paramref name="config"/>'s channel.</summary>
    public ChannelContext(ChannelConfig config, string kind, string dataDirectory, TimeProvider time, ILoggerFactory loggers, TimeSpan filePollInterval)
    {
        Config = config;
        DataDirectory = Path.Combine(dataDirectory, "channels", config.Name);
        Metrics = new ChannelMetrics(config.Name, kind);
        Health = new ChannelHealth(config.Name, kind, Metrics, time, loggers.CreateLogger<ChannelHealth>());
        Time = time;
        Loggers = loggers;
        FilePollInterval = filePollInterval;
    }

    /// <summary>The channel's configuration.</summary>
    public ChannelConfig Config { get; }

    /// <summary>The channel's folder in the gateway's data folder: its delivery journal, and whatever its adapter keeps durably.</summary>
    public string DataDirectory { get; }

    /// <summary>The channel's readiness, as <c>/status</c> and the metrics show it.</summary>
    public ChannelHealth Health { get; }

    /// <summary>The channel's metrics.</summary>
    public ChannelMetrics Metrics { get; }

    /// <summary>The clock (fake in tests).</summary>
    public TimeProvider Time { get; }

    /// <summary>Logging.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>How often watched files are checked when the file system raises no event.</summary>
    public TimeSpan FilePollInterval { get; }

    /// <summary>Opens a secret file of this channel; <see cref="Redact"/> then hides its value too.</summary>
    public SecretFile OpenSecret(string path)
    {
        var secret = new SecretFile(path, FilePollInterval, Loggers.CreateLogger<SecretFile>());
        lock (_secrets)
        {
            _secrets.Add(secret);
        }

        return secret;
    }

    /// <summary>Removes every secret of this channel from <paramref name="text"/> (an error message, before it is logged or shown).</summary>
    public string Redact(string text)
    {
        lock (_secrets)
        {
            return _secrets.Aggregate(text, (current, secret) => secret.Redact(current));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_secrets)
        {
            foreach (var secret in _secrets)
            {
                secret.Dispose();
            }
        }
    }
}
