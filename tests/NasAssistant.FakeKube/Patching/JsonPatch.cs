using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// RFC 6902 JSON patch (add, remove, replace, move, copy, test). Failures are 422, as the real server
/// answers a patch that does not apply.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonArray operations)
    {
        JsonNode document = target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                throw KubeApiException.BadRequest("json patch operations must be objects");
            }

            var name = op["op"]?.GetValue<string>() ?? throw KubeApiException.BadRequest("json patch operation without \"op\"");
            var path = op["path"]?.GetValue<string>() ?? throw KubeApiException.BadRequest("json patch operation without \"path\"");
            switch (name)
            {
                case "add":
                    document = Add(document, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    document = Add(document, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw KubeApiException.BadRequest("move without \"from\"");
                        var value = Get(document, from);
                        Remove(document, from);
                        document = Add(document, path, value?.DeepClone());
                        break;
                    }

                case "copy":
                    {
                        var from = op["from"]?.GetValue<string>() ?? throw KubeApiException.BadRequest("copy without \"from\"");
                        document = Add(document, path, Get(document, from)?.DeepClone());
                        break;
                    }

                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path), op["value"]))
                    {
                        throw KubeApiException.UnprocessablePatch($"the server rejected our request due to an error in our request: testing value {path} failed");
                    }

                    break;
                default:
                    throw KubeApiException.BadRequest($"unexpected json patch operation \"{name}\"");
            }
        }

        return document as JsonObject ?? throw KubeApiException.UnprocessablePatch("json patch replaced the object with a non-object");
    }

    private static List<string> Tokens(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw KubeApiException.UnprocessablePatch($"invalid json pointer \"{path}\"");
        }

        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => throw Missing(path),
            };
        }

        return node;
    }

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        var parentPath = string.Concat(tokens.Take(tokens.Count - 1).Select(t => "/" + t.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)));
        var parent = Get(document, parentPath) ?? throw Missing(path);
        return (parent, tokens[^1]);
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw KubeApiException.UnprocessablePatch("cannot replace the document with null");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw Missing(path);
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                obj.Remove(last);
                break;
            case JsonArray array when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                array.RemoveAt(index);
                break;
            default:
                throw Missing(path);
        }
    }

    private static KubeApiException Missing(string path) =>
        KubeApiException.UnprocessablePatch($"the server rejected our request due to an error in our request: doc is missing path: \"{path}\"");
}
