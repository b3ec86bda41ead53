using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Patching;

/// <summary>
/// RFC 7386 JSON merge patch. Also used for strategic merge patches: the fake does not know the
/// patch-merge keys of built-in lists, so a list in a strategic patch replaces the whole list
/// (exactly what a merge patch does) instead of being merged element by element.
/// </summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Apply(result[key], value);
                result[key] = merged;
            }
        }

        return result;
    }
}
