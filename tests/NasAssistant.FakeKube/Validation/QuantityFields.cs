using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Validation;

/// <summary>
/// Decoding of the quantity fields of built-in kinds, as the real server's typed decoding does it:
/// a value that is not a quantity fails the request, and every quantity is stored in the form
/// resource.Quantity serialises (canonical, or as written when already canonical). Resource lists of
/// the core API are also rounded up to milli units (SetDefaults_ResourceList).
/// </summary>
internal static class QuantityFields
{
    private const int MilliScale = -3;

    /// <summary>Canonicalises the object's quantities in place; returns the decoding error, if any.</summary>
    public static string? Canonicalize(ResourceType type, JsonObject obj)
    {
        try
        {
            switch ((type.Group, type.Plural))
            {
                case ("apps", "deployments"):
                    PodTemplate(obj["spec"]?["template"]);
                    break;
                case ("apps", "statefulsets"):
                    PodTemplate(obj["spec"]?["template"]);
                    foreach (var claim in JsonRead.Objects(obj["spec"]?["volumeClaimTemplates"]))
                    {
                        ClaimResources(claim["spec"]);
                    }

                    break;
                case ("", "pods"):
                    PodSpec(obj["spec"]);
                    break;
                case ("", "persistentvolumeclaims"):
                    ClaimResources(obj["spec"]);
                    ResourceList(obj["status"]?["capacity"]);
                    ResourceList(obj["status"]?["allocatedResources"]);
                    break;
                case ("autoscaling", "horizontalpodautoscalers"):
                    Metrics(obj["spec"]?["metrics"], "target");
                    Metrics(obj["status"]?["currentMetrics"], "current");
                    break;
            }

            return null;
        }
        catch (FormatException e)
        {
            return e.Message;
        }
    }

    private static void PodTemplate(JsonNode? template) => PodSpec(template?["spec"]);

    private static void PodSpec(JsonNode? spec)
    {
        if (spec is not JsonObject podSpec)
        {
            return;
        }

        foreach (var container in JsonRead.Objects(podSpec["containers"]).Concat(JsonRead.Objects(podSpec["initContainers"])))
        {
            Requirements(container["resources"]);
        }

        foreach (var volume in JsonRead.Objects(podSpec["volumes"]))
        {
            if (volume["emptyDir"] is JsonObject emptyDir)
            {
                Single(emptyDir, "sizeLimit");
            }

            ClaimResources(volume["ephemeral"]?["volumeClaimTemplate"]?["spec"]);
        }

        ResourceList(podSpec["overhead"]);
        Requirements(podSpec["resources"]);
    }

    private static void ClaimResources(JsonNode? claimSpec) => Requirements(claimSpec?["resources"]);

    private static void Requirements(JsonNode? resources)
    {
        ResourceList(resources?["limits"]);
        ResourceList(resources?["requests"]);
    }

    // A v1.ResourceList: every value a quantity, rounded up to milli units.
    private static void ResourceList(JsonNode? list)
    {
        if (list is not JsonObject map)
        {
            return;
        }

        foreach (var key in map.Select(e => e.Key).ToList())
        {
            map[key] = Decode(map[key])?.RoundUp(MilliScale).ToString() ?? "0";
        }
    }

    private static void Metrics(JsonNode? metrics, string valueField)
    {
        foreach (var metric in JsonRead.Objects(metrics))
        {
            foreach (var source in new[] { "object", "pods", "resource", "containerResource", "external" })
            {
                if (metric[source]?[valueField] is JsonObject target)
                {
                    Single(target, "value");
                    Single(target, "averageValue");
                }
            }
        }
    }

    // A *resource.Quantity field: null leaves it unset.
    private static void Single(JsonObject parent, string field)
    {
        if (!parent.TryGetPropertyValue(field, out var node))
        {
            return;
        }

        if (node is null)
        {
            parent.Remove(field);
        }
        else
        {
            parent[field] = Decode(node)!.ToString();
        }
    }

    // Quantity.UnmarshalJSON: a quoted or bare value, trimmed; null is the zero quantity.
    private static Quantity? Decode(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var text = JsonRead.IsString(node) ? node.GetValue<string>() : node.ToJsonString();
        return Quantity.Parse(text.Trim(), out var error) ?? throw new FormatException(error);
    }
}
