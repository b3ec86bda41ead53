using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NasAssistant.Gateway.Tests.Support.Mqtt;
using NasAssistant.Runtime.Config;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Benchmarks;

/// <summary>
/// What the channel gateway adds to a message: the same help-desk questions asked straight to the runtime's chat
/// API and through a real Mosquitto broker and the gateway (its own process, one MQTT channel), one at a time and
/// with several users at once, with the broker's own round trip beside them; and the gateway process's resident
/// memory idle and under load. The runtime runs in this process with the bundled model, answering by retrieval
/// over the shipped corpus and storing every turn. 127.0.0.1 only.
/// </summary>
internal static partial class GatewayBenchmark
{
    private const string Channel = "bench";
    private const string BaseTopic = "nas-assistant/bench";
    private const int WarmUpQuestions = 20;

    // The gateway's own key, as the operator gives it one; the direct requests use it too, so both paths are the same request.
    private const string GatewayKey = "sk-benchmark-gateway";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    private delegate Task<string> Ask(string user, string question, CancellationToken cancellationToken);

    public static async Task RunAsync(GatewayBenchmarkOptions options, TextWriter console)
    {
        var writer = new ReportWriter(console);
        var work = Directory.CreateTempSubdirectory("nas-assistant-gateway-benchmark-");
        try
        {
            var keys = Path.Combine(work.FullName, "api-keys");
            await File.WriteAllTextAsync(keys, $"gateway:{GatewayKey}:gateway\n");
            var runtime = new RuntimeConfig
            {
                Server = new ServerConfig { BindAddress = "127.0.0.1", Port = 0, MetricsPort = 0, ApiKeysFile = keys },
                Conversations = new ConversationConfig { Directory = Path.Combine(work.FullName, "sessions") },
                Knowledge = new KnowledgeConfig { Directory = Corpus.CopyTo(Path.Combine(work.FullName, "knowledge")) },
            };
            await using var broker = await MosquittoBroker.StartAsync(
                Path.Combine(work.FullName, "broker"), LoopbackPorts.Free(), settings: [$"set_tcp_nodelay {(options.BrokerTcpNoDelay ? "true" : "false")}"]);
            var figures = await RuntimeBenchmark.WithServerAsync(runtime, assistant => MeasureAsync(options, assistant, broker, work.FullName, console));
            Print(writer, options, figures, MosquittoVersion().Match(broker.Log) is { Success: true } version ? version.Groups[1].Value : "(version unknown)");
        }
        finally
        {
            work.Delete(recursive: true);
        }

        await writer.SaveAsync(options.ReportPath);
    }

    private static async Task<GatewayFigures> MeasureAsync(GatewayBenchmarkOptions options, Uri assistant, MosquittoBroker broker, string work, TextWriter console)
    {
        var users = Enumerable.Range(1, options.Users).Select(u => $"user{u}").ToArray();
        var key = Path.Combine(work, "gateway-key");
        await File.WriteAllTextAsync(key, GatewayKey);
        using var gateway = GatewayChild.Start(new GatewayConfig
        {
            Assistant = new GatewayAssistantConfig { Url = assistant.ToString(), ApiKeyFile = key },
            DataDirectory = options.JournalDirectory ?? Path.Combine(work, "gateway-data"),
            Channels =
            [
                new ChannelConfig
                {
                    Name = Channel,
                    AllowedUsers = [.. users],
                    Mqtt = new MqttChannelConfig { Host = MosquittoBroker.Host, Port = broker.Port, BaseTopic = BaseTopic },
                },
            ],
        }, work);
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(Settle);
        var connected = gateway.ResidentBytes;

        await using var mqtt = await MqttQuestioner.ConnectAsync(MosquittoBroker.Host, broker.Port, BaseTopic);
        using var direct = new DirectAssistant(assistant, GatewayKey);
        console.WriteLine($"gateway connected ({connected / 1048576.0:F0} MiB); {options.Questions} questions one at a time on each path");
        for (var i = 0; i < WarmUpQuestions; i++)
        {
            await direct.AskAsync(users[i % users.Length], Question(i), CancellationToken.None);
            await mqtt.AskAsync(users[i % users.Length], Question(i), CancellationToken.None);
            await mqtt.EchoAsync(Question(i), CancellationToken.None);
        }

        var pause = TimeSpan.FromMilliseconds(options.PauseMilliseconds);
        var (directOne, gatewayOne, brokerOne, identical) = await OneAtATimeAsync(options.Questions, pause, users, direct, mqtt);
        await Task.Delay(Settle);
        var afterQuestions = gateway.ResidentBytes;

        console.WriteLine($"{options.Users} users asking at once for {options.Seconds} s through the gateway, then straight to the runtime");
        var duration = TimeSpan.FromSeconds(options.Seconds);
        LatencyReport gatewayLoad;
        long peak;
        var cpuBefore = gateway.CpuTime;
        using (var sampler = new MemorySampler(gateway.Process))
        {
            gatewayLoad = await LoadAsync("through the gateway", users, mqtt.AskAsync, duration);
            peak = sampler.PeakBytes;
        }

        var cpuPerMessage = (gateway.CpuTime - cpuBefore) / Math.Max(1, gatewayLoad.Requests);
        var directLoad = await LoadAsync("straight to the runtime", users, direct.AskAsync, duration);
        await Task.Delay(Settle);
        var memory = new GatewayMemory(connected, afterQuestions, peak, gateway.ResidentBytes);
        return new GatewayFigures(directOne, gatewayOne, brokerOne, identical, directLoad, gatewayLoad, memory, cpuPerMessage);
    }

    // Each question on both paths in turn, which path goes first alternating, then once through the broker alone.
    private static async Task<(LatencyReport Direct, LatencyReport Gateway, LatencyReport Broker, int Identical)> OneAtATimeAsync(
        int questions, TimeSpan pause, string[] users, DirectAssistant direct, MqttQuestioner mqtt)
    {
        var (viaDirect, viaGateway, viaBroker) = (new List<double>(), new List<double>(), new List<double>());
        var identical = 0;
        var started = Stopwatch.GetTimestamp();
        var cpu = Cpu.Seconds();
        for (var i = 0; i < questions; i++)
        {
            var (user, question) = (users[i % users.Length], Question(i));
            Task<string> Direct() => TimedAsync(viaDirect, () => direct.AskAsync(user, question, CancellationToken.None));
            Task<string> Gateway() => TimedAsync(viaGateway, () => mqtt.AskAsync(user, question, CancellationToken.None));
            var (first, second) = i % 2 == 0 ? (await Direct(), await Gateway()) : (await Gateway(), await Direct());
            identical += first == second ? 1 : 0;
            await TimedAsync(viaBroker, () => mqtt.EchoAsync(question, CancellationToken.None));
            await Task.Delay(pause);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var cpuSeconds = Cpu.Seconds() - cpu;
        return (LatencyReport.From("direct", viaDirect, 0, seconds, cpuSeconds),
            LatencyReport.From("gateway", viaGateway, 0, seconds, cpuSeconds),
            LatencyReport.From("broker", viaBroker, 0, seconds, cpuSeconds),
            identical);
    }

    // Closed loop: each user asks the next question as soon as the last is answered.
    private static async Task<LatencyReport> LoadAsync(string name, string[] users, Ask ask, TimeSpan duration)
    {
        var cpu = Cpu.Seconds();
        var started = Stopwatch.GetTimestamp();
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perUser = await Task.WhenAll(users.Select(async (user, u) =>
        {
            var latencies = new List<double>();
            for (var turn = u; Stopwatch.GetTimestamp() < end; turn++)
            {
                await TimedAsync(latencies, () => ask(user, Question(turn), CancellationToken.None));
            }

            return latencies;
        }));
        return LatencyReport.From(name, [.. perUser.SelectMany(l => l)], 0, Stopwatch.GetElapsedTime(started).TotalSeconds, Cpu.Seconds() - cpu);
    }

    private static async Task<string> TimedAsync(List<double> latencies, Func<Task<string>> call)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await call();
        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private static string Question(int i) => HelpDeskQuestions.All[i % HelpDeskQuestions.All.Length];

    private static void Print(ReportWriter report, GatewayBenchmarkOptions options, GatewayFigures f, string mosquitto)
    {
        static string MiB(long bytes) => string.Create(Invariant, $"{bytes / 1048576.0,6:F1} MiB");
        void Row(string name, LatencyReport r) =>
            report.Line(string.Create(Invariant, $"  {name,-44} {r.P50,8:F2} {r.P95,8:F2} {r.P99,8:F2} {r.Max,8:F2}"));
        void LoadRow(string name, LatencyReport r) =>
            report.Line(string.Create(Invariant, $"  {name,-44} {r.Throughput,8:F1} {r.P50,8:F2} {r.P95,8:F2} {r.P99,8:F2}"));

        report.Line($"NAS Assistant gateway benchmark, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPU cores");
        report.Line($"Mosquitto {mosquitto} on loopback (set_tcp_nodelay {(options.BrokerTcpNoDelay ? "true" : "false")}); the gateway (runtime gateway) as its own process with one MQTT channel;");
        report.Line("the runtime in this process: bundled model all-MiniLM-L6-v2, chat by retrieval over the shipped corpus, each turn fsynced");
        report.Line($"gateway journal in {options.JournalDirectory ?? "the benchmark's temporary folder"}");
        report.Line();
        report.Line($"one question at a time, {options.Questions} on each path, {options.PauseMilliseconds} ms apart   p50 ms   p95 ms   p99 ms   max ms");
        Row("straight to the runtime (chat request)", f.Direct);
        Row("MQTT question > gateway > runtime > answer", f.ThroughGateway);
        Row("broker alone (publish, delivered back)", f.BrokerAlone);
        report.Line(string.Create(Invariant, $"  {"added by broker and gateway",-44} {f.ThroughGateway.P50 - f.Direct.P50,8:F2} {f.ThroughGateway.P95 - f.Direct.P95,8:F2}"));
        report.Line($"  answers identical on both paths: {f.IdenticalAnswers}/{options.Questions}");
        report.Line();
        report.Line($"{options.Users} users asking at once, {options.Seconds} s each (closed loop)          msg/s   p50 ms   p95 ms   p99 ms");
        LoadRow("straight to the runtime", f.DirectUnderLoad);
        LoadRow("through the broker and the gateway", f.GatewayUnderLoad);
        report.Line(string.Create(Invariant,
            $"  {"added by broker and gateway",-44} {"",8} {f.GatewayUnderLoad.P50 - f.DirectUnderLoad.P50,8:F2} {f.GatewayUnderLoad.P95 - f.DirectUnderLoad.P95,8:F2}"));
        report.Line();
        report.Line("gateway process, resident memory (RSS)");
        report.Line($"  connected, before any message               {MiB(f.Memory.Connected)}");
        report.Line($"  idle after the one-at-a-time questions      {MiB(f.Memory.AfterQuestions)}");
        report.Line($"  peak with {options.Users,2} users asking at once         {MiB(f.Memory.PeakUnderLoad)}");
        report.Line($"  idle {Settle.TotalSeconds:F0} s after the load                     {MiB(f.Memory.AfterLoad)}");
        report.Line(string.Create(Invariant, $"gateway CPU per message under load: {f.GatewayCpuPerMessage.TotalMilliseconds:F2} ms"));
    }

    [GeneratedRegex(@"mosquitto version (\S+)")]
    private static partial Regex MosquittoVersion();
}
