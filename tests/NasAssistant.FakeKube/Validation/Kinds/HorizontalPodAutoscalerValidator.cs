using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Validation.Pods;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// autoscaling/v2 HorizontalPodAutoscaler: ValidateHorizontalPodAutoscaler, validateMetrics,
/// validateMetricSpec, validateMetricTarget and validateBehavior (pkg/apis/autoscaling/validation).
/// HPAScaleToZero is off, so minReplicas is at least 1 unless it already was 0.
/// </summary>
internal sealed class HorizontalPodAutoscalerValidator() : SpecValidator(Names.NameIsDnsSubdomain)
{
    private const int MaxPeriodSeconds = 1800;
    private const int MaxStabilizationWindowSeconds = 3600;
    private static readonly string[] MetricTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];

    // validateHorizontalPodAutoscalerSpec; an update may keep a minReplicas of 0 it already had.
    protected override List<FieldError> Spec(JsonObject spec, JsonObject? oldSpec)
    {
        var minReplicasLowerBound = oldSpec is not null && JsonRead.Long(oldSpec["minReplicas"]) == 0 ? 0 : 1;
        var errors = new List<FieldError>();
        var minReplicas = JsonRead.Long(spec["minReplicas"]);
        var maxReplicas = JsonRead.Long(spec["maxReplicas"]) ?? 0;
        if (minReplicas is { } min && min < minReplicasLowerBound)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("minReplicas"), GoValue.Int(min), $"must be greater than or equal to {minReplicasLowerBound}"));
        }

        if (maxReplicas < 1)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("maxReplicas"), GoValue.Int(maxReplicas), "must be greater than 0"));
        }

        if (minReplicas is { } lower && maxReplicas < lower)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("maxReplicas"), GoValue.Int(maxReplicas), "must be greater than or equal to `minReplicas`"));
        }

        errors.AddRange(ObjectReference(spec["scaleTargetRef"], SpecPath.Child("scaleTargetRef")));
        var metrics = JsonRead.Objects(spec["metrics"]);
        for (var i = 0; i < metrics.Count; i++)
        {
            errors.AddRange(Metric(metrics[i], SpecPath.Child("metrics").Index(i)));
        }

        if (minReplicas == 0 && !metrics.Any(m => JsonRead.Text(m["type"]) is "Object" or "External"))
        {
            errors.Add(Checks.Forbidden(SpecPath.Child("metrics"), "must specify at least one Object or External metric to support scaling to zero replicas"));
        }

        if (spec["behavior"] is JsonObject behavior)
        {
            foreach (var direction in new[] { "scaleUp", "scaleDown" })
            {
                if (behavior[direction] is JsonObject rules)
                {
                    errors.AddRange(ScalingRules(rules, SpecPath.Child("behavior", direction)));
                }
            }
        }

        return errors;
    }

    // ValidateCrossVersionObjectReference: kind and name, usable as URL path segments.
    private static List<FieldError> ObjectReference(JsonNode? reference, FieldPath path)
    {
        var errors = new List<FieldError>();
        foreach (var field in new[] { "kind", "name" })
        {
            var value = JsonRead.Text(reference?[field]);
            errors.AddRange(value.Length == 0 ? [Checks.Required(path.Child(field))] : Checks.Each(path.Child(field), value, Names.PathSegment(value)));
        }

        return errors;
    }

    // validateMetricSpec: the type, and exactly the source that type names.
    private static List<FieldError> Metric(JsonObject metric, FieldPath path)
    {
        var errors = new List<FieldError>();
        var type = JsonRead.Text(metric["type"]);
        if (type.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("type"), "must specify a metric source type"));
        }

        if (!MetricTypes.Contains(type))
        {
            errors.Add(Checks.NotSupported(path.Child("type"), type, MetricTypes));
        }

        var present = new List<string>();
        foreach (var source in new[] { "object", "external", "pods", "resource", "containerResource" })
        {
            if (metric[source] is not JsonObject value)
            {
                continue;
            }

            present.Add(source);
            if (present.Count == 1)
            {
                errors.AddRange(Source(source, value, path.Child(source)));
            }
        }

        var expected = type switch
        {
            "Object" => "object",
            "Pods" => "pods",
            "Resource" => "resource",
            "External" => "external",
            "ContainerResource" => "containerResource",
            _ => null,
        };
        if (expected is null)
        {
            errors.Add(Checks.NotSupported(path.Child("type"), type, MetricTypes));
        }
        else if (!present.Contains(expected))
        {
            errors.Add(Checks.Required(path.Child(expected), "must populate information for the given metric source"));
        }

        if (present.Count != 1)
        {
            errors.AddRange(present.Where(p => p != expected).Select(p => Checks.Forbidden(path.Child(p), "must populate the given metric source only")));
        }

        return errors;
    }

    private static List<FieldError> Source(string source, JsonObject value, FieldPath path)
    {
        var errors = new List<FieldError>();
        var target = value["target"] as JsonObject ?? new JsonObject();
        var targetPath = path.Child("target");
        var hasValue = target["value"] is not null;
        var hasAverage = target["averageValue"] is not null;
        var hasUtilization = target["averageUtilization"] is not null;
        switch (source)
        {
            case "object":
                errors.AddRange(ObjectReference(value["describedObject"], path.Child("describedObject")));
                errors.AddRange(MetricName(value, path));
                errors.AddRange(Target(target, targetPath));
                if (!hasValue && !hasAverage)
                {
                    errors.Add(Checks.Required(targetPath.Child("averageValue"), "must set either a target value or averageValue"));
                }

                break;
            case "external":
                errors.AddRange(MetricName(value, path));
                errors.AddRange(Target(target, targetPath));
                if (!hasValue && !hasAverage)
                {
                    errors.Add(Checks.Required(targetPath.Child("averageValue"), "must set either a target value for metric or a per-pod target"));
                }

                if (hasValue && hasAverage)
                {
                    errors.Add(Checks.Forbidden(targetPath.Child("value"), "may not set both a target value for metric and a per-pod target"));
                }

                break;
            case "pods":
                errors.AddRange(MetricName(value, path));
                errors.AddRange(Target(target, targetPath));
                if (!hasAverage)
                {
                    errors.Add(Checks.Required(targetPath.Child("averageValue"), "must specify a positive target averageValue"));
                }

                break;
            default:
                var name = JsonRead.Text(value["name"]);
                if (name.Length == 0)
                {
                    errors.Add(Checks.Required(path.Child("name"), "must specify a resource name"));
                }
                else if (source == "containerResource")
                {
                    errors.AddRange(ResourceRequirementsValidator.ContainerResourceName(name, path.Child("name")));
                }

                if (source == "containerResource")
                {
                    var container = JsonRead.Text(value["container"]);
                    errors.AddRange(container.Length == 0
                        ? [Checks.Required(path.Child("container"), "must specify a container")]
                        : Checks.Each(path.Child("container"), container, Names.Dns1123Label(container)));
                }

                errors.AddRange(Target(target, targetPath));
                if (!hasUtilization && !hasAverage)
                {
                    errors.Add(Checks.Required(targetPath.Child("averageUtilization"), "must set either a target raw value or a target utilization"));
                }

                if (hasUtilization && hasAverage)
                {
                    errors.Add(Checks.Forbidden(targetPath.Child("averageValue"), "may not set both a target raw value and a target utilization"));
                }

                break;
        }

        return errors;
    }

    // validateMetricIdentifier.
    private static IEnumerable<FieldError> MetricName(JsonObject source, FieldPath path)
    {
        var name = JsonRead.Text(source["metric"]?["name"]);
        var namePath = path.Child("metric", "name");
        return name.Length == 0 ? [Checks.Required(namePath, "must specify a metric name")] : Checks.Each(namePath, name, Names.PathSegment(name));
    }

    // validateMetricTarget; quantities print through their String method.
    private static List<FieldError> Target(JsonObject target, FieldPath path)
    {
        var errors = new List<FieldError>();
        var type = JsonRead.Text(target["type"]);
        if (type.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("type"), "must specify a metric target type"));
        }

        if (type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errors.Add(FieldError.Invalid(path.Child("type"), GoSyntax.Quote(type), "must be either Utilization, Value, or AverageValue"));
        }

        foreach (var field in new[] { "value", "averageValue" })
        {
            if (JsonRead.OptionalText(target[field]) is { } text && Quantity.Parse(text, out _) is { Sign: not 1 } quantity)
            {
                errors.Add(FieldError.Invalid(path.Child(field), quantity.ToString(), "must be positive"));
            }
        }

        if (JsonRead.Long(target["averageUtilization"]) is { } utilization && utilization < 1)
        {
            errors.Add(FieldError.Invalid(path.Child("averageUtilization"), GoValue.Int(utilization), "must be greater than 0"));
        }

        return errors;
    }

    // validateScalingRules and validateScalingPolicy.
    private static List<FieldError> ScalingRules(JsonObject rules, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Long(rules["stabilizationWindowSeconds"]) is { } window)
        {
            if (window < 0)
            {
                errors.Add(FieldError.Invalid(path.Child("stabilizationWindowSeconds"), GoValue.Int(window), "must be greater than or equal to zero"));
            }

            if (window > MaxStabilizationWindowSeconds)
            {
                errors.Add(FieldError.Invalid(path.Child("stabilizationWindowSeconds"), GoValue.Int(window), $"must be less than or equal to {MaxStabilizationWindowSeconds}"));
            }
        }

        if (JsonRead.OptionalText(rules["selectPolicy"]) is { } select && select is not ("Max" or "Min" or "Disabled"))
        {
            errors.Add(Checks.NotSupported(path.Child("selectPolicy"), select, "Disabled", "Max", "Min"));
        }

        var policies = JsonRead.Objects(rules["policies"]);
        if (policies.Count == 0)
        {
            errors.Add(Checks.Required(path.Child("policies"), "must specify at least one Policy"));
        }

        for (var i = 0; i < policies.Count; i++)
        {
            var policyPath = path.Child("policies").Index(i);
            var type = JsonRead.Text(policies[i]["type"]);
            if (type is not ("Pods" or "Percent"))
            {
                errors.Add(Checks.NotSupported(policyPath.Child("type"), type, "Percent", "Pods"));
            }

            var value = JsonRead.Long(policies[i]["value"]) ?? 0;
            if (value <= 0)
            {
                errors.Add(FieldError.Invalid(policyPath.Child("value"), GoValue.Int(value), "must be greater than zero"));
            }

            var period = JsonRead.Long(policies[i]["periodSeconds"]) ?? 0;
            if (period <= 0)
            {
                errors.Add(FieldError.Invalid(policyPath.Child("periodSeconds"), GoValue.Int(period), "must be greater than zero"));
            }

            if (period > MaxPeriodSeconds)
            {
                errors.Add(FieldError.Invalid(policyPath.Child("periodSeconds"), GoValue.Int(period), $"must be less than or equal to {MaxPeriodSeconds}"));
            }
        }

        return errors;
    }
}
