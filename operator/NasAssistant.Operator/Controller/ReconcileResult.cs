namespace NasAssistant.Operator.Controller;

/// <summary>Outcome of a successful reconcile: done, or look again after a delay (e.g. a certificate's renewal time).</summary>
internal sealed record ReconcileResult(TimeSpan? RequeueAfter)
{
    public static ReconcileResult Done { get; } = new((TimeSpan?)null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
