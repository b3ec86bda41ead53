using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Validation;

/// <summary>The outcome of validating one document: the defaulted resource, or why there is none.</summary>
internal sealed record ValidationResult(AssistantDeployment? Resource, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Resource is not null && Errors.Count == 0;
}
