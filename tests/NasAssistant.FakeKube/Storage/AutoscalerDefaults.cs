using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// autoscaling/v2 defaults (pkg/apis/autoscaling/v2/defaults.go, SetDefaults_HorizontalPodAutoscaler):
/// minReplicas 1, a CPU target of 80% when no metric is given, and complete scaling rules once a
/// behavior is set.
/// </summary>
internal static class AutoscalerDefaults
{
    public static void Apply(JsonObject spec)
    {
        Defaulting.Pointer(spec, "minReplicas", 1);
        if (spec["metrics"] is not JsonArray { Count: > 0 })
        {
            spec["metrics"] = new JsonArray(new JsonObject
            {
                ["type"] = "Resource",
                ["resource"] = new JsonObject
                {
                    ["name"] = "cpu",
                    ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = 80 },
                },
            });
        }

        if (spec["behavior"] is JsonObject behavior)
        {
            // GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: what the user set wins, field by field.
            Rules(Defaulting.Object(behavior, "scaleUp"), stabilizationWindowSeconds: 0, Policy("Pods", 4), Policy("Percent", 100));
            Rules(Defaulting.Object(behavior, "scaleDown"), stabilizationWindowSeconds: null, Policy("Percent", 100));
        }
    }

    private static void Rules(JsonObject rules, int? stabilizationWindowSeconds, params JsonObject[] policies)
    {
        if (stabilizationWindowSeconds is { } window)
        {
            Defaulting.Pointer(rules, "stabilizationWindowSeconds", window);
        }

        Defaulting.Pointer(rules, "selectPolicy", "Max");
        Defaulting.Pointer(rules, "policies", new JsonArray(policies));
    }

    private static JsonObject Policy(string type, int value) => new() { ["type"] = type, ["value"] = value, ["periodSeconds"] = 15 };
}
