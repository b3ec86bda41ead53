namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// The message of a pod the scheduler could not place, as FitError.Error (pkg/scheduler/framework/types.go)
/// writes it: "0/N nodes are available: " with the PreFilter message, or a count per filter reason,
/// then what the PostFilter plugins (DynamicResources, then DefaultPreemption) found.
/// </summary>
internal static class FitError
{
    /// <summary>ErrNoNodesAvailable (pkg/scheduler/schedule_one.go).</summary>
    public const string NoNodes = "no nodes available to schedule pods";

    private const string NotHelpful = "Preemption is not helpful for scheduling";
    private const string NoVictims = "No preemption victims found for incoming pod";

    /// <summary>
    /// Every node was turned down by a filter. No pod here has resource claims ("no new claims to
    /// deallocate") or a lower priority than another, so preemption finds no victims where it might help.
    /// </summary>
    public static string ForFilters(IReadOnlyCollection<NodeRejection> rejections)
    {
        var filters = Histogram(rejections.Select(r => r.Reason));
        var preemption = Histogram(rejections.Select(r => r.PreemptionMayHelp ? NoVictims : NotHelpful));
        return $"0/{rejections.Count} nodes are available: {filters}. no new claims to deallocate, preemption: 0/{rejections.Count} nodes are available: {preemption}.";
    }

    /// <summary>
    /// A PreFilter plugin turned the pod down for every node. The scheduling cycle then stops before
    /// DynamicResources' PreFilter, whose PostFilter finds no state of its own and answers "not found".
    /// </summary>
    public static string ForPreFilter(int nodeCount, string message) => $"0/{nodeCount} nodes are available: {message}. not found";

    // sortReasonsHistogram: "<count> <reason>", sorted as strings.
    private static string Histogram(IEnumerable<string> reasons) =>
        string.Join(", ", reasons.GroupBy(r => r).Select(g => $"{g.Count()} {g.Key}").Order(StringComparer.Ordinal));
}
