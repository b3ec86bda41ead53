using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>coordination.k8s.io/v1 Lease: ValidateLease and ValidateLeaseSpec (pkg/apis/coordination/validation).</summary>
internal sealed class LeaseValidator : IKindValidator
{
    private static readonly FieldPath SpecPath = FieldPath.Root("spec");

    public List<FieldError> Validate(JsonObject obj)
    {
        var errors = ObjectMetaValidator.Validate(obj, namespaced: true, Names.NameIsDnsSubdomain);
        errors.AddRange(Spec(obj["spec"]));
        return errors;
    }

    public List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaValidator.ValidateUpdate(obj, old);
        errors.AddRange(Spec(obj["spec"]));
        return errors;
    }

    private static List<FieldError> Spec(JsonNode? spec)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Long(spec?["leaseDurationSeconds"]) is { } duration && duration <= 0)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("leaseDurationSeconds"), GoValue.Int(duration), "must be greater than 0"));
        }

        if (JsonRead.Long(spec?["leaseTransitions"]) is { } transitions && transitions < 0)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("leaseTransitions"), GoValue.Int(transitions), Checks.NegativeMessage));
        }

        return errors;
    }
}
