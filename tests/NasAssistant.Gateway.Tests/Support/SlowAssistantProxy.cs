using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace NasAssistant.Gateway.Tests.Support;

/// <summary>
/// Stands for a slow model in front of the real assistant: each request is forwarded at once (so the assistant
/// answers and stores the turn) and its response held back for <see cref="Hold"/>, the time a generative model
/// on a small CPU would take. A gateway killed meanwhile has an answer stored that it never received.
/// </summary>
public sealed class SlowAssistantProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private SlowAssistantProxy(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public TimeSpan Hold { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>Requests forwarded so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<SlowAssistantProxy> StartAsync(Uri assistant, TimeSpan hold)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var proxy = new SlowAssistantProxy(app) { Hold = hold };
        var http = new HttpClient { BaseAddress = assistant };
        app.Run(async context =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            foreach (var (name, values) in context.Request.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
                }
            }

            Interlocked.Increment(ref proxy._requests);
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            await Task.Delay(proxy.Hold);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (name is not ("Transfer-Encoding" or "Content-Length"))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await context.Response.Body.WriteAsync(answer);
        });
        await app.StartAsync();
        proxy.BaseAddress = new Uri(app.Urls.First());
        return proxy;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
