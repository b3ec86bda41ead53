using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.FakeKube;
using NasAssistant.Operator;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Reconciliation;

namespace NasAssistant.Benchmarks;

/// <summary>
/// The operator against the in-process fake API server: how long one new AssistantDeployment takes
/// to reconcile fully, how many writes a converged resync costs, and how the real operator process
/// (started as a child, as in a pod) converges a few hundred resources and how much memory it holds.
/// The process is the build's own operator, or any other build of it, such as the one an image carries.
/// </summary>
internal static class OperatorBenchmark
{
    // Long enough that a pass over every resource, and the work after the status updates, end well before the next.
    private const int ResyncSeconds = 30;

    public static async Task RunAsync(int resources, string? executable, TextWriter output)
    {
        // Namespaces must exist before their content, as on a real cluster.
        await using var fake = await FakeKubeServer.StartAsync(new FakeKubeOptions
        {
            Namespaces = ["default", "kube-system", "bench", .. Enumerable.Range(0, 10).Select(n => $"ns-{n}")],
        });
        using var client = fake.CreateClient();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.Build());
        await fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(10));

        // The process's starts come first, while the cluster holds no assistant: idle means idle.
        var kubeconfig = await WriteKubeconfigAsync(fake);
        try
        {
            var starts = await MeasureStartsAsync(kubeconfig, executable);
            await MeasureSingleReconcilesAsync(client, fake, output);
            var holding = await MeasureHoldingAsync(client, fake, resources, executable, kubeconfig, output);
            var build = executable ?? "the build's operator (JIT)";
            output.WriteLine($"Operator process against its NAS targets ({build}; {Starts} starts into an empty cluster, each with its own lease)");
            output.WriteLine($"  start to leader and ready: {Spread(starts.Select(s => s.Seconds), "F2", " s")}   target < 1 s");
            output.WriteLine($"  idle RSS: {Spread(starts.Select(s => s.Rss / 1e6), "F0", " MB")}   target <= 60 MB");
            output.WriteLine($"    of it anonymous (heap, stacks): {Spread(starts.Select(s => s.Anonymous / 1e6), "F0", " MB")}; the rest is mapped code and data");
            output.WriteLine($"  RSS holding {resources}, at rest after a resync: {holding / 1e6:F0} MB ({holding / 1048576.0:F0} MiB)   target <= 100 MB with 500");
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private static async Task MeasureSingleReconcilesAsync(IKubernetes client, FakeKubeServer fake, TextWriter output)
    {
        const int Samples = 50;
        using var api = fake.CreateApi();
        var reconciler = new AssistantReconciler(api, new OperatorSettings(), TimeProvider.System, NullLogger<AssistantReconciler>.Instance);
        var first = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var name = $"single-{i:D3}";
            await CreateAsync(client, "bench", name);
            var started = Stopwatch.GetTimestamp();
            await reconciler.ReconcileAsync(new ResourceKey("bench", name), caches: null, CancellationToken.None);
            first.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // Converge (readiness arrives asynchronously), then count what ten resyncs each write.
        for (var pass = 0; pass < 5; pass++)
        {
            for (var i = 0; i < Samples; i++)
            {
                await reconciler.ReconcileAsync(new ResourceKey("bench", $"single-{i:D3}"), caches: null, CancellationToken.None);
            }

            await Task.Delay(50);
        }

        fake.Requests.Clear();
        var resync = new List<double>();
        for (var round = 0; round < 10; round++)
        {
            for (var i = 0; i < Samples; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await reconciler.ReconcileAsync(new ResourceKey("bench", $"single-{i:D3}"), caches: null, CancellationToken.None);
                resync.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var writes = fake.Requests.CountWrites(r => r.Resource != "events");
        output.WriteLine("Operator reconciler against the fake API server (in process, without informer caches: every read goes to the API server)");
        output.WriteLine($"  new resource, first reconcile (every child created): {Stats(first)}");
        output.WriteLine($"  converged resync: {Stats(resync)}; writes in {resync.Count} resyncs: {writes}");
    }

    private const int Starts = 5;

    private static async Task<string> WriteKubeconfigAsync(FakeKubeServer fake)
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"nas-assistant-bench-{Environment.ProcessId}.yaml");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: fake, cluster: {"{"}server: "{fake.Url}"{"}"}{"}"}]
            users: [{"{"}name: fake, user: {"{"}token: bench{"}"}{"}"}]
            contexts: [{"{"}name: fake, context: {"{"}cluster: fake, user: fake{"}"}{"}"}]
            current-context: fake
            """);
        return kubeconfig;
    }

    // Median and range: the spread of this machine's runs is part of the figure.
    private static string Spread(IEnumerable<double> values, string format, string unit)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"median {sorted[sorted.Count / 2].ToString(format, CultureInfo.InvariantCulture)}{unit} (min {sorted[0].ToString(format, CultureInfo.InvariantCulture)}, max {sorted[^1].ToString(format, CultureInfo.InvariantCulture)})");
    }

    // Each start: from exec to /readyz answering 200 with the leader gauge at 1, and the RSS right then.
    private static async Task<List<(double Seconds, long Rss, long Anonymous)>> MeasureStartsAsync(string kubeconfig, string? executable)
    {
        var starts = new List<(double Seconds, long Rss, long Anonymous)>();
        for (var i = 0; i < Starts; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (process, metrics, _) = StartOperator(kubeconfig, executable, $"bench-start-{i}-{Environment.ProcessId}");
            using (process)
            using (metrics)
            {
                try
                {
                    await WaitUntilLeaderAndReadyAsync(metrics, process);
                    starts.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, ProcessMemory.Rss(process.Id), ProcessMemory.Split(process.Id).Anonymous));
                }
                finally
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }

        return starts;
    }

    private static (Process Process, HttpClient Metrics, ConcurrentQueue<string> Said) StartOperator(string kubeconfig, string? executable, string leaseName)
    {
        var metricsPort = LoopbackPorts.Free();
        string[] run = [
            "run", "--kubeconfig", kubeconfig, "--metrics-port", metricsPort.ToString(CultureInfo.InvariantCulture), "--lease-name", leaseName,
            "--metrics-bind-address", "127.0.0.1", "--resync-seconds", ResyncSeconds.ToString(CultureInfo.InvariantCulture), "--log-level", "warning"];
        var start = executable is null
            ? new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "NasAssistant.Operator.dll"), .. run])
            : new ProcessStartInfo(executable, run);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;

        // At log level warning the process says nothing while all is well; whatever it says is reported.
        var said = new ConcurrentQueue<string>();
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(said, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(said, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") }, said);
    }

    private static async Task<long> MeasureHoldingAsync(IKubernetes client, FakeKubeServer fake, int resources, string? executable, string kubeconfig, TextWriter output)
    {
        var (process, metrics, said) = StartOperator(kubeconfig, executable, $"bench-{Environment.ProcessId}");
        using var _ = process;
        using var __ = metrics;
        try
        {
            await WaitUntilLeaderAndReadyAsync(metrics, process);
            var idleRss = ProcessMemory.Rss(process.Id);
            fake.Requests.Clear();
            var converging = await OperatorWindow.StartAsync(process, metrics, fake);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < resources; i++)
            {
                await CreateAsync(client, $"ns-{i % 10}", $"assistant-{i:D3}");
            }

            var deadline = DateTime.UtcNow.AddMinutes(5);
            int ready;
            while ((ready = CountReady(fake)) < resources && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }

            var converged = Stopwatch.GetElapsedTime(started);
            var convergence = await converging.EndAsync();

            // Right after a resync has run through: status-only updates of every Deployment, as the
            // Deployment controller makes them (a condition's lastUpdateTime moves on), then the work they
            // cause until the operator is quiet again, well before the next resync is due.
            await OperatorWindow.WaitUntilQuietAsync(metrics);
            await OperatorWindow.WaitForResyncAsync(metrics, resources * 9 / 10);
            fake.Requests.Clear();
            var touching = await OperatorWindow.StartAsync(process, metrics, fake);
            var touched = TouchDeploymentStatuses(fake);
            await OperatorWindow.WaitUntilQuietAsync(metrics);
            var statusOnly = await touching.EndAsync();

            // From that quiet moment to the end of the next resync: one pass over every resource. Memory is read a
            // second after the last reconcile, and its peak during the pass is kept.
            fake.Requests.Clear();
            var resyncing = await OperatorWindow.StartAsync(process, metrics, fake);
            long peak;
            using (var sampler = new MemorySampler(process))
            {
                await OperatorWindow.WaitForResyncAsync(metrics, resources * 9 / 10);
                peak = sampler.PeakBytes;
            }

            var resync = await resyncing.EndAsync();
            var rss = ProcessMemory.Rss(process.Id);

            // The operator watches every namespace, so the assistants of the in-process measurements count too.
            var assistants = fake.Store.List(AssistantDeployment.GroupVersion, AssistantDeployment.KindName).Count;
            output.WriteLine($"Operator process (operator run) with {resources} AssistantDeployments in 10 namespaces (and the {assistants - resources} above), resync every {ResyncSeconds} s");
            output.WriteLine($"  ready: {ready}/{resources} in {converged.TotalSeconds:F1} s ({converged.TotalMilliseconds / Math.Max(1, ready):F1} ms per resource)");
            output.WriteLine($"  converging: {convergence.Describe(assistants)}");
            output.WriteLine($"  {touched} status-only Deployment updates: {statusOnly.DescribeTotals()}");
            output.WriteLine($"  one resync: {resync.Describe(assistants)}; writes: {resync.Writes}");
            output.WriteLine($"  RSS: {idleRss / 1048576.0:F0} MiB before any resource, {rss / 1048576.0:F0} MiB holding {resources} at rest, peak {peak / 1048576.0:F0} MiB during the resync");
            output.WriteLine($"  {executable ?? "the build's operator"}: {said.Count} warning or error lines{(said.IsEmpty ? "" : ", first: " + said.First())}");
            return rss;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            lines.Enqueue(line);
        }
    }

    // Moves the lastUpdateTime of each Deployment's Available condition on, a field no operator reads.
    private static int TouchDeploymentStatuses(FakeKubeServer fake)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var touched = 0;
        foreach (var ns in Enumerable.Range(0, 10).Select(n => $"ns-{n}"))
        {
            foreach (var deployment in fake.Store.List("apps/v1", "Deployment", ns))
            {
                fake.Store.Update("apps/v1", "Deployment", ns, deployment["metadata"]!["name"]!.GetValue<string>(), d =>
                {
                    foreach (var condition in d["status"]?["conditions"]?.AsArray().OfType<JsonObject>() ?? [])
                    {
                        if (condition["type"]?.GetValue<string>() == "Available")
                        {
                            condition["lastUpdateTime"] = now;
                        }
                    }
                });
                touched++;
            }
        }

        return touched;
    }

    private static int CountReady(FakeKubeServer fake) =>
        Enumerable.Range(0, 10)
            .SelectMany(n => fake.Store.List(AssistantDeployment.GroupVersion, AssistantDeployment.KindName, $"ns-{n}"))
            .Count(ad => ad["status"]?["conditions"]?.AsArray().Any(c => c?["type"]?.ToString() == "Ready" && c["status"]?.ToString() == "True") == true);

    private static async Task CreateAsync(IKubernetes client, string ns, string name)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = AssistantDeployment.GroupVersion,
            ["kind"] = AssistantDeployment.KindName,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = new JsonObject(),
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(body, AssistantDeployment.Group, AssistantDeployment.Version, ns, AssistantDeployment.Plural);
    }

    // Ready once it leads and its informers have listed every kind; a busy machine may take seconds to start a process.
    private static async Task WaitUntilLeaderAndReadyAsync(HttpClient metrics, Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!process.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await metrics.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode
                    && (await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("\nnas_assistant_operator_leader 1", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        throw new InvalidOperationException("the operator process did not become ready within a minute");
    }

    private static string Stats(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):F1} ms, p95 {At(0.95):F1} ms, max {sorted[^1]:F1} ms (n={sorted.Count})");
    }
}
