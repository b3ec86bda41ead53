using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Schema;

/// <summary>Walks every object of a JSON tree (for clean-ups that apply at any depth).</summary>
internal static class JsonTrees
{
    public static void ForEachObject(JsonNode? node, Action<JsonObject> action)
    {
        switch (node)
        {
            case JsonObject obj:
                action(obj);
                foreach (var (_, child) in obj)
                {
                    ForEachObject(child, action);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ForEachObject(item, action);
                }

                break;
        }
    }
}
