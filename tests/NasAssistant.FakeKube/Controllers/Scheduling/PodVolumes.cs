using NasAssistant.FakeKube.Controllers.Volumes;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Scheduling;

/// <summary>
/// What a pod's PersistentVolumeClaims allow, as the VolumeRestrictions (plugins/volumerestrictions) and
/// VolumeBinding (plugins/volumebinding) plugins see it: worked out once per pod (their PreFilter), then
/// checked per node (their Filter).
/// </summary>
internal sealed class PodVolumes
{
    public const string ReadWriteOncePodConflict = "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode";
    public const string UnboundImmediateClaims = "pod has unbound immediate PersistentVolumeClaims";
    public const string VolumeNodeConflict = "node(s) had volume node affinity conflict";
    public const string NoVolumeToBind = "node(s) didn't find available persistent volumes to bind";

    /// <summary>How the framework reports the nodes a PreFilter result left out.</summary>
    public const string NotEligible = "node(s) didn't satisfy plugin(s) [VolumeBinding]";

    private readonly bool _readWriteOncePodInUse;
    private readonly IReadOnlyList<ClaimView> _boundClaims;
    private readonly IReadOnlyList<ClaimView> _claimsToProvision;
    private readonly StorageClasses _classes;

    private PodVolumes(bool readWriteOncePodInUse, IReadOnlyList<ClaimView> boundClaims, IReadOnlyList<ClaimView> claimsToProvision, StorageClasses classes, string? rejection)
    {
        _readWriteOncePodInUse = readWriteOncePodInUse;
        _boundClaims = boundClaims;
        _claimsToProvision = claimsToProvision;
        _classes = classes;
        Rejection = rejection;
    }

    /// <summary>Why the pod cannot be scheduled anywhere, when a PreFilter says so.</summary>
    public string? Rejection { get; }

    /// <summary>
    /// GetEligibleNodes (volumebinding/binder.go): the node of the pod's bound local volumes, or null for
    /// any node.
    /// </summary>
    public string? EligibleNode { get; private init; }

    public static PodVolumes PreFilter(PodView pod, SchedulingSnapshot snapshot)
    {
        // readWriteOncePodPVCsForPod (VolumeRestrictions): every claim must exist.
        var names = pod.ClaimNames.Distinct().ToList();
        if (names.FirstOrDefault(n => snapshot.Claim(pod.Namespace, n) is null) is { } missing)
        {
            return Rejected(snapshot, $"persistentvolumeclaim \"{missing}\" not found");
        }

        // podHasPVCs (VolumeBinding): and none may be lost or on its way out.
        var claims = names.Select(n => snapshot.Claim(pod.Namespace, n)!).ToList();
        foreach (var claim in claims)
        {
            if (claim.Phase == "Lost")
            {
                return Rejected(snapshot, $"persistentvolumeclaim \"{claim.Name}\" bound to non-existent persistentvolume \"{JsonRead.OptionalText(claim.Json["spec"]?["volumeName"])}\"");
            }

            if (claim.IsDeleting)
            {
                return Rejected(snapshot, $"persistentvolumeclaim \"{claim.Name}\" is being deleted");
            }
        }

        // GetPodVolumeClaims: an unbound claim may wait for its first consumer only with such a class.
        var unbound = claims.Where(c => !c.IsBound).ToList();
        if (unbound.Any(c => !snapshot.Classes.WaitsForFirstConsumer(c)))
        {
            return Rejected(snapshot, UnboundImmediateClaims);
        }

        // Local volumes on two different nodes leave no node at all (RunPreFilterPlugins).
        var bound = claims.Where(c => c.IsBound).ToList();
        var localNodes = bound.Select(c => c.SelectedNode).OfType<string>().Distinct().ToList();
        if (localNodes.Count > 1)
        {
            return Rejected(snapshot, "node(s) didn't satisfy plugin VolumeBinding");
        }

        // calPreFilterState (VolumeRestrictions): a ReadWriteOncePod claim already used by a scheduled pod.
        var inUse = claims.Where(c => c.IsReadWriteOncePod)
            .Any(c => snapshot.AssignedPods.Any(a => a.Pod.Namespace == pod.Namespace && a.Pod.ClaimNames.Contains(c.Name)));
        return new PodVolumes(inUse, bound, unbound, snapshot.Classes, rejection: null) { EligibleNode = localNodes.SingleOrDefault() };
    }

    /// <summary>VolumeRestrictions.Filter for ReadWriteOncePod: preemption might free the claim.</summary>
    public NodeRejection? FilterRestrictions() =>
        _readWriteOncePodInUse ? new NodeRejection(ReadWriteOncePodConflict, PreemptionMayHelp: true) : null;

    /// <summary>
    /// VolumeBinding.Filter (FindPodVolumes): bound local volumes must be on the node (checkBoundClaims);
    /// unbound ones need a provisioner whose class allows the node (checkVolumeProvisions).
    /// </summary>
    public NodeRejection? FilterBinding(NodeView node)
    {
        if (_boundClaims.Any(c => c.SelectedNode is { } selected && selected != node.Name))
        {
            return new NodeRejection(VolumeNodeConflict);
        }

        var provisionable = _claimsToProvision.All(c =>
            _classes.ProvisionerFor(c) is not null && NodeSelectors.MatchesTopology(_classes.AllowedTopologies(c), node));
        return provisionable ? null : new NodeRejection(NoVolumeToBind);
    }

    private static PodVolumes Rejected(SchedulingSnapshot snapshot, string message) =>
        new(false, [], [], snapshot.Classes, message);
}
