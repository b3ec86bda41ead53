namespace NasAssistant.Operator.Reconciliation;

/// <summary>The outcome of applying one child, the object as the cluster now holds it, and why it was refused.</summary>
internal sealed record ApplyResult(ApplyOutcome Outcome, UnstructuredObject? Current, ChildRejection? Rejection = null);
