using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Validation.Pods;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// apps/v1 Deployment: ValidateDeployment, ValidateDeploymentSpec, ValidateDeploymentStrategy,
/// ValidateRollingUpdateDeployment and ValidateDeploymentUpdate (pkg/apis/apps/validation/validation.go),
/// with the strategy's apps/v1 rule that the selector is immutable (pkg/registry/apps/deployment/strategy.go).
/// </summary>
internal sealed class DeploymentValidator() : SpecValidator(Names.NameIsDnsSubdomain)
{
    public override List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = base.ValidateUpdate(obj, old);
        var selector = obj["spec"]?["selector"];
        if (!Semantic.Equal(selector, old["spec"]?["selector"]))
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("selector"), GoValue.LabelSelector(selector as JsonObject), "field is immutable"));
        }

        return errors;
    }

    // ValidateDeploymentSpec.
    protected override List<FieldError> Spec(JsonObject spec, JsonObject? oldSpec)
    {
        var errors = Checks.NonNegative(SpecPath.Child("replicas"), JsonRead.Long(spec["replicas"])).ToList();
        var selector = spec["selector"] as JsonObject;
        if (selector is null)
        {
            errors.Add(Checks.Required(SpecPath.Child("selector")));
        }
        else
        {
            errors.AddRange(LabelSelectorValidator.Validate(selector, SpecPath.Child("selector")));
            if (LabelSelectorValidator.IsEmpty(selector))
            {
                errors.Add(FieldError.Invalid(SpecPath.Child("selector"), GoValue.LabelSelector(selector), "empty selector is invalid for deployment"));
            }
        }

        // LabelSelectorAsSelector: a nil selector selects nothing, an empty one everything.
        var requirements = selector is null ? [] : LabelSelectorValidator.Requirements(selector);
        if (requirements is null)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("selector"), GoValue.LabelSelector(selector), "invalid label selector"));
        }
        else
        {
            errors.AddRange(Template(spec["template"] as JsonObject, selector is null ? null : requirements));
        }

        errors.AddRange(Strategy(spec["strategy"] as JsonObject ?? new JsonObject(), SpecPath.Child("strategy")));
        errors.AddRange(Checks.NonNegative(SpecPath.Child("minReadySeconds"), JsonRead.Long(spec["minReadySeconds"])));
        errors.AddRange(Checks.NonNegative(SpecPath.Child("revisionHistoryLimit"), JsonRead.Long(spec["revisionHistoryLimit"])));
        if (JsonRead.Long(spec["progressDeadlineSeconds"]) is { } deadline)
        {
            errors.AddRange(Checks.NonNegative(SpecPath.Child("progressDeadlineSeconds"), deadline));
            if (deadline <= (JsonRead.Long(spec["minReadySeconds"]) ?? 0))
            {
                errors.Add(FieldError.Invalid(SpecPath.Child("progressDeadlineSeconds"), GoValue.Int(deadline), "must be greater than minReadySeconds"));
            }
        }

        return errors;
    }

    // ValidatePodTemplateSpecForReplicaSet: the selector (null: selects nothing) must match the template's labels.
    private static List<FieldError> Template(JsonObject? template, IReadOnlyList<Selectors.LabelRequirement>? selector)
    {
        var path = SpecPath.Child("template");
        var errors = new List<FieldError>();
        var labels = template?["metadata"]?["labels"];
        var labelMap = JsonRead.Map(labels).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (selector is null || (selector.Count > 0 && !selector.All(r => r.Matches(labelMap))))
        {
            errors.Add(FieldError.Invalid(path.Child("metadata", "labels"), GoValue.StringMap(labels), "`selector` does not match template `labels`"));
        }

        errors.AddRange(PodSpecValidator.Template(template, path));
        var restartPolicy = JsonRead.Text(template?["spec"]?["restartPolicy"]);
        if (restartPolicy != "Always")
        {
            errors.Add(Checks.NotSupported(path.Child("spec", "restartPolicy"), restartPolicy, "Always"));
        }

        if (template?["spec"]?["activeDeadlineSeconds"] is not null)
        {
            errors.Add(Checks.Forbidden(path.Child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicaSet is not Supported"));
        }

        return errors;
    }

    // ValidateDeploymentStrategy: Recreate takes no rollingUpdate; RollingUpdate needs a valid one.
    private static List<FieldError> Strategy(JsonObject strategy, FieldPath path)
    {
        var type = JsonRead.Text(strategy["type"]);
        var rollingUpdate = strategy["rollingUpdate"] as JsonObject;
        switch (type)
        {
            case "Recreate":
                return rollingUpdate is null ? [] : [Checks.Forbidden(path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")];
            case "RollingUpdate":
                return rollingUpdate is null
                    ? [Checks.Required(path.Child("rollingUpdate"), "this should be defaulted and never be nil")]
                    : RollingUpdate(rollingUpdate, path.Child("rollingUpdate"));
            default:
                var rendered = GoValue.Struct("apps.DeploymentStrategy", ("Type", GoSyntax.Quote(type)),
                    ("RollingUpdate", GoValue.Pointer("apps.RollingUpdateDeployment", rollingUpdate)));
                return [FieldError.NotSupported(path, rendered, ["\"Recreate\"", "\"RollingUpdate\""])];
        }
    }

    // ValidateRollingUpdateDeployment: int or percent, not both zero, maxUnavailable at most 100%.
    private static List<FieldError> RollingUpdate(JsonObject rollingUpdate, FieldPath path)
    {
        var maxUnavailable = rollingUpdate["maxUnavailable"];
        var maxSurge = rollingUpdate["maxSurge"];
        var errors = IntOrPercent.Positive(maxUnavailable, path.Child("maxUnavailable")).ToList();
        errors.AddRange(IntOrPercent.Positive(maxSurge, path.Child("maxSurge")));
        if (IntOrPercent.Value(maxUnavailable) == 0 && IntOrPercent.Value(maxSurge) == 0)
        {
            errors.Add(FieldError.Invalid(path.Child("maxUnavailable"), GoValue.IntOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
        }

        errors.AddRange(IntOrPercent.NotMoreThan100Percent(maxUnavailable, path.Child("maxUnavailable")));
        return errors;
    }
}
