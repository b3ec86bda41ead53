namespace NasAssistant.Operator.Reconciliation.Volumes;

/// <summary>A change to a volume claim that Kubernetes does not allow, held back and explained to the user.</summary>
/// <param name="Reason">CamelCase condition reason, e.g. <c>VolumeExpansionUnsupported</c>.</param>
/// <param name="Message">What was asked, why it was not applied and what the user can do.</param>
internal sealed record VolumeIssue(string Reason, string Message)
{
    public override string ToString() => Message;
}
