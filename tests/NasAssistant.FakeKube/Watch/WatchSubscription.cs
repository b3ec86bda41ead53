using System.Text.Json.Nodes;
using System.Threading.Channels;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Watch;

/// <summary>
/// One open watch: a queue of the events that pass its filters. Like the real server, an object that
/// starts or stops matching the selectors is reported as ADDED or DELETED rather than MODIFIED.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private readonly Channel<WatchEvent> _channel = Channel.CreateUnbounded<WatchEvent>();
    private readonly CancellationTokenSource _dropped = new();
    private readonly Func<ResourceType, bool> _resourceFilter;
    private readonly Func<JsonObject, bool> _objectFilter;
    private readonly WatchHub _hub;

    public WatchSubscription(WatchHub hub, Func<ResourceType, bool> resourceFilter, Func<JsonObject, bool> objectFilter)
    {
        _hub = hub;
        _resourceFilter = resourceFilter;
        _objectFilter = objectFilter;
    }

    public ChannelReader<WatchEvent> Reader => _channel.Reader;

    /// <summary>Cancelled when a test drops open watches (fault injection) or the server stops.</summary>
    public CancellationToken Dropped => _dropped.Token;

    /// <summary>Whether the server may end this watch on a drop (internal controller watches are never dropped).</summary>
    public bool Droppable { get; init; } = true;

    public void Offer(WatchEvent change)
    {
        if (!_resourceFilter(change.Resource))
        {
            return;
        }

        var nowMatches = _objectFilter(change.Object);
        if (change.Type != WatchEvent.Modified || change.Previous is null)
        {
            if (nowMatches)
            {
                _channel.Writer.TryWrite(change);
            }

            return;
        }

        var matchedBefore = _objectFilter(change.Previous);
        var type = (matchedBefore, nowMatches) switch
        {
            (true, true) => WatchEvent.Modified,
            (false, true) => WatchEvent.Added,
            (true, false) => WatchEvent.Deleted,
            _ => null,
        };
        if (type is not null)
        {
            _channel.Writer.TryWrite(change with { Type = type });
        }
    }

    /// <summary>Queues an event without filtering (initial ADDED events of a fresh watch).</summary>
    public void Enqueue(WatchEvent change) => _channel.Writer.TryWrite(change);

    public bool Matches(ResourceType resource, JsonObject obj) => _resourceFilter(resource) && _objectFilter(obj);

    public void Drop()
    {
        try
        {
            _dropped.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already closed by its reader: nothing left to drop.
        }
    }

    public void Dispose()
    {
        _hub.Remove(this);
        _channel.Writer.TryComplete();
        _dropped.Dispose();
    }
}
