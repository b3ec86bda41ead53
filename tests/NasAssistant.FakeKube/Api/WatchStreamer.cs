using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Api;

/// <summary>
/// Streams a watch as newline-delimited JSON <c>{"type": ..., "object": ...}</c> lines, the format
/// KubernetesClient's watchers read. Ends on timeoutSeconds, a dropped watch, or client disconnect.
/// </summary>
internal sealed class WatchStreamer
{
    private readonly ResourceStore _store;
    private readonly TimeSpan _bookmarkInterval;
    private readonly TimeProvider _time;
    private readonly CancellationToken _serverStopping;

    public WatchStreamer(ResourceStore store, TimeSpan bookmarkInterval, TimeProvider time, CancellationToken serverStopping)
    {
        _store = store;
        _bookmarkInterval = bookmarkInterval;
        _time = time;
        _serverStopping = serverStopping;
    }

    public async Task StreamAsync(RequestContext request, WatchSubscription? subscription, KubeApiException? startError, bool bookmarks)
    {
        var response = request.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(request.Http.RequestAborted);

        // The headers go out at once, before any event (WatchServer.HandleHTTP flushes after WriteHeader).
        await response.Body.FlushAsync(request.Http.RequestAborted);
        if (startError is not null)
        {
            // A too-old resourceVersion is reported inside the stream, as the real server does.
            await WriteAsync(response, WatchEvent.Error, startError.ToStatus(), request.Http.RequestAborted);
            return;
        }

        using var _ = subscription;
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(request.Http.RequestAborted, subscription!.Dropped, _serverStopping);
        if (int.TryParse(request.Query("timeoutSeconds"), out var timeout) && timeout > 0)
        {
            lifetime.CancelAfter(TimeSpan.FromSeconds(timeout));
        }

        var version = request.Route.Version;
        var headersSent = false;
        try
        {
            while (!lifetime.IsCancellationRequested)
            {
                WatchEvent change;
                using (var wait = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token))
                {
                    if (bookmarks)
                    {
                        wait.CancelAfter(_bookmarkInterval);
                    }

                    try
                    {
                        change = await subscription.Reader.ReadAsync(wait.Token);
                    }
                    catch (OperationCanceledException) when (!lifetime.IsCancellationRequested)
                    {
                        await SendBookmarkAsync(request, subscription, lifetime.Token);
                        continue;
                    }
                }

                var obj = change.Object;
                if (obj["apiVersion"]?.GetValue<string>() != request.Type.ApiVersion(version))
                {
                    obj = (JsonObject)obj.DeepClone();
                    obj["apiVersion"] = request.Type.ApiVersion(version);
                }

                // A Table watch prints each object as a one-row table, with the column definitions only in the
                // first (watchEmbeddedEncoder); bookmarks are never converted.
                if (request.Format.IsTable && change.Type != WatchEvent.Bookmark)
                {
                    obj = request.Table([obj], new JsonObject { ["resourceVersion"] = Meta.String(obj, "resourceVersion") }, _time.GetUtcNow(), noHeaders: headersSent);
                    headersSent = true;
                }

                await WriteAsync(response, change.Type, obj, lifetime.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout, drop or disconnect: ending the response closes the stream for the client.
        }
    }

    private async Task SendBookmarkAsync(RequestContext request, WatchSubscription subscription, CancellationToken cancellation)
    {
        // Only when every queued event has been sent is the current version a true high-water mark.
        var version = _store.Locked(() => subscription.Reader.Count == 0 ? _store.CurrentResourceVersion : (long?)null);
        if (version is null)
        {
            return;
        }

        var bookmark = new JsonObject
        {
            ["kind"] = request.Type.Kind,
            ["apiVersion"] = request.Type.ApiVersion(request.Route.Version),
            ["metadata"] = new JsonObject { ["resourceVersion"] = version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        await WriteAsync(request.Http.Response, WatchEvent.Bookmark, bookmark, cancellation);
    }

    private static async Task WriteAsync(HttpResponse response, string type, JsonObject obj, CancellationToken cancellation)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellation);
        await response.Body.FlushAsync(cancellation);
    }
}
