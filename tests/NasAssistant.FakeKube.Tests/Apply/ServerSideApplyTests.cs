using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Apply;

/// <summary>Server-side apply through the real KubernetesClient, as controllers and kubectl --server-side use it.</summary>
public sealed class ServerSideApplyTests : FakeKubeTest
{
    [Fact]
    public async Task CreatesAMissingObject_OwnedByTheApplier()
    {
        var created = await ApplyAsync(Deployment(replicas: 2), "deployer");

        Assert.Equal(2, created.Spec.Replicas);
        var entry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal("deployer", entry.Manager);
        Assert.Equal("Apply", entry.Operation);
        Assert.Equal("apps/v1", entry.ApiVersion);
        Assert.Equal("FieldsV1", entry.FieldsType);
        Assert.NotNull(entry.Time);
        Assert.Null(entry.Subresource);
        var expected = JsonNode.Parse("""
            {"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:selector":{},
               "f:template":{"f:metadata":{"f:labels":{"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:env":{"k:{\"name\":\"MODE\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:name":{},
                   "f:ports":{"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{}}}}}}}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, FieldsV1(entry)), FieldsV1(entry)!.ToJsonString());
    }

    [Fact]
    public async Task RemovesAFieldTheApplierStopsApplying()
    {
        await ApplyAsync(Deployment(replicas: 2, env: true, label: "team"), "deployer");

        var updated = await ApplyAsync(Deployment(replicas: 2, env: false), "deployer");

        Assert.Null(Assert.Single(updated.Spec.Template.Spec.Containers).Env);
        Assert.False(updated.Metadata.Labels.ContainsKey("team"));
    }

    [Fact]
    public async Task KeepsWhatAnotherManagerOwns_WithoutConflict()
    {
        await ApplyAsync(Deployment(replicas: 2), "deployer");
        await ApplyAsync("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","annotations":{"owner":"ops"}}}""", "ops-tool");

        var updated = await ApplyAsync(Deployment(replicas: 3), "deployer");

        Assert.Equal("ops", updated.Metadata.Annotations["owner"]);
        Assert.Equal(3, updated.Spec.Replicas);
        Assert.Equal(["deployer", "ops-tool"], updated.Metadata.ManagedFields.Select(m => m.Manager).Order());
    }

    [Fact]
    public async Task ConflictingApply_Is409WithOneCausePerField()
    {
        await ApplyAsync(Deployment(replicas: 2), "deployer");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(Deployment(replicas: 5, image: "app:2"), "other"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Apply failed with 2 conflicts: conflicts with \"deployer\":\n- .spec.replicas\n- .spec.template.spec.containers[name=\"app\"].image", status.Message);
        Assert.Equal(
            [("FieldManagerConflict", "conflict with \"deployer\"", ".spec.replicas"), ("FieldManagerConflict", "conflict with \"deployer\"", ".spec.template.spec.containers[name=\"app\"].image")],
            status.Details.Causes.Select(c => (c.Reason, c.Message, c.Field)));
    }

    [Fact]
    public async Task ConflictWithAnUpdater_NamesItsApiVersion()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(Deployment(replicas: 2)), "default", fieldManager: "creator");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(Deployment(replicas: 4), "deployer"));

        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"creator\" using apps/v1: .spec.replicas", status.Message);
    }

    [Fact]
    public async Task ForcedApply_TakesOwnership()
    {
        await ApplyAsync(Deployment(replicas: 2), "deployer");

        var forced = await ApplyAsync(Deployment(replicas: 5), "other", force: true);

        Assert.Equal(5, forced.Spec.Replicas);
        var deployer = forced.Metadata.ManagedFields.Single(m => m.Manager == "deployer");
        Assert.Null(FieldsV1(deployer)!["f:spec"]!["f:replicas"]);
        Assert.NotNull(FieldsV1(forced.Metadata.ManagedFields.Single(m => m.Manager == "other"))!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public async Task SameValueFromTwoAppliers_IsSharedAndOutlivesOneOfThem()
    {
        await ApplyAsync(Deployment(replicas: 2), "deployer");
        await ApplyAsync(Deployment(replicas: 2), "other");

        var updated = await ApplyAsync(Deployment(replicas: null), "deployer");

        Assert.Equal(2, updated.Spec.Replicas);
        Assert.NotNull(FieldsV1(updated.Metadata.ManagedFields.Single(m => m.Manager == "other"))!["f:spec"]!["f:replicas"]);
    }

    [Fact]
    public async Task AssociativeLists_MergeByKey()
    {
        await ApplyAsync(Deployment(replicas: 1), "deployer");
        var sidecar = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"sidecar:1","ports":[{"containerPort":9090}]}]}}}}
            """;

        var merged = await ApplyAsync(sidecar, "mesh");

        Assert.Equal(["app", "sidecar"], merged.Spec.Template.Spec.Containers.Select(c => c.Name));
        var removed = await ApplyAsync("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"}}""", "mesh");
        Assert.Equal(["app"], removed.Spec.Template.Spec.Containers.Select(c => c.Name));
    }

    [Fact]
    public async Task ReplicasSetThroughTheScaleSubresource_StayWhenTheApplierDropsThem()
    {
        await ApplyAsync(Deployment(replicas: 1), "deployer");
        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "default");
        scale.Spec.Replicas = 5;
        await Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", "default", fieldManager: "horizontal-pod-autoscaler");

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(Deployment(replicas: 1), "deployer"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"horizontal-pod-autoscaler\" with subresource \"scale\" using apps/v1: .spec.replicas",
            KubernetesJson.Deserialize<V1Status>(conflict.Response.Content).Message);

        var applied = await ApplyAsync(Deployment(replicas: null), "deployer");
        Assert.Equal(5, applied.Spec.Replicas);
        var autoscaler = applied.Metadata.ManagedFields.Single(m => m.Manager == "horizontal-pod-autoscaler");
        Assert.Equal(("Update", "scale", "apps/v1"), (autoscaler.Operation, autoscaler.Subresource, autoscaler.ApiVersion));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:spec":{"f:replicas":{}}}"""), FieldsV1(autoscaler)));
    }

    [Fact]
    public async Task SimulatedAutoscaler_OwnsReplicasLikeKubeControllerManager()
    {
        await ApplyAsync(Deployment(replicas: 1), "deployer");
        await Client.AutoscalingV2.CreateNamespacedHorizontalPodAutoscalerAsync(new V2HorizontalPodAutoscaler
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                MaxReplicas = 5,
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "web" },
            },
        }, "default");

        await Fake.Controllers.EnableHorizontalPodAutoscalingAsync(3);
        var scaled = await Eventually.ValueAsync(() => Client.AppsV1.ReadNamespacedDeploymentAsync("web", "default"), d => d.Spec.Replicas == 3, "the autoscaler to scale to 3");

        var entry = scaled.Metadata.ManagedFields.Single(m => m.Manager == "kube-controller-manager");
        Assert.Equal(("Update", "scale"), (entry.Operation, entry.Subresource));
        var applied = await ApplyAsync(Deployment(replicas: null), "deployer");
        Assert.Equal(3, applied.Spec.Replicas);
    }

    [Fact]
    public async Task ExistingFieldsBeforeTheFirstApply_BelongToBeforeFirstApply()
    {
        Fake.Store.Create(KubernetesJson.Deserialize<V1Deployment>(Deployment(replicas: 2)));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync(Deployment(replicas: 3), "deployer"));

        Assert.Contains("conflict with \"before-first-apply\" using apps/v1: .spec.replicas", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoOpApply_KeepsTheResourceVersion()
    {
        var first = await ApplyAsync(Deployment(replicas: 2), "deployer");
        Fake.Requests.Clear();

        var second = await ApplyAsync(Deployment(replicas: 2), "deployer");

        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
        Assert.Equal(1, Fake.Requests.Count("patch", "deployments"));
    }

    [Fact]
    public async Task Apply_WithoutFieldManager_IsInvalid()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch(Deployment(replicas: 1), V1Patch.PatchType.ApplyPatch), "web", "default"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.Response.StatusCode);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch",
            KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message);
    }

    [Fact]
    public async Task Apply_OfAnUndeclaredField_Fails()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            ApplyAsync("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicaz":1}}""", "deployer"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.Response.StatusCode);
        Assert.Equal("failed to create typed patch object (/web; apps/v1, Kind=Deployment): .spec.replicaz: field not declared in schema",
            KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message);
    }

    [Fact]
    public async Task Apply_OfAnotherKind_IsABadRequest()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            ApplyAsync("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"web"}}""", "deployer"));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Equal("invalid object type: /v1, Kind=ConfigMap", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Message);
    }

    [Fact]
    public async Task YamlBodies_AreApplied()
    {
        var yaml = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
            data:
              enabled: "yes"
            """;

        using var http = new HttpClient();
        using var content = new StringContent(yaml);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
        using var response = await http.PatchAsync(new Uri(Fake.Url + "/api/v1/namespaces/default/configmaps/settings?fieldManager=deployer"), content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var applied = KubernetesJson.Deserialize<V1ConfigMap>(await response.Content.ReadAsStringAsync());
        Assert.Equal("yes", applied.Data["enabled"]);
    }

    [Fact]
    public async Task RepeatedKeys_AreWarnedAbout_OrRefusedWhenStrict()
    {
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"1\"\n  a: \"2\"\n";
        using var http = new HttpClient();

        using var strict = await PatchYamlAsync(http, yaml, "fieldValidation=Strict");
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        Assert.Equal("error strict decoding YAML: yaml: unmarshal errors:\n  line 7: key \"a\" already set in map",
            KubernetesJson.Deserialize<V1Status>(await strict.Content.ReadAsStringAsync()).Message);
        Assert.Null(Fake.Store.Get<V1ConfigMap>("default", "settings"));

        using var warned = await PatchYamlAsync(http, yaml, "fieldValidation=Warn");
        Assert.Equal(HttpStatusCode.Created, warned.StatusCode);
        Assert.Contains("already set in map", string.Join(" ", warned.Headers.GetValues("Warning")), StringComparison.Ordinal);
        Assert.Equal("2", Fake.Store.Get<V1ConfigMap>("default", "settings")!.Data["a"]);
    }

    private async Task<HttpResponseMessage> PatchYamlAsync(HttpClient http, string yaml, string query)
    {
        using var content = new StringContent(yaml);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/apply-patch+yaml");
        return await http.PatchAsync(new Uri(Fake.Url + $"/api/v1/namespaces/default/configmaps/settings?fieldManager=deployer&{query}"), content);
    }

    internal static string Deployment(int? replicas, string image = "app:1", bool env = true, string? label = null)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                ["spec"] = new JsonObject
                {
                    ["containers"] = new JsonArray(new JsonObject
                    {
                        ["name"] = "app",
                        ["image"] = image,
                        ["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 }),
                    }),
                },
            },
        };
        if (replicas is not null)
        {
            spec["replicas"] = replicas;
        }

        if (env)
        {
            spec["template"]!["spec"]!["containers"]![0]!["env"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "fast" });
        }

        var labels = new JsonObject { ["app"] = "web" };
        if (label is not null)
        {
            labels[label] = "yes";
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = "web", ["labels"] = labels },
            ["spec"] = spec,
        }.ToJsonString();
    }

    internal static JsonNode? FieldsV1(V1ManagedFieldsEntry entry) => JsonNode.Parse(KubernetesJson.Serialize(entry.FieldsV1));

    private Task<V1Deployment> ApplyAsync(string body, string manager, bool force = false) =>
        Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), "web", "default", fieldManager: manager, force: force ? true : null);
}
