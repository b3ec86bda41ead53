using System.Globalization;
using System.Text.Json.Nodes;
using static NasAssistant.FakeKube.Printing.ObjectFields;

namespace NasAssistant.FakeKube.Printing;

/// <summary>The Targets cell of an HPA: current/target per metric, at most two (formatHPAMetrics in printers.go).</summary>
internal static class HorizontalPodAutoscalerMetrics
{
    private const int Shown = 2;

    public static string Format(IReadOnlyList<JsonObject> specs, IReadOnlyList<JsonObject> statuses)
    {
        if (specs.Count == 0)
        {
            return "<none>";
        }

        var list = specs.Select((spec, i) => Describe(spec, i < statuses.Count ? statuses[i] : null)).ToList();
        return list.Count > Shown
            ? $"{string.Join(", ", list.Take(Shown))} + {(list.Count - Shown).ToString(CultureInfo.InvariantCulture)} more..."
            : string.Join(", ", list);
    }

    private static string Describe(JsonObject spec, JsonObject? status)
    {
        switch (Text(spec, "type"))
        {
            case "External":
                return ValueOrAverage(spec["external"], status?["external"]);
            case "Object":
                return ValueOrAverage(spec["object"], status?["object"]);
            case "Pods":
                var podsCurrent = status?["pods"] is { } pods ? Quantity(At(pods, "current", "averageValue")) : "<unknown>";
                return $"{podsCurrent}/{Quantity(At(spec, "pods", "target", "averageValue"))}";
            case "Resource":
                return ResourceTarget(spec["resource"], status?["resource"]);
            case "ContainerResource":
                return ResourceTarget(spec["containerResource"], status?["containerResource"]);
            default:
                return "<unknown type>";
        }
    }

    // External and Object metrics: an average value target is marked "(avg)", a value target is not.
    private static string ValueOrAverage(JsonNode? spec, JsonNode? status)
    {
        if (At(spec, "target", "averageValue") is { } average)
        {
            var current = At(status, "current", "averageValue") is { } currentAverage ? Quantity(currentAverage) : "<unknown>";
            return $"{current}/{Quantity(average)} (avg)";
        }

        var currentValue = status is null ? "<unknown>" : Quantity(At(status, "current", "value"));
        return $"{currentValue}/{Quantity(At(spec, "target", "value"))}";
    }

    // Resource and ContainerResource metrics: "name: current/target", as average value or utilization.
    private static string ResourceTarget(JsonNode? spec, JsonNode? status)
    {
        var name = Text(spec, "name");
        if (At(spec, "target", "averageValue") is { } average)
        {
            var current = status is null ? "<unknown>" : Quantity(At(status, "current", "averageValue"));
            return $"{name}: {current}/{Quantity(average)}";
        }

        var utilization = At(status, "current", "averageUtilization") is null ? "<unknown>" : Percent(Number(status, "current", "averageUtilization"));
        var target = At(spec, "target", "averageUtilization") is null ? "<auto>" : Percent(Number(spec, "target", "averageUtilization"));
        return $"{name}: {utilization}/{target}";
    }

    private static string Percent(long value) => value.ToString(CultureInfo.InvariantCulture) + "%";

    // A nil *resource.Quantity prints as <nil>.
    private static string Quantity(JsonNode? quantity) => quantity is null ? "<nil>" : IntOrString(quantity);
}
