namespace NasAssistant.Operator.Controller;

/// <summary>
/// Outcome of a reconcile that ran to the end: done, look again after a delay (e.g. a certificate's
/// renewal time), or look again with the key's exponential backoff (the API server refused a child).
/// </summary>
internal sealed record ReconcileResult(TimeSpan? RequeueAfter, bool Backoff = false)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    /// <summary>Status is written, but not everything was applied: retry with backoff, capped, never a hot loop.</summary>
    public static ReconcileResult RetryWithBackoff { get; } = new(null, Backoff: true);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
