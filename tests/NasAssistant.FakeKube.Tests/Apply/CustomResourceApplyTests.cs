using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Apply;

/// <summary>Server-side apply of a custom resource: the merge rules its openAPIV3Schema declares.</summary>
public sealed class CustomResourceApplyTests : FakeKubeTest
{
    [Fact]
    public async Task ListMapItems_BelongToTheirAppliers()
    {
        await RegisterAsync();
        await ApplyAsync("""{"spec":{"parts":[{"name":"wheel","count":4}]}}""", "builder");
        await ApplyAsync("""{"spec":{"parts":[{"name":"horn","count":1}]}}""", "tuner");

        var gadget = await ApplyAsync("""{"spec":{"parts":[{"name":"wheel","count":3}]}}""", "builder");
        Assert.Equal("""[{"name":"wheel","count":3},{"name":"horn","count":1}]""", gadget["spec"]!["parts"]!.ToJsonString());

        gadget = await ApplyAsync("""{"spec":{}}""", "builder");
        Assert.Equal("""[{"name":"horn","count":1}]""", gadget["spec"]!["parts"]!.ToJsonString());
    }

    [Fact]
    public async Task SetItems_AndMapKeys_AreOwnedOneByOne()
    {
        await RegisterAsync();
        await ApplyAsync("""{"spec":{"tags":["a","b"],"labels":{"x":"1"}}}""", "builder");
        await ApplyAsync("""{"spec":{"tags":["c"],"labels":{"y":"2"}}}""", "tuner");

        var gadget = await ApplyAsync("""{"spec":{"tags":["a"]}}""", "builder");

        Assert.Equal("""["a","c"]""", gadget["spec"]!["tags"]!.ToJsonString());
        Assert.Equal("""{"y":"2"}""", gadget["spec"]!["labels"]!.ToJsonString());
        var builder = ((JsonArray)gadget["metadata"]!["managedFields"]!).Single(e => e!["manager"]!.GetValue<string>() == "builder")!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:spec":{"f:tags":{"v:\"a\"":{}}}}"""), builder["fieldsV1"]));
    }

    [Fact]
    public async Task Conflicts_OnAScalarOwnedByAnotherApplier()
    {
        await RegisterAsync();
        await ApplyAsync("""{"spec":{"size":1}}""", "builder");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyAsync("""{"spec":{"size":2}}""", "tuner"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var cause = Assert.Single(KubernetesJson.Deserialize<V1Status>(error.Response.Content).Details.Causes);
        Assert.Equal(("FieldManagerConflict", "conflict with \"builder\"", ".spec.size"), (cause.Reason, cause.Message, cause.Field));
    }

    [Fact]
    public async Task StatusApply_OwnsStatusUnderTheSubresource_AndLeavesSpecAlone()
    {
        await RegisterAsync();
        await ApplyAsync("""{"spec":{"size":1}}""", "builder");
        var body = """{"apiVersion":"test.nasassistant.io/v1","kind":"Gadget","metadata":{"name":"g"},"spec":{"size":9},"status":{"phase":"Ready"}}""";

        var result = await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(body, V1Patch.PatchType.ApplyPatch), TestCrds.Group, "v1", "default", TestCrds.Plural, "g", fieldManager: "controller");

        var gadget = JsonNode.Parse(KubernetesJson.Serialize(result))!;
        Assert.Equal(1, gadget["spec"]!["size"]!.GetValue<int>());
        Assert.Equal("Ready", gadget["status"]!["phase"]!.GetValue<string>());
        var controller = ((JsonArray)gadget["metadata"]!["managedFields"]!).Single(e => e!["manager"]!.GetValue<string>() == "controller")!;
        Assert.Equal(("Apply", "status"), (controller["operation"]!.GetValue<string>(), controller["subresource"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:status":{"f:phase":{}}}"""), controller["fieldsV1"]));
    }

    private async Task RegisterAsync() => await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(TestCrds.Gadget());

    private async Task<JsonObject> ApplyAsync(string specJson, string manager)
    {
        var body = JsonNode.Parse(specJson)!.AsObject();
        body["apiVersion"] = "test.nasassistant.io/v1";
        body["kind"] = "Gadget";
        body["metadata"] = new JsonObject { ["name"] = "g" };
        var result = await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), TestCrds.Group, "v1", "default", TestCrds.Plural, "g", fieldManager: manager);
        return JsonNode.Parse(KubernetesJson.Serialize(result))!.AsObject();
    }
}
