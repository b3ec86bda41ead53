namespace NasAssistant.Operator.Controller;

/// <summary>
/// What <c>/readyz</c> reports: ready once the running controller's informers have synced, or while
/// this replica stands by as a non-leader (it is healthy, just not the one reconciling).
/// </summary>
internal sealed class ControllerHealth
{
    private volatile OperatorController? _active;
    private volatile bool _standingBy;

    public bool IsReady => _standingBy || (_active?.HasSynced ?? false);

    /// <summary>Short state for the readiness endpoint's body.</summary>
    public string Describe() => _standingBy ? "standing by (not leader)" : _active is null ? "starting" : _active.HasSynced ? "synced" : "syncing";

    public void Activate(OperatorController controller)
    {
        _active = controller;
        _standingBy = false;
    }

    public void StandBy()
    {
        _active = null;
        _standingBy = true;
    }
}
