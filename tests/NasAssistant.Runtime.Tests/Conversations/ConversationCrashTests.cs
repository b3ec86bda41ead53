using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Conversations;
using NasAssistant.Runtime.Security;
using NasAssistant.Runtime.Tests.Support;
using Xunit.Abstractions;

namespace NasAssistant.Runtime.Tests.Conversations;

/// <summary>Real runtime processes on one sessions folder: SIGKILL mid-write, and two writers at once.</summary>
public sealed class ConversationCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Rounds = 5;
    private const int Clients = 8;
    private const int Conversations = 4;
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Sigkill_WhileClientsWrite_LosesNoAcknowledgedTurn_AndServesNoTornRecord()
    {
        var sessions = Path.Combine(_directory.Path, "sessions");
        var acknowledged = new ConcurrentDictionary<string, byte>();
        var random = new Random();
        for (var round = 0; round < Rounds; round++)
        {
            var (config, baseAddress, metricsAddress) = Stores.ChildConfig(_directory.Path, sessions);
            using var runtime = RuntimeProcess.Start("--config", config);
            await Stores.WaitForSessionsApiAsync(runtime, baseAddress);

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Clients).Select(c => WriteUntilFailureAsync(baseAddress, round, c, acknowledged, stop.Token)).ToArray();

            // A random kill point: some rounds die early in the first writes, others deep into a stream of appends.
            await Task.Delay(random.Next(100, 900));
            var fsync = await FsyncSummaryAsync(metricsAddress);
            using (var process = System.Diagnostics.Process.GetProcessById(runtime.Id))
            {
                process.Kill(); // SIGKILL on Unix: no shutdown code runs.
                await process.WaitForExitAsync();
            }

            await stop.CancelAsync();
            await Task.WhenAll(writers);
            output.WriteLine($"round {round}: killed with {acknowledged.Count} turns acknowledged so far; {fsync}");
        }

        var (finalConfig, finalAddress, _) = Stores.ChildConfig(_directory.Path, sessions);
        using var restarted = RuntimeProcess.Start("--config", finalConfig);
        await Stores.WaitForSessionsApiAsync(restarted, finalAddress);
        using var http = new HttpClient { BaseAddress = finalAddress };
        var served = new HashSet<string>();
        for (var c = 0; c < Conversations; c++)
        {
            using var response = await http.GetAsync(new Uri($"/v1/sessions/crash-{c}", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                continue;
            }

            var turns = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("turns").EnumerateArray().ToArray();
            Assert.Equal(Enumerable.Range(0, turns.Length), turns.Select(t => t.GetProperty("index").GetInt32()));
            foreach (var turn in turns)
            {
                var content = turn.GetProperty("content").GetString()!;
                Assert.Matches(@"^r\d+-c\d+-n\d+ payload x+$", content);
                Assert.True(served.Add(content), $"turn '{content}' stored twice");
            }

            // Whatever the kills left, the file now holds whole records only.
            await using var file = new FileStream(Path.Combine(sessions, $"crash-{c}.log"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var scan = ConversationLog.Scan(file, decode: null);
            Assert.Equal(file.Length, scan.ValidLength);
            Assert.Equal(turns.Length, scan.Count);
        }

        Assert.NotEmpty(acknowledged);
        var lost = acknowledged.Keys.Where(k => !served.Contains(k)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged turns lost, e.g. {string.Join(", ", lost.Take(5))}");
        output.WriteLine($"{acknowledged.Count} acknowledged, {served.Count} served (turns in flight at a kill may be stored without an acknowledgement)");
    }

    [Fact]
    public async Task TwoProcesses_OnOneFolder_WritingTheSameConversations_LoseAndInterleaveNothing()
    {
        var sessions = Path.Combine(_directory.Path, "sessions");
        var (configA, addressA, _) = Stores.ChildConfig(_directory.Path, sessions);
        var (configB, addressB, _) = Stores.ChildConfig(_directory.Path, sessions);
        using var a = RuntimeProcess.Start("--config", configA);
        using var b = RuntimeProcess.Start("--config", configB);
        await Task.WhenAll(Stores.WaitForSessionsApiAsync(a, addressA), Stores.WaitForSessionsApiAsync(b, addressB));

        const int PerClient = 30;
        var acknowledged = new ConcurrentDictionary<string, byte>();
        var writers = Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var http = new HttpClient { BaseAddress = c % 2 == 0 ? addressA : addressB };
            for (var n = 0; n < PerClient; n++)
            {
                var content = $"p{c % 2}-c{c}-n{n}";
                using var response = await http.PostAsJsonAsync($"/v1/sessions/shared-{n % 3}", new { role = "user", content });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                acknowledged[content] = 0;
            }
        }));
        await Task.WhenAll(writers);

        using var reader = new HttpClient { BaseAddress = addressB };
        var all = new List<string>();
        for (var c = 0; c < 3; c++)
        {
            var turns = (await reader.GetFromJsonAsync<JsonElement>($"/v1/sessions/shared-{c}")).GetProperty("turns").EnumerateArray().ToArray();
            Assert.Equal(Enumerable.Range(0, turns.Length), turns.Select(t => t.GetProperty("index").GetInt32()));
            all.AddRange(turns.Select(t => t.GetProperty("content").GetString()!));
        }

        Assert.Equal(Clients * PerClient, all.Count);
        Assert.Equal(acknowledged.Keys.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WrongKey_RuntimeRefusesToStart_WithAClearMessage()
    {
        var sessions = Path.Combine(_directory.Path, "sessions");
        var key = Path.Combine(_directory.Path, "key");
        var other = Path.Combine(_directory.Path, "other");
        await File.WriteAllBytesAsync(key, RandomNumberGenerator.GetBytes(32));
        await File.WriteAllBytesAsync(other, RandomNumberGenerator.GetBytes(32));
        using (var store = Stores.Open(sessions, key))
        {
            await store.AppendAsync("kept", Caller.Anonymous, "user", "hello", CancellationToken.None);
        }

        var before = await File.ReadAllBytesAsync(Path.Combine(sessions, "kept.log"));
        var (config, _, _) = Stores.ChildConfig(_directory.Path, sessions, other);
        using var runtime = RuntimeProcess.Start("--config", config);
        var exitCode = await runtime.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot start: conversations.encryptionKeyFile", runtime.Output, StringComparison.Ordinal);
        Assert.Contains("is not the key the conversations", runtime.Output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(Path.Combine(sessions, "kept.log")));
    }

    public void Dispose() => _directory.Dispose();

    private static async Task WriteUntilFailureAsync(Uri baseAddress, int round, int client, ConcurrentDictionary<string, byte> acknowledged, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var random = new Random(round * 100 + client);
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            // Varied sizes put kill points at different offsets within records.
            var content = $"r{round}-c{client}-n{n} payload {new string('x', random.Next(1, 2000))}";
            try
            {
                using var response = await http.PostAsJsonAsync($"/v1/sessions/crash-{client % Conversations}", new { role = "user", content }, stop);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    return;
                }

                acknowledged[content] = 0;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<string> FsyncSummaryAsync(Uri metricsAddress)
    {
        using var http = new HttpClient { BaseAddress = metricsAddress, Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        double Read(string suffix)
        {
            var name = RuntimeMetricNames.ConversationFsyncDuration + suffix + " ";
            var line = text.Split('\n').First(l => l.StartsWith(name, StringComparison.Ordinal));
            return double.Parse(line[name.Length..], CultureInfo.InvariantCulture);
        }

        var count = Read("_count");
        return count == 0 ? "no fsyncs yet" : $"{count} fsyncs, mean {Read("_sum") / count * 1000:0.000} ms";
    }
}
