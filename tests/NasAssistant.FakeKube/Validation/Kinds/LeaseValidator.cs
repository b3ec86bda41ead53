using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>coordination.k8s.io/v1 Lease: ValidateLease and ValidateLeaseSpec (pkg/apis/coordination/validation).</summary>
internal sealed class LeaseValidator() : SpecValidator(Names.NameIsDnsSubdomain)
{
    // ValidateLeaseSpec.
    protected override List<FieldError> Spec(JsonObject spec, JsonObject? oldSpec)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Long(spec["leaseDurationSeconds"]) is { } duration && duration <= 0)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("leaseDurationSeconds"), GoValue.Int(duration), "must be greater than 0"));
        }

        if (JsonRead.Long(spec["leaseTransitions"]) is { } transitions && transitions < 0)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("leaseTransitions"), GoValue.Int(transitions), Checks.NegativeMessage));
        }

        return errors;
    }
}
