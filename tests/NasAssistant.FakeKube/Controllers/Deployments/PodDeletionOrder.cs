using System.Globalization;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers.Deployments;

/// <summary>
/// Which pods a ReplicaSet deletes first when scaled down: ActivePodsWithRanks.Less
/// (pkg/controller/controller_utils.go), so unscheduled, pending and unready pods go before serving ones.
/// </summary>
internal static class PodDeletionOrder
{
    private const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The <paramref name="count"/> pods of <paramref name="pods"/> to delete.</summary>
    public static IReadOnlyList<PodView> PickForDeletion(IReadOnlyList<PodView> pods, int count)
    {
        // The rank of a pod is how many of its siblings share its node: doubled-up pods go first.
        var perNode = pods.Where(p => p.NodeName is not null).GroupBy(p => p.NodeName!).ToDictionary(g => g.Key, g => g.Count());
        int Rank(PodView pod) => pod.NodeName is { } node ? perNode[node] : 0;
        return pods.Order(Comparer<PodView>.Create((a, b) => Compare(a, b, Rank))).Take(count).ToList();
    }

    private static int Compare(PodView a, PodView b, Func<PodView, int> rank)
    {
        // 1. Unassigned before assigned.
        if ((a.NodeName is null) != (b.NodeName is null))
        {
            return a.NodeName is null ? -1 : 1;
        }

        // 2. Pending before Unknown before Running.
        var byPhase = PhaseOrdinal(a).CompareTo(PhaseOrdinal(b));
        if (byPhase != 0)
        {
            return byPhase;
        }

        // 3. Not ready before ready.
        if (a.IsReady != b.IsReady)
        {
            return a.IsReady ? 1 : -1;
        }

        // 4. Lower pod-deletion-cost first.
        var byCost = DeletionCost(a).CompareTo(DeletionCost(b));
        if (byCost != 0)
        {
            return byCost;
        }

        // 5. Higher rank (more doubled up) first.
        var byRank = rank(b).CompareTo(rank(a));
        if (byRank != 0)
        {
            return byRank;
        }

        // 6. Ready for less time first (the real controller compares on a logarithmic scale).
        if (a.IsReady && b.IsReady && a.ReadySince != b.ReadySince)
        {
            return (b.ReadySince ?? DateTimeOffset.MinValue).CompareTo(a.ReadySince ?? DateTimeOffset.MinValue);
        }

        // 7. More restarts first, 8. newer first.
        var byRestarts = b.RestartCount.CompareTo(a.RestartCount);
        return byRestarts != 0 ? byRestarts : b.Created.CompareTo(a.Created);
    }

    // podPhaseToOrdinal: Pending and anything unlisted are 0.
    private static int PhaseOrdinal(PodView pod) => pod.Phase switch
    {
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int DeletionCost(PodView pod) =>
        Meta.StringMap(pod.Json["metadata"]?["annotations"]).TryGetValue(DeletionCostAnnotation, out var text)
        && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost)
            ? cost
            : 0;
}
