using System.Text.Json.Nodes;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>The outcome of applying one child, the object as the cluster now holds it (never to be changed), and why it was refused.</summary>
internal sealed record ApplyResult(ApplyOutcome Outcome, JsonObject? Current, ChildRejection? Rejection = null);
