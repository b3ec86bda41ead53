using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NasAssistant.Runtime.Config.Gateway;
using NasAssistant.Runtime.Tests.Support;

namespace NasAssistant.Gateway.Tests.Fakes.Webhooks;

/// <summary>
/// A messenger platform whose bots receive messages by webhook: it posts signed (or encrypted) requests to the
/// gateway as the platform does, and serves the part of the platform's API the gateway answers through (Kestrel
/// on 127.0.0.1), recording what the bot sent. Each platform's README says what its fake does not cover.
/// </summary>
public abstract class WebhookPlatform : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<PlatformReply> _replies = [];
    private readonly List<string> _calls = [];
    private readonly QueuedFaults<PlatformFault> _faults = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication? _app;

    /// <summary>Where the gateway's configuration points the platform's API.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The channel kind (the key of its configuration section).</summary>
    public abstract string Kind { get; }

    /// <summary>A user the channel allows (its allow-list holds this id).</summary>
    public abstract string AllowedUser { get; }

    /// <summary>A user the channel does not allow.</summary>
    public abstract string Stranger { get; }

    /// <summary>Every secret value the channel was given (none may appear in logs, status or metrics).</summary>
    public IReadOnlyList<string> SecretValues
    {
        get
        {
            lock (_gate)
            {
                return [.. Secrets];
            }
        }
    }

    /// <summary>What the bot sent, in order.</summary>
    public IReadOnlyList<PlatformReply> Replies
    {
        get
        {
            lock (_gate)
            {
                return _replies.ToArray();
            }
        }
    }

    /// <summary>The API calls made, in order.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>The secret values handed out so far.</summary>
    protected List<string> Secrets { get; } = [];

    /// <summary>The client the platform posts to the gateway with.</summary>
    protected HttpClient Http { get; } = new();

    /// <summary>The channel's configuration for this platform, its secrets written to files in <paramref name="directory"/>; allows <see cref="AllowedUser"/>.</summary>
    public abstract ChannelConfig Channel(string name, TempDirectory directory);

    /// <summary>Posts <paramref name="message"/> to <paramref name="webhook"/> as the platform does; <paramref name="forged"/> signs it with a secret the channel does not know.</summary>
    public abstract Task<HttpResponseMessage> DeliverAsync(Uri webhook, PlatformMessage message, bool forged = false);

    /// <summary>How the channel's allow-list names <paramref name="user"/> (and the gateway the chat of their private messages): the user's id, unless the platform's ids are unique only within a workspace.</summary>
    public virtual string AllowListIdOf(string user) => user;

    /// <summary>Where the platform's API takes answers to <paramref name="user"/>'s private messages (the user's id, unless the platform has a chat id for it).</summary>
    public virtual string PrivateChatOf(string user) => user;

    /// <summary>Replaces the secret that proves the platform's requests (in its file, atomically, as Kubernetes swaps a Secret); the platform signs with the new one from now on.</summary>
    public abstract Task RotateSigningSecretAsync();

    /// <summary>The next call of <paramref name="api"/> fails with <paramref name="fault"/>.</summary>
    public void FailNext(string api, PlatformFault fault) => _faults.Add(api, fault);

    /// <summary>Waits until <paramref name="condition"/> holds.</summary>
    public Task WaitUntilAsync(Func<WebhookPlatform, bool> condition, TimeSpan limit, string what) =>
        FakeWaits.UntilAsync(
            () => condition(this),
            () =>
            {
                lock (_gate)
                {
                    return _changed.Task;
                }
            },
            limit,
            () => $"timed out waiting for {what}; replies so far: {string.Join(" | ", Replies.Select(r => $"{r.To}: {r.Text}"))}; calls: {string.Join(",", Calls.TakeLast(20))}");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Http.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Starts the platform's API on a free loopback port with the routes <paramref name="map"/> adds.</summary>
    protected async Task StartAsync(Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        map(_app);
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();
    }

    /// <summary>Writes a secret file (and remembers the value as a secret).</summary>
    protected string WriteSecret(TempDirectory directory, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(directory);
        lock (_gate)
        {
            Secrets.Add(value);
        }

        var path = directory.File(name);
        File.WriteAllText(path, value + "\n");
        return path;
    }

    /// <summary>Replaces a secret file's value atomically (write beside, rename over).</summary>
    protected async Task ReplaceSecretAsync(string path, string value)
    {
        lock (_gate)
        {
            Secrets.Add(value);
        }

        await File.WriteAllTextAsync(path + ".new", value);
        File.Move(path + ".new", path, overwrite: true);
    }

    /// <summary>Records a call of <paramref name="api"/>; returns the fault to answer it with, if one was queued.</summary>
    protected PlatformFault? Called(string api)
    {
        lock (_gate)
        {
            _calls.Add(api);
            Signal();
        }

        return _faults.Next(api);
    }

    /// <summary>Records a message the bot sent.</summary>
    protected void Record(PlatformReply reply)
    {
        lock (_gate)
        {
            _replies.Add(reply);
            Signal();
        }
    }

    /// <summary>Posts <paramref name="body"/> to <paramref name="url"/> with <paramref name="headers"/>.</summary>
    protected async Task<HttpResponseMessage> PostAsync(Uri url, byte[] body, string mediaType, IEnumerable<KeyValuePair<string, string>> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Answers <paramref name="context"/> with <paramref name="fault"/>.</summary>
    protected static async Task WriteFaultAsync(HttpContext context, PlatformFault fault)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(fault);
        context.Response.StatusCode = fault.Status;
        foreach (var (name, value) in fault.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        await WriteJsonAsync(context, fault.Json);
    }

    /// <summary>Answers <paramref name="context"/> with a JSON body.</summary>
    protected static async Task WriteJsonAsync(HttpContext context, string json)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json);
    }

    private void Signal()
    {
        var previous = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }
}
