namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// Why a filter plugin turned a node down. <paramref name="PreemptionMayHelp"/> is the difference
/// between the framework's Unschedulable (evicting lower-priority pods could make room) and
/// UnschedulableAndUnresolvable.
/// </summary>
internal sealed record NodeRejection(string Reason, bool PreemptionMayHelp = false);
