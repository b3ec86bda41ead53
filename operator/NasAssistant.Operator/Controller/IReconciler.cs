namespace NasAssistant.Operator.Controller;

/// <summary>
/// Brings the cluster in line with one AssistantDeployment. Called by the controller's workers, at
/// most once at a time per key; an exception means "retry with backoff".
/// </summary>
internal interface IReconciler
{
    /// <param name="key">The AssistantDeployment.</param>
    /// <param name="caches">The informers' caches to read from; null reads everything from the API server.</param>
    /// <param name="cancellationToken">Cancelled on shutdown or when leadership is lost.</param>
    Task<ReconcileResult> ReconcileAsync(ResourceKey key, IInformerCaches? caches, CancellationToken cancellationToken);

    /// <summary>
    /// Whether an observed change could make a reconcile of its owner do anything different; the
    /// controller queues the owner only then (a status-only update, say, changes nothing).
    /// </summary>
    bool Matters(ResourceEvent change);
}
