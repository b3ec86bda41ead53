using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NasAssistant.Gateway.Assistant;
using NasAssistant.Gateway.Channels;
using NasAssistant.Gateway.Delivery;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Gateway.Hosting;

/// <summary>
/// One channel for the life of the process: its adapter and context, and for each leadership term its store
/// (opened anew, so a standby that takes over reads what the leader wrote) and <see cref="TurnHandler"/>.
/// </summary>
internal sealed partial class ChannelRunner : IAsyncDisposable
{
    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(5);
    private readonly AssistantClient _assistant;
    private readonly StrangerRefusals _refusals;
    private readonly ILogger _logger;
    private volatile TurnHandler? _turns;

    /// <summary>Creates the channel's adapter; nothing is received before a term starts.</summary>
    public ChannelRunner(ChannelConfig config, AssistantClient assistant, string dataDirectory, TimeProvider time, ILoggerFactory loggers, TimeSpan filePollInterval)
    {
        var kind = ChannelKinds.Of(config);
        TakesWebhooks = kind.TakesWebhooks(config);
        Context = new ChannelContext(config, kind.Name, dataDirectory, time, loggers, filePollInterval);
        Adapter = kind.Create(Context);
        _assistant = assistant;
        _refusals = new StrangerRefusals(TimeSpan.FromMinutes(config.RefusalIntervalMinutes), time);
        _logger = loggers.CreateLogger<ChannelRunner>();
        Context.Health.Report(false, ChannelReasons.Standby, "waiting to become the active gateway instance");
    }

    /// <summary>The channel's context (health, metrics, configuration).</summary>
    public ChannelContext Context { get; }

    /// <summary>True when the channel receives by webhook.</summary>
    public bool TakesWebhooks { get; }

    /// <summary>The channel's adapter.</summary>
    public IChannelAdapter Adapter { get; }

    /// <summary>Receives for one leadership term.</summary>
    public async Task RunTermAsync(CancellationToken cancellationToken)
    {
        using var store = ChannelStore.Open(Context.DataDirectory, Context.Time);
        var turns = new TurnHandler(Context.Config, _assistant, store, Context.Metrics, _refusals, Context.Time, Context.Loggers.CreateLogger<TurnHandler>());
        _turns = turns;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Adapter.RunAsync(turns, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    LogAdapterFailed(Context.Config.Name, Context.Redact(e.Message));
                    await Task.Delay(RestartPause, Context.Time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The term ended.
        }
        finally
        {
            _turns = null;
            Context.Health.Report(false, ChannelReasons.Standby, "not the active gateway instance");
        }
    }

    /// <summary>Hands a webhook request to the adapter while this instance leads; 503 otherwise, so the platform retries.</summary>
    public Task HandleWebhookAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_turns is not { } turns)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return Task.CompletedTask;
        }

        return Adapter.HandleWebhookAsync(context, turns);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Adapter.DisposeAsync();
        Context.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Channel {Channel}: the adapter failed and restarts: {Error}")]
    private partial void LogAdapterFailed(string channel, string error);
}
