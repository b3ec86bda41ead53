using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Reconciliation;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Resources;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;
using NasAssistant.Operator.Tests.Support;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>The reconciler against the fake API server, through the real KubernetesClient.</summary>
public sealed class AssistantReconcilerTests
{
    [Fact]
    public async Task Create_MakesEveryChild_OwnedExceptTheRetainedVolumes_AndReportsReadyOnceTheDeploymentIsReady()
    {
        await using var h = await StartAsync();
        await h.InstallAddOnsAsync();
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(50));
        var ad = await h.CreateAsync("family", "replicas: 2\n");

        var ready = await h.ReconcileUntilAsync("family", a => Condition(a, ConditionTypes.Ready) == "True");

        var expected = DesiredStateBuilder.Build(ready, h.Settings).Objects.Select(o => (o.Kind, o.Metadata.Name)).ToList();
        Assert.Equal(9, expected.Count);

        // Retained volumes (the default) carry no owner reference, so no deletion can take them.
        foreach (var (kind, name) in expected.Where(c => c.Kind != "PersistentVolumeClaim").Append(("Secret", "family-tls")).Append(("Secret", "family-ca")))
        {
            var child = Children(h, kind).Single(o => o.Metadata.Name == name);
            var owner = Assert.Single(child.Metadata.OwnerReferences);
            Assert.Equal(ad.Metadata.Uid, owner.Uid);
            Assert.True(owner.Controller);
        }

        Assert.Equal(ready.Metadata.Generation, ready.Status!.ObservedGeneration);
        Assert.Equal(2, ready.Status.ReadyReplicas);
        Assert.Equal("https://family.home.svc:5000", ready.Status.Endpoint);
        Assert.Equal(Naming.SelectorString(ready), ready.Status.Selector);
        Assert.Equal("True", Condition(ready, ConditionTypes.CertificateReady));
        Assert.Equal("True", Condition(ready, ConditionTypes.ModelVerified));
        Assert.Equal("False", Condition(ready, ConditionTypes.Degraded));
        Assert.Equal("False", Condition(ready, ConditionTypes.Progressing));
        Assert.Contains((await h.Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items, e => e.Reason == ConditionReasons.Available);
    }

    [Fact]
    public async Task Int8_ReportsTheDigestThePodsQuantizeStepWroteAsItsTerminationMessage()
    {
        await using var h = await StartAsync();
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.FromMilliseconds(50));
        var ad = await h.CreateAsync("family", "model:\n  quantization: Int8\n");
        await h.ReconcileUntilAsync("family", a => Condition(a, ConditionTypes.Ready) == "True");
        var init = h.Fake.Store.Get<V1Deployment>(Namespace, "family")!.Spec.Template.Spec.InitContainers;
        Assert.Equal(["quantize", "--config", "/etc/nas-assistant/config/runtime.yaml", "--termination-log", "/dev/termination-log"],
            Assert.Single(init, c => c.Name == DeploymentBuilder.QuantizeContainerName).Args);
        Assert.Null((await h.GetAsync("family")).Status!.QuantizedModelSha256);

        var digest = new string('7', 64);
        await CreatePodWithQuantizeStepAsync(h, ad, "family-abc", exitCode: 1, message: "model.onnx cannot be quantized: no MatMul");
        await CreatePodWithQuantizeStepAsync(h, ad, "family-def", exitCode: 0, message: digest + "\n");
        await h.ReconcileAsync("family");

        var status = (await h.GetAsync("family")).Status!;
        Assert.Equal(digest, status.QuantizedModelSha256);
        Assert.Contains($"INT8 quantization, sha256 {digest}", FindCondition(await h.GetAsync("family"), ConditionTypes.ModelVerified)!.Message, StringComparison.Ordinal);
    }

    private static async Task CreatePodWithQuantizeStepAsync(ReconcilerHarness h, AssistantDeployment ad, string name, int exitCode, string message)
    {
        var pod = await h.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = Naming.SelectorLabels(ad) },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "runtime", Image = "runtime" }] },
        }, Namespace);
        pod.Status = new V1PodStatus
        {
            InitContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = DeploymentBuilder.QuantizeContainerName, Image = "runtime", ImageID = "", Ready = false, RestartCount = 0,
                    State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode, Message = message } },
                },
            ],
        };
        await h.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, Namespace);
    }

    [Fact]
    public async Task SpecChange_UpdatesChildren_RollsPods_AndObservedGenerationFollows_WithoutRecreatingVolumes()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");
        var claimUid = h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, "family-sessions")!.Metadata.Uid;
        var hashBefore = PodAnnotation(h, Naming.ConfigHashAnnotation);
        h.Fake.Requests.Clear();

        await h.UpdateSpecAsync("family", spec => spec.Inference.MaxBatchSize = 16);
        await h.ConvergeAsync("family");

        var ad = await h.GetAsync("family");
        Assert.Equal(2, ad.Metadata.Generation);
        Assert.Equal(2, ad.Status!.ObservedGeneration);
        Assert.Contains("maxBatchSize: 16", h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-config")!.Data["runtime.yaml"], StringComparison.Ordinal);
        Assert.NotEqual(hashBefore, PodAnnotation(h, Naming.ConfigHashAnnotation));
        Assert.Equal(claimUid, h.Fake.Store.Get<V1PersistentVolumeClaim>(Namespace, "family-sessions")!.Metadata.Uid);
        Assert.Equal(0, h.Fake.Requests.CountWrites(r => r.Resource == "persistentvolumeclaims"));
    }

    [Fact]
    public async Task Drift_EditedOrDeletedChildIsRestoredInOneReconcile_AndFieldsOthersOwnAreKept()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "autoscaling: {enabled: true, minReplicas: 1, maxReplicas: 4}\n");
        await h.Fake.Controllers.EnableHorizontalPodAutoscalingAsync(replicas: 3);
        await h.ConvergeAsync("family");
        var clusterIp = h.Fake.Store.Get<V1Service>(Namespace, "family")!.Spec.ClusterIP;
        Assert.False(string.IsNullOrEmpty(clusterIp));

        // By hand: a wrong image on the Deployment, an extra port removed from the Service, the NetworkPolicy deleted.
        h.Fake.Store.Update<V1Deployment>(Namespace, "family", d => d.Spec.Template.Spec.Containers[0].Image = "evil/image:latest");
        h.Fake.Store.Update<V1Service>(Namespace, "family", s => s.Spec.Ports.RemoveAt(1));
        h.Fake.Store.Delete<V1NetworkPolicy>(Namespace, "family");
        await h.ReconcileAsync("family");

        var deployment = h.Fake.Store.Get<V1Deployment>(Namespace, "family")!;
        Assert.Equal(h.Settings.RuntimeImage, deployment.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(3, deployment.Spec.Replicas);
        var service = h.Fake.Store.Get<V1Service>(Namespace, "family")!;
        Assert.Equal(2, service.Spec.Ports.Count);
        Assert.Equal(clusterIp, service.Spec.ClusterIP);
        Assert.NotNull(h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family"));
    }

    [Fact]
    public async Task SteadyState_TenResyncsAfterConvergence_MakeZeroWrites()
    {
        await using var h = await StartAsync();
        await h.InstallAddOnsAsync();
        await h.Fake.Controllers.EnableDeploymentReadinessAsync(TimeSpan.Zero);
        await h.CreateAsync("family", "replicas: 2\nautoscaling: {enabled: false}\n");
        await h.ReconcileUntilAsync("family", a => Condition(a, ConditionTypes.Ready) == "True");
        await h.ConvergeAsync("family");

        h.Fake.Requests.Clear();
        for (var i = 0; i < 10; i++)
        {
            await h.ReconcileAsync("family");
        }

        Assert.Equal(0, h.Fake.Requests.CountWrites());
        Assert.True(h.Fake.Requests.Records.Count > 0);
    }

    [Fact]
    public async Task CertificateRotation_ReplacesANearExpiryCertificate_AndRollsTheDeployment()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "replicas: 1\n");
        var result = await h.ReconcileAsync("family");
        await h.ConvergeAsync("family");
        var first = h.Fake.Store.Get<V1Secret>(Namespace, "family-tls")!;
        var fingerprintBefore = PodAnnotation(h, Naming.CertificateFingerprintAnnotation);
        var notAfterBefore = (await h.GetAsync("family")).Status!.Certificate!.NotAfter!.Value;
        Assert.NotNull(result.RequeueAfter);

        // Sixty-five days on, thirty days of the ninety-day certificate remain less five: time to renew.
        h.Time.Advance(TimeSpan.FromDays(65));
        await h.ReconcileAsync("family");
        await h.ConvergeAsync("family");

        var second = h.Fake.Store.Get<V1Secret>(Namespace, "family-tls")!;
        Assert.NotEqual(first.Data["tls.crt"], second.Data["tls.crt"]);
        Assert.Equal(first.Data["ca.crt"], second.Data["ca.crt"]);
        Assert.NotEqual(fingerprintBefore, PodAnnotation(h, Naming.CertificateFingerprintAnnotation));
        Assert.True((await h.GetAsync("family")).Status!.Certificate!.NotAfter > notAfterBefore);
        Assert.Contains((await h.Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items, e => e.Reason == "CertificateRotated");
    }

    [Fact]
    public async Task IssuedCertificate_IsSignedByTheCa_AndCoversTheServiceNames()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "tls: {dnsNames: [assistant.home.arpa]}\n");
        await h.ConvergeAsync("family");
        var secret = h.Fake.Store.Get<V1Secret>(Namespace, "family-tls")!;
        Assert.Equal("kubernetes.io/tls", secret.Type);

        using var leaf = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            System.Text.Encoding.ASCII.GetString(secret.Data["tls.crt"]), System.Text.Encoding.ASCII.GetString(secret.Data["tls.key"]));
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(System.Text.Encoding.ASCII.GetString(secret.Data["ca.crt"]));
        using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
        chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = h.Time.GetUtcNow().UtcDateTime;
        Assert.True(chain.Build(leaf), string.Join(", ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(leaf.HasPrivateKey);
        var names = leaf.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
        Assert.Equal(["family", "family.home", "family.home.svc", "family.home.svc.cluster.local", "assistant.home.arpa"], names);
    }

    [Fact]
    public async Task ObjectOfTheSameNameOwnedBySomeoneElse_IsLeftAlone_AndReported()
    {
        await using var h = await StartAsync();
        h.Fake.Store.Create(new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "family-config", NamespaceProperty = Namespace },
            Data = new Dictionary<string, string> { ["mine"] = "do not touch" },
        });
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");

        Assert.Equal("do not touch", h.Fake.Store.Get<V1ConfigMap>(Namespace, "family-config")!.Data["mine"]);
        var degraded = FindCondition(await h.GetAsync("family"), ConditionTypes.Degraded)!;
        Assert.Equal(("True", ConditionReasons.ChildOwnedByOther), (degraded.Status, degraded.Reason));
        Assert.Contains("ConfigMap family-config", degraded.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingAddOns_AreSkippedWithClearConditions_NotAnErrorLoop()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "tls: {mode: CertManager, issuerRef: {name: home-ca}}\n");
        await h.ConvergeAsync("family");

        var ad = await h.GetAsync("family");
        var certificate = FindCondition(ad, ConditionTypes.CertificateReady)!;
        Assert.Equal(("False", ConditionReasons.CertManagerNotInstalled), (certificate.Status, certificate.Reason));
        var monitoring = FindCondition(ad, ConditionTypes.MonitoringReady)!;
        Assert.Equal(("False", ConditionReasons.PrometheusOperatorNotInstalled), (monitoring.Status, monitoring.Reason));
        Assert.NotNull(h.Fake.Store.Get<V1Deployment>(Namespace, "family"));
    }

    [Fact]
    public async Task AddOns_WhenInstalled_GetTheirObjects()
    {
        await using var h = await StartAsync();
        await h.InstallAddOnsAsync();
        await h.CreateAsync("family", "tls: {mode: CertManager, issuerRef: {name: home-ca}}\n");
        await h.ConvergeAsync("family");

        Assert.Single(Children(h, "Certificate"));
        Assert.Single(Children(h, "ServiceMonitor"));
        Assert.Single(Children(h, "PrometheusRule"));
        Assert.Null(h.Fake.Store.Get<V1Secret>(Namespace, "family-ca"));
        Assert.Equal(ConditionReasons.CertificatePending, FindCondition(await h.GetAsync("family"), ConditionTypes.CertificateReady)!.Reason);
    }

    [Fact]
    public async Task ChildrenNoLongerWanted_AreDeleted()
    {
        await using var h = await StartAsync();
        await h.CreateAsync("family", "autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 3}\n");
        await h.ConvergeAsync("family");
        Assert.NotNull(h.Fake.Store.Get<V2HorizontalPodAutoscaler>(Namespace, "family"));
        Assert.NotNull(h.Fake.Store.Get<V1PodDisruptionBudget>(Namespace, "family"));

        await h.UpdateSpecAsync("family", spec =>
        {
            spec.Autoscaling.Enabled = false;
            spec.Network.Policy = false;
            spec.Tls.Mode = Api.TlsMode.Disabled;
        });
        await h.ConvergeAsync("family");

        Assert.Null(h.Fake.Store.Get<V2HorizontalPodAutoscaler>(Namespace, "family"));
        Assert.Null(h.Fake.Store.Get<V1PodDisruptionBudget>(Namespace, "family"));
        Assert.Null(h.Fake.Store.Get<V1NetworkPolicy>(Namespace, "family"));
        Assert.Null(h.Fake.Store.Get<V1Secret>(Namespace, "family-tls"));
        Assert.Equal(1, h.Fake.Store.Get<V1Deployment>(Namespace, "family")!.Spec.Replicas);
    }

    private static string PodAnnotation(ReconcilerHarness h, string annotation) =>
        h.Fake.Store.Get<V1Deployment>(Namespace, "family")!.Spec.Template.Metadata.Annotations[annotation];

    private static IEnumerable<ObjectMetadata> Children(ReconcilerHarness h, string kind) =>
        h.Fake.Store.List(KubernetesKind.Children.Single(k => k.Kind == kind).ApiVersion, kind, Namespace)
            .Select(ObjectMetadata.Of);

    [Fact]
    public async Task ReplicaBounds_AreExported_PerAssistant_AndForgottenOnDelete()
    {
        await using var h = await StartAsync();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var reconciler = new AssistantReconciler(h.OperatorApi, h.Settings, h.Time, NullLogger<AssistantReconciler>.Instance, new AssistantMetrics(registry));
        await h.CreateAsync("family", "autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 5}\n");
        await h.Fake.Controllers.EnableHorizontalPodAutoscalingAsync(replicas: 3);
        await reconciler.ReconcileAsync(new ResourceKey(Namespace, "family"), caches: null, default);
        await reconciler.ReconcileAsync(new ResourceKey(Namespace, "family"), caches: null, default);

        var text = await Scrape(registry);
        Assert.Contains("nas_assistant_operator_assistant_replicas{assistant_namespace=\"home\",assistant=\"family\",bound=\"min\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("nas_assistant_operator_assistant_replicas{assistant_namespace=\"home\",assistant=\"family\",bound=\"max\"} 5", text, StringComparison.Ordinal);
        Assert.Contains("nas_assistant_operator_assistant_replicas{assistant_namespace=\"home\",assistant=\"family\",bound=\"desired\"} 3", text, StringComparison.Ordinal);

        await h.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("nasassistant.io", "v1alpha1", Namespace, "assistantdeployments", "family");
        await reconciler.ReconcileAsync(new ResourceKey(Namespace, "family"), caches: null, default);
        Assert.DoesNotContain("assistant=\"family\"", await Scrape(registry), StringComparison.Ordinal);
    }

    private static async Task<string> Scrape(Prometheus.CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
