using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Tests.Controller;
using NasAssistant.Operator.Tests.Support;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Tests.Process;

/// <summary>
/// <c>operator run</c> as a process against the fake API server, as in a pod: this build's, or the Native AOT binary's
/// with <c>NAS_ASSISTANT_OPERATOR</c>. It covers what only the whole program shows: the kubeconfig read, the informers,
/// leader election, JSON of every kind it writes, config YAML, the gateway's report, the finalizer and a clean stop.
/// </summary>
public sealed class OperatorProcessTests : IAsyncLifetime
{
    private const string Namespace = "assistants";
    private FakeKubeServer? _fake;
    private Kubernetes? _client;
    private string? _kubeconfig;

    private FakeKubeServer Fake => _fake!;

    private Kubernetes Client => _client!;

    public async Task InitializeAsync()
    {
        _fake = await FakeKubeServer.StartAsync(new FakeKubeOptions { Namespaces = ["default", "kube-system", Namespace] });
        _client = _fake.CreateClient();
        // As the chart installs it: the committed CRD.
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(CommittedCrd.Definition);
        await Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(10));
        _kubeconfig = TestKubeconfig.Write(Fake.Url);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_kubeconfig!);
        _client?.Dispose();
        await Fake.DisposeAsync();
    }

    [Fact]
    public async Task Run_ReconcilesAssistants_ReadsTheGatewaysReport_DeletesThroughItsFinalizer_AndStopsCleanly()
    {
        var metricsPort = FreePort();
        using var process = System.Diagnostics.Process.Start(OperatorExecutable.StartInfo([
            "run", "--kubeconfig", _kubeconfig!, "--metrics-port", metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--metrics-bind-address", "127.0.0.1", "--log-level", "warning"]))!;
        var said = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => said.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => said.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        try
        {
            await Eventually.TrueAsync(async () => await IsOkAsync(http, "/readyz"), "the operator to be ready", TimeSpan.FromMinutes(1));
            Assert.Contains("nas_assistant_operator_leader 1", await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);

            await CreateAsync("minimal.yaml");
            await CreateAsync("wecom.yaml");
            await Eventually.TrueAsync(() => Condition("family", "Ready") == "True", "family to be Ready", TimeSpan.FromMinutes(1));

            // The gateway's report (JSON) is read back into a ChannelReady condition once its digest matches the config.
            await Eventually.TrueAsync(() => Fake.Store.Get<V1ConfigMap>(Namespace, "office-gateway-config") is not null, "the gateway config", TimeSpan.FromMinutes(1));
            var gatewayConfig = Fake.Store.Get<V1ConfigMap>(Namespace, "office-gateway-config")!.Data.Values.Single();
            Assert.Equal(GatewayConfigYaml.Serialize(GatewayConfigYaml.Parse(gatewayConfig, "rendered")), gatewayConfig);
            await RecordGatewayReportAsync(GatewayConfigYaml.Digest(gatewayConfig));
            await Eventually.TrueAsync(() => Condition("office", "ChannelReady.wecom") == "True", "office's ChannelReady.wecom", TimeSpan.FromMinutes(1));

            await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(AssistantDeployment.Group, AssistantDeployment.Version, Namespace, AssistantDeployment.Plural, "family");
            await Eventually.TrueAsync(() => Fake.Store.List(AssistantDeployment.GroupVersion, AssistantDeployment.KindName, Namespace).All(ad => ad["metadata"]!["name"]!.GetValue<string>() != "family"),
                "family's finalizer to let it go", TimeSpan.FromMinutes(1));

            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the operator did not stop within 30 s of SIGTERM");
            Assert.Equal(0, process.ExitCode);
            // Warnings are allowed (a reconcile that races a deletion retries); errors and crashes are not.
            Assert.DoesNotContain(said, line => line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal)
                || line.Contains("Unhandled exception", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException("the operator said:\n" + string.Join("\n", said.Where(line => line.Length > 0).Take(40)), e);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact]
    public void Run_WithAMissingKubeconfig_SaysWhichAndExits()
    {
        var (code, _, error) = OperatorExecutable.Run(["run", "--kubeconfig", "/nonexistent/kubeconfig"]);
        Assert.NotEqual(0, code);
        Assert.Contains("/nonexistent/kubeconfig", error, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> IsOkAsync(HttpClient http, string path)
    {
        try
        {
            return (await http.GetAsync(new Uri(path, UriKind.Relative))).StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task CreateAsync(string example)
    {
        var body = (JsonObject)YamlDocuments.Parse(await File.ReadAllTextAsync(RepositoryFiles.Path("examples", example))).Single()!;
        body["metadata"]!["namespace"] = Namespace;
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, AssistantDeployment.Group, AssistantDeployment.Version, Namespace, AssistantDeployment.Plural);
    }

    private string? Condition(string name, string type) =>
        Fake.Store.Get(AssistantDeployment.GroupVersion, AssistantDeployment.KindName, Namespace, name)?["status"]?["conditions"]?.AsArray()
            .FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();

    private async Task RecordGatewayReportAsync(string digest)
    {
        var report = GatewayStatusReportJson.Serialize(new GatewayStatusReport
        {
            ConfigDigest = digest,
            Channels = [new GatewayChannelState { Name = "wecom", Kind = "wecom", Ready = true, Reason = "Connected", Message = "callback verified", Since = "2026-12-07T08:00:00Z" }],
        });
        var patch = new JsonObject { ["data"] = new JsonObject { [GatewayDefaults.StatusReportKey] = report } };
        await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), "office-gateway-status", Namespace, fieldManager: GatewayDefaults.FieldManager);
    }
}
