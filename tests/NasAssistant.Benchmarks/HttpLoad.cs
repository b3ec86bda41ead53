using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace NasAssistant.Benchmarks;

/// <summary>Closed-loop load: each simulated conversation sends its next request as soon as the last is answered.</summary>
internal static class HttpLoad
{
    /// <summary>A request body for conversation <c>c</c>'s turn <c>t</c>.</summary>
    public delegate byte[] Body(int conversation, int turn);

    public static async Task<LatencyReport> MeasureAsync(string name, Uri baseAddress, string path, Body body, int concurrency, TimeSpan duration)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // Warm-up: connections opened and the JIT done before anything is measured.
        await RunAsync(http, path, body, concurrency, TimeSpan.FromSeconds(2), turnOffset: 1_000_000);
        var cpu = Cpu.Seconds();
        var stopwatch = Stopwatch.StartNew();
        var (latencies, errors) = await RunAsync(http, path, body, concurrency, duration, turnOffset: 0);
        return LatencyReport.From(name, latencies, errors, stopwatch.Elapsed.TotalSeconds, Cpu.Seconds() - cpu);
    }

    private static async Task<(List<double> Latencies, int Errors)> RunAsync(HttpClient http, string path, Body body, int concurrency, TimeSpan duration, int turnOffset)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var errors = 0;
        var perConversation = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async conversation =>
        {
            var latencies = new List<double>();
            for (var turn = turnOffset; Stopwatch.GetTimestamp() < end; turn++)
            {
                using var content = new ByteArrayContent(body(conversation, turn));
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
                await response.Content.ReadAsByteArrayAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return latencies;
        }));
        return (perConversation.SelectMany(l => l).ToList(), errors);
    }
}
