namespace NasAssistant.Operator.Controller;

/// <summary>
/// Brings the cluster in line with one AssistantDeployment. Called by the controller's workers, at
/// most once at a time per key; an exception means "retry with backoff".
/// </summary>
internal interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken);
}
