using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests;

public sealed class CustomResourceTests : FakeKubeTest
{
    private const string Group = "test.nasassistant.io";
    private const string Version = "v1";
    private const string Plural = "widgets";

    // A small CRD exercising defaults, structural checks and CEL rules (self, oldSelf, fieldPath).
    private static readonly string CrdJson = """
    {
      "apiVersion": "apiextensions.k8s.io/v1",
      "kind": "CustomResourceDefinition",
      "metadata": { "name": "widgets.test.nasassistant.io" },
      "spec": {
        "group": "test.nasassistant.io",
        "scope": "Namespaced",
        "names": { "plural": "widgets", "singular": "widget", "kind": "Widget", "listKind": "WidgetList", "shortNames": ["wd"] },
        "versions": [{
          "name": "v1", "served": true, "storage": true,
          "subresources": {
            "status": {},
            "scale": { "specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas", "labelSelectorPath": ".status.selector" }
          },
          "schema": { "openAPIV3Schema": {
            "type": "object",
            "properties": {
              "spec": {
                "type": "object",
                "required": ["model"],
                "properties": {
                  "model": { "type": "string", "minLength": 1, "maxLength": 20, "pattern": "^[a-z0-9-]+$" },
                  "task": { "type": "string", "enum": ["embedding", "chat"], "default": "embedding" },
                  "replicas": { "type": "integer", "minimum": 0, "maximum": 10, "default": 1 },
                  "tags": { "type": "array", "maxItems": 2, "items": { "type": "string" } },
                  "immutableId": { "type": "string", "x-kubernetes-validations": [{ "rule": "self == oldSelf", "message": "immutableId is immutable" }] },
                  "autoscaling": {
                    "type": "object",
                    "properties": {
                      "enabled": { "type": "boolean", "default": false },
                      "minReplicas": { "type": "integer", "default": 1 },
                      "maxReplicas": { "type": "integer", "default": 3 }
                    },
                    "x-kubernetes-validations": [
                      { "rule": "self.minReplicas <= self.maxReplicas", "message": "minReplicas must not exceed maxReplicas" },
                      { "rule": "!self.enabled || self.maxReplicas > 1", "message": "autoscaling needs room", "fieldPath": ".maxReplicas" }
                    ]
                  },
                  "extra": { "type": "object", "x-kubernetes-preserve-unknown-fields": true }
                }
              },
              "status": {
                "type": "object",
                "properties": { "replicas": { "type": "integer" }, "selector": { "type": "string" }, "ready": { "type": "boolean" } }
              }
            }
          } }
        }]
      }
    }
    """;

    private async Task RegisterAsync()
    {
        var crd = KubernetesJson.Deserialize<V1CustomResourceDefinition>(CrdJson);
        var created = await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        Assert.Contains(created.Status.Conditions, c => c.Type == "Established" && c.Status == "True");
    }

    private static JsonObject Widget(string name, string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"test.nasassistant.io/v1","kind":"Widget","metadata":{"name":"{{name}}"},"spec":{{spec}}}""")!.AsObject();

    private async Task<JsonObject> CreateAsync(JsonObject widget, string? fieldValidation = null)
    {
        var result = await Client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, Group, Version, "default", Plural, fieldValidation: fieldValidation);
        return JsonNode.Parse(KubernetesJson.Serialize(result))!.AsObject();
    }

    private static async Task<V1Status> RejectedAsync(Func<Task> call, HttpStatusCode expected = HttpStatusCode.UnprocessableEntity)
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal(expected, error.Response.StatusCode);
        return KubernetesJson.Deserialize<V1Status>(error.Response.Content);
    }

    [Fact]
    public async Task Crd_IsServed_AndCustomObjectsRoundTrip()
    {
        await RegisterAsync();
        var created = await CreateAsync(Widget("w1", """{"model":"minilm"}"""));
        Assert.Equal("Widget", created["kind"]!.GetValue<string>());
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());

        var list = await Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, "default", Plural);
        Assert.Single(JsonNode.Parse(KubernetesJson.Serialize(list))!["items"]!.AsArray());

        using var http = new HttpClient();
        var discovery = JsonNode.Parse(await http.GetStringAsync($"{Fake.Url}/apis/test.nasassistant.io/v1"))!;
        Assert.Equal(["widgets", "widgets/scale", "widgets/status"], discovery["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order().ToArray());
        await Client.CustomObjects.DeleteNamespacedCustomObjectAsync(Group, Version, "default", Plural, "w1");
        await RejectedAsync(() => Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, "default", Plural, "w1"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnregisteredResource_Is404()
    {
        await RejectedAsync(() => CreateAsync(Widget("w1", """{"model":"minilm"}""")), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Defaults_AreApplied_WhereTheParentExists()
    {
        await RegisterAsync();
        var created = await CreateAsync(Widget("w1", """{"model":"minilm","autoscaling":{"maxReplicas":5}}"""));
        var spec = created["spec"]!;
        Assert.Equal("embedding", spec["task"]!.GetValue<string>());
        Assert.Equal(1, spec["replicas"]!.GetValue<long>());
        Assert.False(spec["autoscaling"]!["enabled"]!.GetValue<bool>());
        Assert.Equal(1, spec["autoscaling"]!["minReplicas"]!.GetValue<long>());
        Assert.Equal(5, spec["autoscaling"]!["maxReplicas"]!.GetValue<long>());

        // No autoscaling object given: its defaults do not conjure one up.
        var bare = await CreateAsync(Widget("w2", """{"model":"minilm"}"""));
        Assert.Null(bare["spec"]!["autoscaling"]);
    }

    [Fact]
    public async Task SchemaViolations_AreAllReportedIn422()
    {
        await RegisterAsync();
        var status = await RejectedAsync(() => CreateAsync(Widget("bad", """{"task":"poetry","replicas":11,"tags":["a","b","c"]}""")));
        Assert.Equal("Invalid", status.Reason);
        var causes = status.Details.Causes.Select(c => (c.Field, c.Reason)).ToList();
        Assert.Contains(("spec.model", "FieldValueRequired"), causes);
        Assert.Contains(("spec.task", "FieldValueNotSupported"), causes);
        Assert.Contains(("spec.replicas", "FieldValueInvalid"), causes);
        Assert.Contains(("spec.tags", "FieldValueTooMany"), causes);
        Assert.StartsWith("Widget.test.nasassistant.io \"bad\" is invalid: [", status.Message, StringComparison.Ordinal);
        Assert.Contains("spec.task: Unsupported value: \"poetry\": supported values: \"embedding\", \"chat\"", status.Message, StringComparison.Ordinal);
        Assert.Contains("spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10", status.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"model":"UPPER"}""", "spec.model", "should match")]
    [InlineData("""{"model":"aaaaaaaaaaaaaaaaaaaaa"}""", "spec.model", "should be at most 20 chars long")]
    [InlineData("""{"model":"m","replicas":"two"}""", "spec.replicas", "must be of type integer")]
    [InlineData("""{"model":"m","replicas":-1}""", "spec.replicas", "greater than or equal to 0")]
    public async Task SchemaViolation_NamesFieldAndProblem(string spec, string field, string problem)
    {
        await RegisterAsync();
        var status = await RejectedAsync(() => CreateAsync(Widget("bad", spec)));
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(field, cause.Field);
        Assert.Contains(problem, cause.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CelRule_Failure_UsesRuleMessageInServerForm()
    {
        await RegisterAsync();
        var status = await RejectedAsync(() => CreateAsync(Widget("x", """{"model":"m","autoscaling":{"enabled":true,"minReplicas":4,"maxReplicas":1}}""")));
        Assert.Equal(
            "Widget.test.nasassistant.io \"x\" is invalid: [spec.autoscaling: Invalid value: \"object\": minReplicas must not exceed maxReplicas, spec.autoscaling.maxReplicas: Invalid value: \"object\": autoscaling needs room]",
            status.Message);
        Assert.Equal(["spec.autoscaling", "spec.autoscaling.maxReplicas"], status.Details.Causes.Select(c => c.Field));
    }

    [Fact]
    public async Task CelTransitionRule_ComparesWithOldSelf_OnUpdate()
    {
        await RegisterAsync();
        var created = await CreateAsync(Widget("w", """{"model":"m","immutableId":"abc"}"""));
        created["spec"]!["immutableId"] = "changed";
        var status = await RejectedAsync(() => Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, Version, "default", Plural, "w"));
        Assert.Contains("spec.immutableId: Invalid value: \"string\": immutableId is immutable", status.Message, StringComparison.Ordinal);

        created["spec"]!["immutableId"] = "abc";
        created["spec"]!["replicas"] = 2;
        await Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(created, Group, Version, "default", Plural, "w");
    }

    [Fact]
    public async Task UnknownFields_ArePruned_OrRejectedWhenStrict()
    {
        await RegisterAsync();
        var pruned = await CreateAsync(Widget("w1", """{"model":"m","bogus":1,"extra":{"anything":{"goes":true}}}"""));
        Assert.Null(pruned["spec"]!["bogus"]);
        Assert.True(pruned["spec"]!["extra"]!["anything"]!["goes"]!.GetValue<bool>());

        var status = await RejectedAsync(() => CreateAsync(Widget("w2", """{"model":"m","bogus":1}"""), fieldValidation: "Strict"), HttpStatusCode.BadRequest);
        Assert.Equal("strict decoding error: unknown field \"spec.bogus\"", status.Message);
    }

    [Fact]
    public async Task StatusAndScaleSubresources_Work_ForCustomResources()
    {
        await RegisterAsync();
        var created = await CreateAsync(Widget("w", """{"model":"m","replicas":2}"""));
        created["status"] = new JsonObject { ["replicas"] = 2, ["selector"] = "app=w" };
        created["spec"]!["replicas"] = 5;
        var afterStatus = JsonNode.Parse(KubernetesJson.Serialize(
            await Client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(created, Group, Version, "default", Plural, "w")))!;
        Assert.Equal(2, afterStatus["status"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, afterStatus["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(1, afterStatus["metadata"]!["generation"]!.GetValue<long>());

        var scale = JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.GetNamespacedCustomObjectScaleAsync(Group, Version, "default", Plural, "w")))!;
        Assert.Equal(2, scale["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("app=w", scale["status"]!["selector"]!.GetValue<string>());

        await Client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), Group, Version, "default", Plural, "w");
        var widget = Fake.Store.Get($"{Group}/{Version}", "Widget", "default", "w")!;
        Assert.Equal(4, widget["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, widget["metadata"]!["generation"]!.GetValue<long>());

        // The scale subresource validates through the schema too (maximum 10).
        await RejectedAsync(() => Client.CustomObjects.PatchNamespacedCustomObjectScaleAsync(new V1Patch("{\"spec\":{\"replicas\":11}}", V1Patch.PatchType.MergePatch), Group, Version, "default", Plural, "w"));
    }

    [Fact]
    public async Task Crd_WithUncompilableRule_IsRejected()
    {
        var crd = JsonNode.Parse(CrdJson)!.AsObject();
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = "self.model ==" });
        var status = await RejectedAsync(() => Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString())));
        Assert.Contains("x-kubernetes-validations[0].rule", Assert.Single(status.Details.Causes).Field, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingCrd_StopsServingAndRemovesObjects()
    {
        await RegisterAsync();
        await CreateAsync(Widget("w", """{"model":"m"}"""));
        await Client.ApiextensionsV1.DeleteCustomResourceDefinitionAsync("widgets.test.nasassistant.io");

        // The CRD finalizer deletes the instances first, then the CRD goes and its resource with it.
        await Eventually.TrueAsync(() => Fake.Store.Get("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "widgets.test.nasassistant.io") is null, "the CRD to go");
        await RejectedAsync(() => Client.CustomObjects.ListNamespacedCustomObjectAsync(Group, Version, "default", Plural), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClusterScopedCrd_ServesWithoutNamespace()
    {
        var crd = JsonNode.Parse(CrdJson)!.AsObject();
        crd["spec"]!["scope"] = "Cluster";
        await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesJson.Deserialize<V1CustomResourceDefinition>(crd.ToJsonString()));
        await Client.CustomObjects.CreateClusterCustomObjectAsync(Widget("global", """{"model":"m"}"""), Group, Version, Plural);
        var read = JsonNode.Parse(KubernetesJson.Serialize(await Client.CustomObjects.GetClusterCustomObjectAsync(Group, Version, Plural, "global")))!;
        Assert.Null(read["metadata"]!["namespace"]);
    }
}
