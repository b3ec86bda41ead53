using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class CrudTests : FakeKubeTest
{
    private static V1ConfigMap ConfigMap(string name, string value = "1", IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    [Fact]
    public async Task Create_Get_Update_Delete_RoundTrip()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        Assert.Equal("default", created.Metadata.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(1, created.Metadata.Generation);

        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        Assert.Equal("1", read.Data["key"]);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);

        read.Data["key"] = "2";
        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(read, "settings", "default");
        Assert.Equal("2", updated.Data["key"]);
        Assert.True(long.Parse(updated.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        Assert.Single(list.Items);
        Assert.True(long.Parse(list.Metadata.ResourceVersion) >= long.Parse(updated.Metadata.ResourceVersion));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(missing.Response.Content);
        Assert.Equal("configmaps \"settings\" not found", status.Message);
        Assert.Equal("NotFound", status.Reason);
    }

    [Fact]
    public async Task Replace_WithStaleResourceVersion_Is409Conflict()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        var first = await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        first.Data["key"] = "from-first";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(first, "settings", "default");

        created.Data["key"] = "from-stale";
        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "settings", "default"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("\"reason\":\"Conflict\"", conflict.Response.Content, StringComparison.Ordinal);
        Assert.Equal("from-first", (await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default")).Data["key"]);
    }

    [Fact]
    public async Task Create_ExistingName_Is409AlreadyExists()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default"));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains("\"reason\":\"AlreadyExists\"", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithGenerateName_GetsUniqueName()
    {
        var template = new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "cfg-" } };
        var a = await Client.CoreV1.CreateNamespacedConfigMapAsync(template, "default");
        var b = await Client.CoreV1.CreateNamespacedConfigMapAsync(template, "default");
        Assert.StartsWith("cfg-", a.Metadata.Name, StringComparison.Ordinal);
        Assert.NotEqual(a.Metadata.Name, b.Metadata.Name);
    }

    [Fact]
    public async Task Generation_BumpsOnSpecChange_NotOnMetadataOrStatus()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("web", replicas: 2), "default");
        Assert.Equal(1, created.Metadata.Generation);

        created.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };
        var relabelled = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", "default");
        Assert.Equal(1, relabelled.Metadata.Generation);

        relabelled.Status = new V1DeploymentStatus { Replicas = 2, ObservedGeneration = 1 };
        var statusUpdated = await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(relabelled, "web", "default");
        Assert.Equal(1, statusUpdated.Metadata.Generation);

        statusUpdated.Spec.Template.Spec.Containers[0].Image = "runtime:2";
        var specChanged = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(statusUpdated, "web", "default");
        Assert.Equal(2, specChanged.Metadata.Generation);

        var patched = await Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}", V1Patch.PatchType.MergePatch), "web", "default");
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task Generation_OfConfigMap_FollowsData()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        created.Metadata.Annotations = new Dictionary<string, string> { ["note"] = "x" };
        var annotated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "settings", "default");
        Assert.Equal(1, annotated.Metadata.Generation);
        annotated.Data["key"] = "changed";
        var changed = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(annotated, "settings", "default");
        Assert.Equal(2, changed.Metadata.Generation);
    }

    [Fact]
    public async Task NoOpUpdate_KeepsResourceVersion()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        var same = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "settings", "default");
        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task StatusSubresource_IsIsolatedFromMainResource()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("web", replicas: 2), "default");

        // Status in a main-resource update is ignored ...
        created.Status = new V1DeploymentStatus { ReadyReplicas = 5 };
        created.Spec.Replicas = 3;
        var updated = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", "default");
        Assert.Equal(3, updated.Spec.Replicas);
        Assert.Null(updated.Status?.ReadyReplicas);

        // ... and a status update ignores everything else.
        updated.Status = new V1DeploymentStatus { ReadyReplicas = 3, Replicas = 3 };
        updated.Spec.Replicas = 7;
        updated.Metadata.Labels = new Dictionary<string, string> { ["ignored"] = "yes" };
        var statusWritten = await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(updated, "web", "default");
        Assert.Equal(3, statusWritten.Status.ReadyReplicas);
        Assert.Equal(3, statusWritten.Spec.Replicas);
        Assert.Null(statusWritten.Metadata.Labels);

        var statusPatched = await Client.AppsV1.PatchNamespacedDeploymentStatusAsync(
            new V1Patch("{\"status\":{\"availableReplicas\":3},\"spec\":{\"replicas\":9}}", V1Patch.PatchType.MergePatch), "web", "default");
        Assert.Equal(3, statusPatched.Status.AvailableReplicas);
        Assert.Equal(3, statusPatched.Spec.Replicas);
    }

    [Fact]
    public async Task StatusUpdate_WithStaleResourceVersion_Is409()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("web", replicas: 2), "default");
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "web", "default");
        created.Status = new V1DeploymentStatus { Replicas = 1 };
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "web", "default"));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task ScaleSubresource_ReadsAndWritesReplicas()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(ValidObjects.Deployment("web", replicas: 2), "default");
        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "default");
        Assert.Equal(2, scale.Spec.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);

        scale.Spec.Replicas = 5;
        var written = await Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", "default");
        Assert.Equal(5, written.Spec.Replicas);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default");
        Assert.Equal(5, deployment.Spec.Replicas);
        Assert.Equal(2, deployment.Metadata.Generation);

        await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":1}}", V1Patch.PatchType.MergePatch), "web", "default");
        Assert.Equal(1, (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default")).Spec.Replicas);

        // A Scale read before the last write is stale.
        scale.Spec.Replicas = 9;
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", "default"));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
    }

    [Fact]
    public async Task Patch_JsonPatch_AndStrategicMerge_Apply()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        var jsonPatched = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("[{\"op\":\"add\",\"path\":\"/data/extra\",\"value\":\"x\"},{\"op\":\"replace\",\"path\":\"/data/key\",\"value\":\"y\"}]", V1Patch.PatchType.JsonPatch),
            "settings", "default");
        Assert.Equal("x", jsonPatched.Data["extra"]);
        Assert.Equal("y", jsonPatched.Data["key"]);

        var failedTest = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("[{\"op\":\"test\",\"path\":\"/data/key\",\"value\":\"nope\"}]", V1Patch.PatchType.JsonPatch), "settings", "default"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failedTest.Response.StatusCode);

        var strategic = await Client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("{\"data\":{\"extra\":null,\"more\":\"z\"}}", V1Patch.PatchType.StrategicMergePatch), "settings", "default");
        Assert.False(strategic.Data.ContainsKey("extra"));
        Assert.Equal("z", strategic.Data["more"]);
    }

    [Fact]
    public async Task Patch_WithStaleResourceVersion_Is409()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("settings"), "default");
        await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("{\"data\":{\"key\":\"2\"}}", V1Patch.PatchType.MergePatch), "settings", "default");
        var patch = $"{{\"metadata\":{{\"resourceVersion\":\"{created.Metadata.ResourceVersion}\"}},\"data\":{{\"key\":\"3\"}}}}";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "settings", "default"));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task Update_OfMissingObject_Is404()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("ghost"), "ghost", "default"));
        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
    }

    [Fact]
    public async Task Create_WithMismatchedNamespace_Is400()
    {
        var cm = ConfigMap("settings");
        cm.Metadata.NamespaceProperty = "other";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(cm, "default"));
        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
    }

    [Fact]
    public async Task List_AcrossNamespaces_AndWithFieldSelector()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default");
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "kube-system");
        var all = await Client.CoreV1.ListConfigMapForAllNamespacesAsync();
        Assert.Equal(["a", "b"], all.Items.Select(i => i.Metadata.Name).Order().ToArray());

        var byName = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.name=b");
        Assert.Equal("kube-system", Assert.Single(byName.Items).Metadata.NamespaceProperty);
        var notDefault = await Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.namespace!=default");
        Assert.Equal("b", Assert.Single(notDefault.Items).Metadata.Name);
    }

    [Fact]
    public async Task List_PagesWithLimitAndContinue()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm-{i}"), "default");
        }

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = await Client.CoreV1.ListNamespacedConfigMapAsync("default", limit: 2, continueParameter: token);
            Assert.True(page.Items.Count <= 2);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
        }
        while (!string.IsNullOrEmpty(token));
        Assert.Equal(["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"], names);
    }

    [Fact]
    public async Task Service_GetsClusterIp_ThatSurvivesUpdates()
    {
        var service = new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "http", Port = 5000 }] },
        };
        var created = await Client.CoreV1.CreateNamespacedServiceAsync(service, "default");
        Assert.False(string.IsNullOrEmpty(created.Spec.ClusterIP));
        Assert.Equal("TCP", created.Spec.Ports[0].Protocol);

        service.Metadata.ResourceVersion = created.Metadata.ResourceVersion;
        service.Spec.Ports[0].Port = 5001;
        var updated = await Client.CoreV1.ReplaceNamespacedServiceAsync(service, "web", "default");
        Assert.Equal(created.Spec.ClusterIP, updated.Spec.ClusterIP);
    }

    [Fact]
    public async Task Discovery_ListsBuiltInGroups()
    {
        var groups = await Client.Apis.GetAPIVersionsAsync();
        Assert.Contains(groups.Groups, g => g.Name == "apps");
        var apps = await Client.AppsV1.GetAPIResourcesAsync();
        Assert.Contains(apps.Resources, r => r.Name == "deployments/scale");
    }

    [Fact]
    public async Task StoreAccess_SeedsAndMutatesWithoutHttp()
    {
        Fake.Store.Create(ConfigMap("seeded"));
        var viaApi = await Client.CoreV1.ReadNamespacedConfigMapAsync("seeded", "default");
        Assert.Equal("1", viaApi.Data["key"]);

        Fake.Store.Update<V1ConfigMap>("default", "seeded", cm => cm.Data["key"] = "mutated");
        Assert.Equal("mutated", Fake.Store.Get<V1ConfigMap>("default", "seeded")!.Data["key"]);
        Assert.Equal(0, Fake.Requests.CountWrites());
        Assert.Equal(1, Fake.Requests.Count("get", "configmaps"));
    }

    [Fact]
    public async Task MalformedBody_Is400_NotAServerError()
    {
        using var http = new HttpClient();
        using var content = new StringContent("{\"metadata\":{\"name\":\"a\",\"finalizers\":[1]}}", System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"{Fake.Url}/api/v1/namespaces/default/configmaps", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var notJson = new StringContent("{", System.Text.Encoding.UTF8, "application/json");
        using var second = await http.PostAsync($"{Fake.Url}/api/v1/namespaces/default/configmaps", notJson);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
    }
}
