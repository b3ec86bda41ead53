using System.Diagnostics;
using System.Net;

namespace NasAssistant.Benchmarks;

/// <summary>Closed-loop load: each simulated conversation sends its next request as soon as the last is answered.</summary>
internal static class HttpLoad
{
    /// <summary>The whole HTTP request (see <see cref="LeanHttpConnection.Request"/>) for conversation <c>c</c>'s turn <c>t</c>; built ahead, not per call.</summary>
    public delegate byte[] Request(int conversation, int turn);

    public static async Task<LatencyReport> MeasureAsync(string name, Uri baseAddress, Request request, int concurrency, TimeSpan duration)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, baseAddress.Port);
        var connections = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => LeanHttpConnection.OpenAsync(endpoint)));
        try
        {
            // Warm-up: the JIT done and the pools filled before anything is measured.
            await RunAsync(connections, request, TimeSpan.FromSeconds(2), turnOffset: 1_000_000);
            var cpu = Cpu.Seconds();
            var stopwatch = Stopwatch.StartNew();
            var (latencies, errors) = await RunAsync(connections, request, duration, turnOffset: 0);
            return LatencyReport.From(name, latencies, errors, stopwatch.Elapsed.TotalSeconds, Cpu.Seconds() - cpu);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    private static async Task<(List<double> Latencies, int Errors)> RunAsync(LeanHttpConnection[] connections, Request request, TimeSpan duration, int turnOffset)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var errors = 0;
        var perConversation = await Task.WhenAll(connections.Select(async (connection, conversation) =>
        {
            var latencies = new List<double>();
            for (var turn = turnOffset; Stopwatch.GetTimestamp() < end; turn++)
            {
                var bytes = request(conversation, turn);
                var started = Stopwatch.GetTimestamp();
                var status = await connection.SendAsync(bytes);
                if (status == (int)HttpStatusCode.OK)
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
