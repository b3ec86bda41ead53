namespace NasAssistant.Operator.Reconciliation;

/// <summary>What the inference pods tell that their Deployment does not.</summary>
/// <param name="QuantizedModelSha256">Digest of the INT8 model the newest quantize step reported, or null.</param>
/// <param name="Unschedulable">The scheduler's message for a pod it cannot place, or null when every pod is placed.</param>
internal sealed record PodObservation(string? QuantizedModelSha256, string? Unschedulable);
