using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Where a resource keeps the numbers the <c>/scale</c> subresource exposes (dotted JSON paths as in a
/// CRD's <c>subresources.scale</c>).
/// </summary>
internal sealed record ScaleSpec(string SpecReplicasPath, string StatusReplicasPath, string? LabelSelectorPath)
{
    /// <summary>Computes the selector for kinds (like Deployment) that derive it from spec.selector.</summary>
    public Func<JsonObject, string?>? SelectorFromObject { get; init; }

    public static IReadOnlyList<string> Split(string path) =>
        path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);

    public static JsonNode? Read(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in Split(path))
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    public static void Write(JsonObject obj, string path, JsonNode? value)
    {
        var parts = Split(path);
        var current = obj;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            if (current[parts[i]] is not JsonObject next)
            {
                next = new JsonObject();
                current[parts[i]] = next;
            }

            current = next;
        }

        current[parts[^1]] = value;
    }
}
