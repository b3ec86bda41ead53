using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NasAssistant.Gateway.Tests.Support;

/// <summary>
/// A loopback hop in front of the real assistant that passes every request through, except that it can hold chat
/// requests before they reach it: a test then knows the gateway is in the middle of answering (waiting on the
/// assistant, nothing being sent) when it stops the broker or kills the gateway.
/// </summary>
public sealed class AssistantGate : IAsyncDisposable
{
    private const string ChatPath = "/v1/chat/completions";
    private readonly WebApplication _app;
    private readonly HttpClient _assistant;
    private readonly object _lock = new();
    private TaskCompletionSource _open = Opened();
    private int _passesLeft = int.MaxValue;
    private int _held;
    private int _chatRequests;

    private AssistantGate(WebApplication app, Uri assistant)
    {
        _app = app;
        _assistant = new HttpClient { BaseAddress = assistant, Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Chat requests waiting at the gate now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Chat requests that reached the gate so far, held or passed.</summary>
    public int ChatRequests => Volatile.Read(ref _chatRequests);

    public static async Task<AssistantGate> StartAsync(Uri assistant)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var gate = new AssistantGate(app, assistant);
        app.Run(gate.ForwardAsync);
        await app.StartAsync();
        gate.BaseAddress = new Uri(app.Urls.First());
        return gate;
    }

    /// <summary>Lets <paramref name="requests"/> more chat requests through, then holds the rest until <see cref="Release"/>.</summary>
    public void HoldAfter(int requests)
    {
        lock (_lock)
        {
            _passesLeft = requests;
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets every request through again, the held ones first.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _passesLeft = int.MaxValue;
            _open.TrySetResult();
        }
    }

    public async Task WaitUntilHeldAsync(int count, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Held < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Held} chat requests reached the gate, expected {count}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _assistant.Dispose();
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        if (context.Request.Path == ChatPath)
        {
            Interlocked.Increment(ref _chatRequests);
            await PassAsync(context.RequestAborted);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _assistant.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private async Task PassAsync(CancellationToken aborted)
    {
        Task open;
        lock (_lock)
        {
            if (_passesLeft > 0)
            {
                _passesLeft = _passesLeft == int.MaxValue ? int.MaxValue : _passesLeft - 1;
                return;
            }

            open = _open.Task;
        }

        Interlocked.Increment(ref _held);
        try
        {
            await open.WaitAsync(aborted);
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }
}
