using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// policy/v1 PodDisruptionBudget: ValidatePodDisruptionBudget and ValidatePodDisruptionBudgetSpec
/// (pkg/apis/policy/validation/validation.go). Its strategy checks no name rule of its own; the
/// generic metadata check covers that.
/// </summary>
internal sealed class PodDisruptionBudgetValidator : IKindValidator
{
    private static readonly FieldPath SpecPath = FieldPath.Root("spec");

    public List<FieldError> Validate(JsonObject obj) => Spec(obj["spec"] as JsonObject ?? new JsonObject());

    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old) => Validate(obj);

    private static List<FieldError> Spec(JsonObject spec)
    {
        var errors = new List<FieldError>();
        var minAvailable = spec["minAvailable"];
        var maxUnavailable = spec["maxUnavailable"];
        if (minAvailable is not null && maxUnavailable is not null)
        {
            var rendered = GoValue.Struct("policy.PodDisruptionBudgetSpec",
                ("MinAvailable", GoValue.Pointer("intstr.IntOrString", minAvailable)),
                ("Selector", GoValue.Pointer("v1.LabelSelector", spec["selector"])),
                ("MaxUnavailable", GoValue.Pointer("intstr.IntOrString", maxUnavailable)),
                ("UnhealthyPodEvictionPolicy", GoValue.Pointer("policy.UnhealthyPodEvictionPolicyType", spec["unhealthyPodEvictionPolicy"])));
            errors.Add(FieldError.Invalid(SpecPath, rendered, "minAvailable and maxUnavailable cannot be both set"));
        }

        foreach (var (value, field) in new[] { (minAvailable, "minAvailable"), (maxUnavailable, "maxUnavailable") })
        {
            if (value is not null)
            {
                errors.AddRange(IntOrPercent.Positive(value, SpecPath.Child(field)));
                errors.AddRange(IntOrPercent.NotMoreThan100Percent(value, SpecPath.Child(field)));
            }
        }

        errors.AddRange(LabelSelectorValidator.Validate(spec["selector"] as JsonObject, SpecPath.Child("selector")));
        if (JsonRead.OptionalText(spec["unhealthyPodEvictionPolicy"]) is { } policy && policy is not ("IfHealthyBudget" or "AlwaysAllow"))
        {
            errors.Add(Checks.NotSupported(SpecPath.Child("unhealthyPodEvictionPolicy"), policy, "AlwaysAllow", "IfHealthyBudget"));
        }

        return errors;
    }
}
