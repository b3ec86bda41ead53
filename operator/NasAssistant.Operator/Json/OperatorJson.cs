using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace NasAssistant.Operator.Json;

/// <summary>
/// How the operator turns objects into JSON and back: <see cref="OperatorJsonContext"/>'s contracts only, with the Kubernetes
/// conventions KubernetesClient uses (camelCase, nulls left out, enums and timestamps as strings). There is no reflection
/// fallback, in any build: a type without a contract fails in the JIT tests as it would in the Native AOT binary.
/// </summary>
internal static class OperatorJson
{
    public static JsonSerializerOptions Options => OperatorJsonContext.Default.Options;

    public static T Deserialize<T>(string json) => NotNull(JsonSerializer.Deserialize(json, Info<T>()));

    public static T Deserialize<T>(JsonNode node) => NotNull(node.Deserialize(Info<T>()));

    public static T Deserialize<T>(JsonElement element) => NotNull(element.Deserialize(Info<T>()));

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options.GetTypeInfo(value.GetType()));

    /// <summary>The value as a JSON node of its own (null for a JSON null), without a detour through text.</summary>
    public static JsonNode? ToNode(object value) => JsonSerializer.SerializeToNode(value, Options.GetTypeInfo(value.GetType()));

    /// <summary>The object as a JSON tree of its own.</summary>
    public static JsonObject ToTree(object value) => ToNode(value)!.AsObject();

    /// <summary>A deep copy of a Kubernetes object, through its JSON form.</summary>
    public static T Copy<T>(T value)
        where T : notnull => Deserialize<T>(Serialize(value));

    private static JsonTypeInfo<T> Info<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static T NotNull<T>(T? value) => value ?? throw new JsonException($"null where a {typeof(T).Name} was expected");
}
