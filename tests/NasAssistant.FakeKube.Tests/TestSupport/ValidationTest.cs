using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Patching;

namespace NasAssistant.FakeKube.Tests.TestSupport;

/// <summary>
/// Writes objects given as JSON over HTTP with the real KubernetesClient (GenericClient), and reads
/// the Status of refused writes.
/// </summary>
public abstract class ValidationTest : FakeKubeTest
{
    /// <summary>Parses JSON written with single quotes, which keeps test tables readable.</summary>
    protected static JsonObject Json(string text) => JsonNode.Parse(text.Replace('\'', '"'))!.AsObject();

    /// <summary>A copy of <paramref name="obj"/> with a JSON merge patch (single-quoted) laid over it.</summary>
    protected static JsonObject With(JsonObject obj, string patch) =>
        (JsonObject)JsonMergePatch.Apply(obj.DeepClone(), JsonNode.Parse(patch.Replace('\'', '"')))!;

    protected async Task<JsonObject> CreateAsync(JsonObject obj)
    {
        using var api = Api(obj);
        var created = Namespaced(obj)
            ? await api.CreateNamespacedAsync(ToRaw(obj), "default")
            : await api.CreateAsync(ToRaw(obj));
        return ToJson(created);
    }

    protected async Task<JsonObject> ReplaceAsync(JsonObject obj)
    {
        using var api = Api(obj);
        var name = obj["metadata"]!["name"]!.GetValue<string>();
        var replaced = Namespaced(obj)
            ? await api.ReplaceNamespacedAsync(ToRaw(obj), "default", name)
            : await api.ReplaceAsync(ToRaw(obj), name);
        return ToJson(replaced);
    }

    protected async Task<JsonObject> PatchAsync(JsonObject obj, string mergePatch)
    {
        using var api = Api(obj);
        var name = obj["metadata"]!["name"]!.GetValue<string>();
        var patch = new V1Patch(mergePatch.Replace('\'', '"'), V1Patch.PatchType.MergePatch);
        var patched = Namespaced(obj)
            ? await api.PatchNamespacedAsync<RawObject>(patch, "default", name)
            : await api.PatchAsync<RawObject>(patch, name);
        return ToJson(patched);
    }

    /// <summary>The Status of a write the server refused, checking its HTTP code and reason.</summary>
    protected static async Task<V1Status> RefusedAsync(Func<Task> write, HttpStatusCode code, string reason)
    {
        var refused = await Assert.ThrowsAsync<HttpOperationException>(write);
        Assert.Equal(code, refused.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(refused.Response.Content);
        Assert.Equal(reason, status.Reason);
        Assert.Equal((int)code, status.Code);
        return status;
    }

    /// <summary>A 422 Invalid refusal that names <paramref name="field"/> with <paramref name="message"/> among its causes.</summary>
    protected static async Task<V1Status> InvalidAsync(Func<Task> write, string field, string message)
    {
        var status = await RefusedAsync(write, HttpStatusCode.UnprocessableEntity, "Invalid");
        AssertCause(status, field, message);
        return status;
    }

    protected static void AssertCause(V1Status status, string field, string message) =>
        Assert.True(status.Details.Causes.Any(c => c.Field == field && c.Message == message),
            $"expected cause {field}: {message}; got {string.Join(" | ", status.Details.Causes.Select(c => $"{c.Field}: {c.Message}"))}");

    private GenericClient Api(JsonObject obj)
    {
        var type = Fake.Store.Registry.FindKind(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>())!;
        return new GenericClient(Client, type.Group, type.Versions[0], type.Plural, disposeClient: false);
    }

    private bool Namespaced(JsonObject obj) =>
        Fake.Store.Registry.FindKind(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>())!.Namespaced;

    private static RawObject ToRaw(JsonObject obj) => KubernetesJson.Deserialize<RawObject>(obj.ToJsonString());

    private static JsonObject ToJson(RawObject obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
}
