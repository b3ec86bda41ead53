using System.Net;
using k8s;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Hosting;
using Prometheus;

namespace NasAssistant.Operator.Tests.Controller;

public sealed class OperatorHostTests : FakeClusterTest
{
    private string WriteKubeconfig()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nas-assistant-kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {Fake.Url}
            users:
            - name: tester
              user:
                token: not-checked
            contexts:
            - name: elsewhere
              context:
                cluster: nowhere
                user: tester
            - name: fake
              context:
                cluster: fake
                user: tester
                namespace: default
            current-context: elsewhere
            """);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_ServesHealthReadinessAndMetrics_ReconcilesAndStopsOnCancellation(bool leaderElection)
    {
        var kubeconfig = WriteKubeconfig();
        try
        {
            await CreateAssistantAsync("default", "family");
            var options = RunOptionsParser.Parse(
            [
                "--kubeconfig", kubeconfig, "--context", "fake", "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1",
                "--resync-seconds", "1", "--workers", "2", "--log-level", "warning", $"--leader-election={leaderElection}", "--lease-namespace", "default",
            ], out var error);
            Assert.Null(error);
            var reconciler = new RecordingReconciler();
            OperatorSettings? seenSettings = null;
            await using var host = OperatorHost.Create(options!, KubernetesConnection.Configure(options!), (_, settings, _, _) =>
            {
                seenSettings = settings;
                return reconciler;
            }, Metrics.NewCustomRegistry());
            using var stop = new CancellationTokenSource();
            var running = host.RunAsync(stop.Token);
            await host.Started.WaitAsync(TimeSpan.FromSeconds(10));
            using var http = new HttpClient { BaseAddress = host.MetricsUrl };

            Assert.Equal("ok", await http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "ready");
            await Eventually.TrueAsync(() => reconciler.CallsFor(new ResourceKey("default", "family")) >= 2, "reconciles, resync included");
            Assert.Equal(options!.Settings, seenSettings);

            var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            Assert.All(OperatorMetricNames.Controller, name => Assert.Contains(name, metrics, StringComparison.Ordinal));
            Assert.Contains($"{OperatorMetricNames.ReconcileTotal}{{{OperatorMetricNames.ResultLabel}=\"success\"}}", metrics, StringComparison.Ordinal);
            Assert.Contains($"{OperatorMetricNames.Leader} 1", metrics, StringComparison.Ordinal);
            Assert.Contains($"{OperatorMetricNames.WatchRestartsTotal}{{{OperatorMetricNames.KindLabel}=\"Deployment\"}}", metrics, StringComparison.Ordinal);
            if (leaderElection)
            {
                Assert.Contains((await Client.CoordinationV1.ListNamespacedLeaseAsync("default")).Items, l => l.Metadata.Name == "nas-assistant-operator");
            }

            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(20));
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri("/healthz", UriKind.Relative)));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    [Fact]
    public async Task Readiness_IsFalseUntilTheInformersSync()
    {
        // Every list fails, so nothing syncs: alive, but not ready.
        Fake.Faults.AddErrorRule(new NasAssistant.FakeKube.Faults.FaultRule { Rate = 1.0, StatusCodes = [500], Verbs = ["list"] });
        var kubeconfig = WriteKubeconfig();
        try
        {
            var options = RunOptionsParser.Parse(["--kubeconfig", kubeconfig, "--context", "fake", "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1", "--log-level", "none"], out _)!;
            await using var host = OperatorHost.Create(options, KubernetesConnection.Configure(options), (_, _, _, _) => new RecordingReconciler(), Metrics.NewCustomRegistry());
            using var stop = new CancellationTokenSource();
            var running = host.RunAsync(stop.Token);
            await host.Started.WaitAsync(TimeSpan.FromSeconds(10));
            using var http = new HttpClient { BaseAddress = host.MetricsUrl };
            await Eventually.TrueAsync(() => Fake.Requests.Count(r => r.FaultInjected) >= 3, "failing lists");

            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

            Fake.Faults.Reset();
            await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "ready once lists succeed");
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
