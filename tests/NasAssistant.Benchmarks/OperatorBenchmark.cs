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
/// </summary>
internal static class OperatorBenchmark
{
    public static async Task RunAsync(int resources, TextWriter output)
    {
        // Namespaces must exist before their content, as on a real cluster.
        await using var fake = await FakeKubeServer.StartAsync(new FakeKubeOptions
        {
            Namespaces = ["default", "kube-system", "bench", .. Enumerable.Range(0, 10).Select(n => $"ns-{n}")],
        });
        using var client = fake.CreateClient();
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CrdGenerator.Build());
        await fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(10));

        await MeasureSingleReconcilesAsync(client, fake, output);
        await MeasureOperatorProcessAsync(client, fake, resources, output);
    }

    private static async Task MeasureSingleReconcilesAsync(IKubernetes client, FakeKubeServer fake, TextWriter output)
    {
        const int Samples = 50;
        var reconciler = new AssistantReconciler(client, new OperatorSettings(), TimeProvider.System, NullLogger<AssistantReconciler>.Instance);
        var first = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var name = $"single-{i:D3}";
            await CreateAsync(client, "bench", name);
            var started = Stopwatch.GetTimestamp();
            await reconciler.ReconcileAsync(new ResourceKey("bench", name), CancellationToken.None);
            first.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // Converge (readiness arrives asynchronously), then count what ten resyncs each write.
        for (var pass = 0; pass < 5; pass++)
        {
            for (var i = 0; i < Samples; i++)
            {
                await reconciler.ReconcileAsync(new ResourceKey("bench", $"single-{i:D3}"), CancellationToken.None);
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
                await reconciler.ReconcileAsync(new ResourceKey("bench", $"single-{i:D3}"), CancellationToken.None);
                resync.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var writes = fake.Requests.CountWrites(r => r.Resource != "events");
        output.WriteLine("Operator reconciler against the fake API server (in process)");
        output.WriteLine($"  new resource, first reconcile (every child created): {Stats(first)}");
        output.WriteLine($"  converged resync: {Stats(resync)}; writes in {resync.Count} resyncs: {writes}");
    }

    private static async Task MeasureOperatorProcessAsync(IKubernetes client, FakeKubeServer fake, int resources, TextWriter output)
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
        using var process = QuietProcess.Start(
            "NasAssistant.Operator.dll", ["run", "--kubeconfig", kubeconfig, "--metrics-port", "0", "--resync-seconds", "10", "--log-level", "warning"]);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var idleRss = ProcessMemory.Rss(process.Id);
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
            fake.Requests.Clear();
            await Task.Delay(TimeSpan.FromSeconds(12));
            var writes = fake.Requests.CountWrites(r => r.Resource is not ("events" or "leases"));
            var rss = ProcessMemory.Rss(process.Id);
            output.WriteLine($"Operator process (operator run) with {resources} AssistantDeployments in 10 namespaces");
            output.WriteLine($"  ready: {ready}/{resources} in {converged.TotalSeconds:F1} s ({converged.TotalMilliseconds / Math.Max(1, ready):F1} ms per resource)");
            output.WriteLine($"  writes during the next 12 s (one full resync): {writes}");
            output.WriteLine($"  RSS: {idleRss / 1048576.0:F0} MiB before any resource, {rss / 1048576.0:F0} MiB holding {resources}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(kubeconfig);
        }
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

    private static string Stats(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.5):F1} ms, p95 {At(0.95):F1} ms, max {sorted[^1]:F1} ms (n={sorted.Count})");
    }
}
