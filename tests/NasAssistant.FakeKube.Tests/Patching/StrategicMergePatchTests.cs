using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Patching;
using NasAssistant.FakeKube.Schema.BuiltIn;

namespace NasAssistant.FakeKube.Tests.Patching;

/// <summary>
/// Strategic merge patch on a Deployment, cases after strategicpatch's patch_test.go
/// (TestStrategicMergePatch), with the merge keys the Go types declare.
/// </summary>
public sealed class StrategicMergePatchTests
{
    private const string Original = """
        {"metadata":{"name":"web","labels":{"app":"web","tier":"front"},"finalizers":["a","b"]},
         "spec":{"replicas":2,
           "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
           "template":{"spec":{
             "tolerations":[{"key":"x","operator":"Exists"}],
             "containers":[
               {"name":"app","image":"app:1","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
               {"name":"sidecar","image":"sidecar:1"}]}}}}
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // A list with patchStrategy merge merges its items by the merge key.
        { "merges a container by name", """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:2"}]}}}}""",
          """{"spec.template.spec.containers":[{"name":"app","image":"app:2","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},{"name":"sidecar","image":"sidecar:1"}]}""" },

        // Without $setElementOrder, items the live list does not have go first (mergeSortedSlice).
        { "adds a container before the live ones", """{"spec":{"template":{"spec":{"containers":[{"name":"new","image":"new:1"}]}}}}""",
          """{"spec.template.spec.containers":[{"name":"new","image":"new:1"},{"name":"app","image":"app:1","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},{"name":"sidecar","image":"sidecar:1"}]}""" },
        { "deletes a container with $patch delete", """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""",
          """{"spec.template.spec.containers":[{"name":"app","image":"app:1","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}""" },
        { "replaces a merging list with $patch replace", """{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"only:1"},{"$patch":"replace"}]}}}}""",
          """{"spec.template.spec.containers":[{"name":"only","image":"only:1"}]}""" },
        { "reorders with $setElementOrder", """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}]}}}}""",
          """{"spec.template.spec.containers":[{"name":"sidecar","image":"sidecar:1"},{"name":"app","image":"app:1","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}""" },
        { "adds and orders with $setElementOrder", """{"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"},{"name":"new"}],"containers":[{"name":"new","image":"new:1"}]}}}}""",
          """{"spec.template.spec.containers":[{"name":"app","image":"app:1","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},{"name":"sidecar","image":"sidecar:1"},{"name":"new","image":"new:1"}]}""" },

        // Ports merge by containerPort, env by name.
        { "merges ports by containerPort and env by name", """{"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"}],"env":[{"name":"B","value":"3"}]}]}}}}""",
          """{"spec.template.spec.containers[0].ports":[{"containerPort":80,"protocol":"TCP","name":"http"}],"spec.template.spec.containers[0].env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]}""" },

        // A list without a patch strategy (tolerations) is replaced.
        { "replaces an atomic list", """{"spec":{"template":{"spec":{"tolerations":[{"key":"y","operator":"Exists"}]}}}}""",
          """{"spec.template.spec.tolerations":[{"key":"y","operator":"Exists"}]}""" },

        // Lists of primitives with patchStrategy merge: union, and a parallel deletion list.
        { "merges a primitive list", """{"metadata":{"finalizers":["c"]}}""", """{"metadata.finalizers":["c","a","b"]}""" },
        { "deletes from a primitive list", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""", """{"metadata.finalizers":["b"]}""" },

        // Maps: null removes a key; $patch replace replaces; $retainKeys clears what it does not list.
        { "removes a label with null", """{"metadata":{"labels":{"tier":null}}}""", """{"metadata.labels":{"app":"web"}}""" },
        { "replaces a map with $patch replace", """{"spec":{"strategy":{"$patch":"replace","type":"Recreate"}}}""", """{"spec.strategy":{"type":"Recreate"}}""" },
        { "clears rollingUpdate with $retainKeys", """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""", """{"spec.strategy":{"type":"Recreate"}}""" },
        { "deletes a map with $patch delete", """{"spec":{"strategy":{"$patch":"delete"}}}""", """{"spec.strategy":{}}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Applies(string description, string patch, string expected)
    {
        var result = Patch(patch);
        foreach (var (path, value) in JsonNode.Parse(expected)!.AsObject())
        {
            Assert.True(JsonNode.DeepEquals(value, At(result, path)), $"{description}: {path} is {At(result, path)?.ToJsonString()}");
        }
    }

    [Theory]
    [InlineData("""{"spec":{"strategy":{"$patch":"merge","type":"Recreate"}}}""", 500, "unknown patch type")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"$patch":"merge"}]}}}}""", 500, "merging lists cannot yet be specified in the patch")]
    [InlineData("""{"spec":{"strategy":{"$retainKeys":["rollingUpdate"],"type":"Recreate"}}}""", 400, "invalid patch format of retainKeys")]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"image":"nameless"}]}}}}""", 500, "does not contain declared merge key: name")]
    public void Rejects(string patch, int code, string message)
    {
        var error = Assert.Throws<KubeApiException>(() => Patch(patch));
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static JsonObject Patch(string patch) =>
        StrategicMergePatch.Apply(JsonNode.Parse(Original)!.AsObject(), JsonNode.Parse(patch)!.AsObject(),
            BuiltInSchemas.Structural.View("io.k8s.api.apps.v1.Deployment"));

    private static JsonNode? At(JsonNode? node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            node = bracket < 0 ? node?[part] : node?[part[..bracket]]?[int.Parse(part[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)];
        }

        return node;
    }
}
