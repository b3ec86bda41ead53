using System.Text.Json.Nodes;
using k8s;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Diagnostics;
using NasAssistant.FakeKube.Faults;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Hosting;
using NasAssistant.Operator.Reconciliation;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Tests.Reconciliation;
using Prometheus;

namespace NasAssistant.Operator.Tests.Controller;

/// <summary>
/// Runs the real operator (host, controller, leader election, reconciler) against the fake API
/// server through an assistant's whole life and compares the requests it sent with
/// <see cref="OperatorPermissions"/>, which the Helm chart's RBAC must equal.
/// </summary>
public sealed class OperatorPermissionsTests
{
    private const string LeaseNamespace = "nas-system";

    // The test's own requests carry a marker the operator never sends, so they can be told apart.
    private const string TestFieldManager = "permissions-test";

    private static bool IsTestRequest(RequestRecord r) =>
        r.Query.Contains("pretty=true", StringComparison.Ordinal)
        || r.Query.Contains("fieldManager=" + TestFieldManager, StringComparison.Ordinal)
        || r.Query.Contains("gracePeriodSeconds=0", StringComparison.Ordinal);

    [Fact]
    public void Permissions_ListEachResourceOnce_WithKnownVerbs()
    {
        string[] verbs = ["get", "list", "watch", "create", "update", "patch", "delete"];
        Assert.Equal(OperatorPermissions.All.Count, OperatorPermissions.All.Select(p => (p.Group, p.Resource)).Distinct().Count());
        Assert.All(OperatorPermissions.All, p => Assert.Subset(verbs.ToHashSet(), p.Verbs.ToHashSet()));
        Assert.All(OperatorPermissions.All, p => Assert.Equal(p.Verbs.Count, p.Verbs.Distinct().Count()));
    }

    [Fact]
    public async Task OperatorRequests_ThroughCreateUpdateDeleteAndLeaderElection_AreExactlyTheDeclaredPermissions()
    {
        await using var harness = await ReconcilerHarness.StartAsync();
        await harness.InstallAddOnsAsync();
        var client = harness.Client;
        await client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = LeaseNamespace } }, fieldManager: TestFieldManager);
        var kubeconfig = Support.TestKubeconfig.Write(harness.Fake.Url);
        try
        {
            var options = RunOptionsParser.Parse(
            [
                "--kubeconfig", kubeconfig, "--metrics-port", "0", "--metrics-bind-address", "127.0.0.1", "--workers", "2",
                "--log-level", "warning", "--leader-election", "--lease-namespace", LeaseNamespace,
            ], out var error);
            Assert.Null(error);
            await using var host = OperatorHost.Create(options!, KubernetesConnection.Configure(options!), (c, settings, time, loggers) =>
                new AssistantReconciler(c, settings, time, loggers.CreateLogger<AssistantReconciler>()), Metrics.NewCustomRegistry());
            using var stop = new CancellationTokenSource();
            var running = host.RunAsync(stop.Token);
            await host.Started.WaitAsync(TimeSpan.FromSeconds(20));

            // Its first writes of the resource conflict, as on an out-of-date cached copy: the operator then
            // reads it live (get), which otherwise happens only when a race makes a write conflict.
            harness.Fake.Faults.AddErrorRule(new FaultRule { Rate = 1, StatusCodes = [409], Verbs = ["update"], Resources = ["assistantdeployments"] });

            // Create: every kind of child, self-signed TLS (two Secrets), PDB (two pods at least), add-ons,
            // and INT8 quantization (the pods are listed for the quantize step's digest).
            await CreateAsync(client, """
                apiVersion: nasassistant.io/v1alpha1
                kind: AssistantDeployment
                metadata: {name: family, namespace: home}
                spec:
                  model: {quantization: Int8}
                  autoscaling: {enabled: true, minReplicas: 2, maxReplicas: 3}
                  storage: {retainOnDelete: false}
                  tls: {mode: SelfSigned}
                """);
            await Eventually.TrueAsync(
                () => harness.Fake.Requests.Records.Any(r => r is { Verb: "get", Resource: "assistantdeployments" } && !IsTestRequest(r)),
                "a live read of the resource after a conflict",
                TimeSpan.FromSeconds(30));
            harness.Fake.Faults.Reset();
            await WaitForAsync(client, "apps", "v1", "deployments", "family");
            await WaitForAsync(client, "autoscaling", "v2", "horizontalpodautoscalers", "family");
            await WaitForAsync(client, "policy", "v1", "poddisruptionbudgets", "family");
            await WaitForAsync(client, "networking.k8s.io", "v1", "networkpolicies", "family");
            await WaitForAsync(client, "monitoring.coreos.com", "v1", "prometheusrules", "family");
            await WaitForAsync(client, "", "v1", "secrets", "family-tls");

            // Drift: a child edited by hand is written back, for every kind that is updated in place.
            foreach (var (group, version, plural, name) in new[]
            {
                ("", "v1", "persistentvolumeclaims", "family-models"),
                ("networking.k8s.io", "v1", "networkpolicies", "family"), ("autoscaling", "v2", "horizontalpodautoscalers", "family"),
                ("policy", "v1", "poddisruptionbudgets", "family"), ("monitoring.coreos.com", "v1", "servicemonitors", "family"),
                ("monitoring.coreos.com", "v1", "prometheusrules", "family"),
            })
            {
                await EditAndWaitForRestoreAsync(client, group, version, plural, name);
            }

            // Update: a larger sessions volume makes the operator read the claim's StorageClass, to know
            // whether it may grow; then the size goes back.
            await ChangeSpecAsync(client, spec => spec["storage"] = new JsonObject { ["retainOnDelete"] = false, ["sessions"] = new JsonObject { ["size"] = "6Gi" } });
            await Eventually.TrueAsync(
                async () => (await FindAsync(client, AssistantDeployment.Group, AssistantDeployment.Version, AssistantDeployment.Plural, "family"))?["status"]?["conditions"]?.AsArray()
                    .Any(c => c?["type"]?.GetValue<string>() == "Degraded" && c["reason"]?.GetValue<string>() is "VolumeNotBound" or "VolumeExpansionUnsupported") == true,
                "the held-back resize reported",
                TimeSpan.FromSeconds(30));
            await ChangeSpecAsync(client, spec => spec["storage"] = new JsonObject { ["retainOnDelete"] = false });

            // A Deployment left with another selector (by an older operator) is deleted and created again.
            var deployment = harness.Fake.Store.Get<k8s.Models.V1Deployment>(ReconcilerHarness.Namespace, "family")!;
            harness.Fake.Store.Delete<k8s.Models.V1Deployment>(ReconcilerHarness.Namespace, "family");
            deployment.Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = "family", NamespaceProperty = ReconcilerHarness.Namespace, Labels = deployment.Metadata.Labels,
                OwnerReferences = deployment.Metadata.OwnerReferences,
            };
            deployment.Spec.Selector.MatchLabels = new Dictionary<string, string> { ["app"] = "family" };
            deployment.Spec.Template.Metadata.Labels["app"] = "family";
            deployment.Status = null;
            harness.Fake.Store.Create(deployment);
            await Eventually.TrueAsync(
                () => harness.Fake.Store.Get<k8s.Models.V1Deployment>(ReconcilerHarness.Namespace, "family")?.Spec.Selector.MatchLabels.ContainsKey("app") == false,
                "the Deployment recreated with the operator's selector",
                TimeSpan.FromSeconds(30));

            // Update: a new DNS name makes the operator reissue the serving certificate in its Secret.
            await ChangeSpecAsync(client, spec => spec["tls"] = new JsonObject { ["mode"] = "SelfSigned", ["dnsNames"] = new JsonArray("assistant.home.arpa") });
            await Eventually.TrueAsync(
                async () => (await FindAsync(client, "", "v1", "secrets", "family-tls"))?["metadata"]?["annotations"]?.AsObject()
                    .Any(a => a.Value?.GetValue<string>().Contains("assistant.home.arpa", StringComparison.Ordinal) == true) == true,
                "the certificate reissued for the new name",
                TimeSpan.FromSeconds(30));

            // Update: cert-manager TLS replaces the operator's Secrets with a Certificate.
            await ChangeSpecAsync(client, spec => spec["tls"] = new JsonObject
            {
                ["mode"] = "CertManager",
                ["issuerRef"] = new JsonObject { ["name"] = "home-ca", ["kind"] = "ClusterIssuer" },
            });
            await WaitForAsync(client, "cert-manager.io", "v1", "certificates", "family");
            await WaitForAsync(client, "", "v1", "secrets", "family-tls", present: false);
            await EditAndWaitForRestoreAsync(client, "cert-manager.io", "v1", "certificates", "family");

            // Update: a Telegram channel by webhook brings the gateway, its Service, key and RBAC; without channels all go again.
            await ChangeSpecAsync(client, spec => spec["channels"] = new JsonArray(new JsonObject
            {
                ["name"] = "family",
                ["allowedUsers"] = new JsonArray("123456789"),
                ["telegram"] = new JsonObject
                {
                    ["tokenSecretRef"] = new JsonObject { ["name"] = "telegram", ["key"] = "token" },
                    ["webhook"] = new JsonObject
                    {
                        ["url"] = "https://bot.example.org/webhooks/family",
                        ["secretTokenSecretRef"] = new JsonObject { ["name"] = "telegram", ["key"] = "webhook" },
                    },
                },
            }));
            await WaitForAsync(client, "rbac.authorization.k8s.io", "v1", "rolebindings", "family-gateway");
            await WaitForAsync(client, "", "v1", "services", "family-gateway");
            await ChangeSpecAsync(client, spec => spec.Remove("channels"));
            await WaitForAsync(client, "rbac.authorization.k8s.io", "v1", "roles", "family-gateway", present: false);
            await WaitForAsync(client, "", "v1", "serviceaccounts", "family-gateway", present: false);
            await WaitForAsync(client, "", "v1", "services", "family-gateway", present: false);
            await WaitForAsync(client, "", "v1", "configmaps", "family-gateway-status", present: false);

            // Update: everything optional switched off is deleted.
            await ChangeSpecAsync(client, spec =>
            {
                spec["tls"] = new JsonObject { ["mode"] = "Disabled" };
                spec["autoscaling"] = new JsonObject { ["enabled"] = false };
                spec["network"] = new JsonObject { ["policy"] = false };
                spec["monitoring"] = new JsonObject { ["serviceMonitor"] = false, ["prometheusRule"] = false };
            });
            await WaitForAsync(client, "cert-manager.io", "v1", "certificates", "family", present: false);
            await WaitForAsync(client, "autoscaling", "v2", "horizontalpodautoscalers", "family", present: false);
            await WaitForAsync(client, "monitoring.coreos.com", "v1", "servicemonitors", "family", present: false);

            // Delete: the finalizer deletes the volumes (retainOnDelete false), then lets the resource go.
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                AssistantDeployment.Group, AssistantDeployment.Version, ReconcilerHarness.Namespace, AssistantDeployment.Plural, "family", gracePeriodSeconds: 0);
            await WaitForAsync(client, AssistantDeployment.Group, AssistantDeployment.Version, AssistantDeployment.Plural, "family", present: false);
            await WaitForAsync(client, "", "v1", "persistentvolumeclaims", "family-sessions", present: false);

            // Leader election renews its Lease.
            await Eventually.TrueAsync(() => harness.Fake.Requests.Count("update", "leases") > 0, "a lease renewal", TimeSpan.FromSeconds(30));
            await stop.CancelAsync();
            await running;
        }
        finally
        {
            File.Delete(kubeconfig);
        }

        var records = harness.Fake.Requests.Records;
        Assert.Contains(records, IsTestRequest);
        var operatorRequests = records
            .Where(r => !IsTestRequest(r) && r.Resource is not null && r.Verb != "discovery")
            .Where(r => r.Resource != "customresourcedefinitions" || r.Verb != "create") // the harness installs the CRDs
            .Select(r => (r.Verb, Group: r.Group ?? string.Empty, Resource: r.Subresource is null ? r.Resource! : $"{r.Resource}/{r.Subresource}", r.Name))
            .ToList();

        // Nothing the operator sent falls outside the declared list ...
        var undeclared = operatorRequests.Where(r => !OperatorPermissions.Allows(r.Verb, r.Group, r.Resource, r.Name)).Distinct().ToList();
        Assert.True(undeclared.Count == 0, "requests not in OperatorPermissions: " + string.Join(", ", undeclared));

        // ... and the list grants nothing the operator did not use, except the finalizers subresource,
        // which only an admission plugin checks (the fake has none).
        var used = operatorRequests.Select(r => (r.Verb, r.Group, r.Resource)).ToHashSet();
        var unused = OperatorPermissions.All
            .Where(p => p.Resource != AssistantDeployment.Plural + "/finalizers")
            .SelectMany(p => p.Verbs.Select(v => (Verb: v, p.Group, p.Resource)))
            .Where(grant => !used.Contains(grant))
            .ToList();
        Assert.True(unused.Count == 0, "declared but never used: " + string.Join(", ", unused));
    }

    private static async Task CreateAsync(IKubernetes client, string yaml)
    {
        var body = YamlDocuments.Parse(yaml).Single()!;
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(
            body, AssistantDeployment.Group, AssistantDeployment.Version, ReconcilerHarness.Namespace, AssistantDeployment.Plural, fieldManager: TestFieldManager);
    }

    private static async Task ChangeSpecAsync(IKubernetes client, Action<JsonObject> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(
                AssistantDeployment.Group, AssistantDeployment.Version, ReconcilerHarness.Namespace, AssistantDeployment.Plural, pretty: true);
            var ad = (JsonObject)list["items"]!.AsArray().Single(item => item!["metadata"]!["name"]!.GetValue<string>() == "family")!.DeepClone();
            ad["apiVersion"] = AssistantDeployment.GroupVersion;
            ad["kind"] = AssistantDeployment.KindName;
            change((JsonObject)ad["spec"]!);
            try
            {
                await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(
                    ad, AssistantDeployment.Group, AssistantDeployment.Version, ReconcilerHarness.Namespace, AssistantDeployment.Plural, "family", fieldManager: TestFieldManager);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < 10)
            {
                // The operator wrote status or its finalizer in between: read again.
            }
        }
    }

    // Sets the operator's managed-by label to another value and waits until the operator restores it.
    private static async Task EditAndWaitForRestoreAsync(IKubernetes client, string group, string version, string plural, string name)
    {
        for (var attempt = 1; ; attempt++)
        {
            var child = await FindAsync(client, group, version, plural, name) ?? throw new InvalidOperationException($"{plural}/{name} is missing");
            child["apiVersion"] = group.Length == 0 ? version : $"{group}/{version}";
            child["kind"] = NasAssistant.Operator.Resources.KubernetesKind.Children.Single(k => k.Plural == plural).Kind;
            child["metadata"]!["labels"]![NasAssistant.Operator.Resources.Naming.ManagedByLabel] = "someone-else";
            try
            {
                await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(child, group, version, ReconcilerHarness.Namespace, plural, name, fieldManager: TestFieldManager);
                break;
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < 10)
            {
            }
        }

        await Eventually.TrueAsync(
            async () => (await FindAsync(client, group, version, plural, name))?["metadata"]?["labels"]?[NasAssistant.Operator.Resources.Naming.ManagedByLabel]?.GetValue<string>() == NasAssistant.Operator.Resources.Naming.ManagedBy,
            $"{plural}/{name} restored",
            TimeSpan.FromSeconds(30));
    }

    private static async Task<JsonObject?> FindAsync(IKubernetes client, string group, string version, string plural, string name)
    {
        var list = await client.CustomObjects.ListNamespacedCustomObjectAsync<JsonObject>(group, version, ReconcilerHarness.Namespace, plural, pretty: true);
        return list["items"]!.AsArray().FirstOrDefault(item => item!["metadata"]!["name"]!.GetValue<string>() == name)?.DeepClone() as JsonObject;
    }

    private static Task WaitForAsync(IKubernetes client, string group, string version, string plural, string name, bool present = true) =>
        Eventually.TrueAsync(
            async () =>
            {
                var found = await FindAsync(client, group, version, plural, name) is not null;
                return found == present;
            },
            $"{plural}/{name} {(present ? "created" : "deleted")}",
            TimeSpan.FromSeconds(30));
}
