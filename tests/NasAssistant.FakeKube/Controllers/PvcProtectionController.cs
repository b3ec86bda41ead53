using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Controllers.GarbageCollection;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Watch;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// Stands in for kube-controller-manager's pvc-protection controller
/// (pkg/controller/volume/pvcprotection/pvc_protection_controller.go): a deleted claim keeps its
/// <c>kubernetes.io/pvc-protection</c> finalizer while a scheduled pod in its namespace uses it, and
/// loses it (so it goes) once none does. Pods are whatever the store holds.
/// </summary>
internal sealed class PvcProtectionController : IAsyncDisposable
{
    private const string CoreV1 = "v1";
    private const string ClaimKind = "PersistentVolumeClaim";

    private readonly ResourceStore _store;
    private readonly ControllerLoop _loop;

    public PvcProtectionController(ResourceStore store, ILogger logger)
    {
        _store = store;
        _loop = new ControllerLoop("pvc-protection", store, t => IsCore(t, "persistentvolumeclaims") || IsCore(t, "pods"), HandleAsync, logger);
    }

    public ValueTask DisposeAsync() => _loop.DisposeAsync();

    private Task HandleAsync(WatchEvent change, CancellationToken cancellation)
    {
        var obj = change.Object;
        if (IsCore(change.Resource, "persistentvolumeclaims"))
        {
            if (change.Type != WatchEvent.Deleted)
            {
                ProcessClaim(Meta.Namespace(obj), Meta.Name(obj));
            }
        }
        else if (change.Type == WatchEvent.Deleted || IsTerminated(obj) || NodeName(obj).Length == 0)
        {
            // enqueuePVCs: only pods that can no longer hold a claim are worth a look at their claims.
            foreach (var claim in ClaimNames(obj))
            {
                ProcessClaim(Meta.Namespace(obj), claim);
            }
        }

        return Task.CompletedTask;
    }

    // processPVC: release a deleted claim nobody uses; give the finalizer back to a live claim without it.
    private void ProcessClaim(string ns, string name)
    {
        if (_store.Get(CoreV1, ClaimKind, ns, name) is not { } claim)
        {
            return;
        }

        var protectedClaim = Meta.Finalizers(claim).Contains(ResourceStore.PvcProtectionFinalizer);
        if (Meta.IsDeleting(claim) && protectedClaim && !IsBeingUsed(claim))
        {
            _store.Update(CoreV1, ClaimKind, ns, name, c => Meta.SetFinalizers(c, Meta.Finalizers(c).Where(f => f != ResourceStore.PvcProtectionFinalizer).ToList()));
        }
        else if (!Meta.IsDeleting(claim) && !protectedClaim)
        {
            _store.Update(CoreV1, ClaimKind, ns, name, c => Meta.SetFinalizers(c, [.. Meta.Finalizers(c), ResourceStore.PvcProtectionFinalizer]));
        }
    }

    private bool IsBeingUsed(JsonObject claim) =>
        _store.List(CoreV1, "Pod", Meta.Namespace(claim)).Any(pod => UsesClaim(pod, claim));

    // podUsesPVC: only a scheduled pod counts, as the kubelet refuses to start one on a deleted claim;
    // a generic ephemeral volume's claim counts until its pod is shut down.
    private static bool UsesClaim(JsonObject pod, JsonObject claim) =>
        NodeName(pod).Length > 0 && Volumes(pod).Any(volume =>
            Text(volume["persistentVolumeClaim"]?["claimName"]) == Meta.Name(claim)
            || (!IsShutDown(pod) && volume["ephemeral"] is JsonObject && EphemeralClaimName(pod, volume) == Meta.Name(claim) && IsControlledBy(claim, pod)));

    private static IEnumerable<string> ClaimNames(JsonObject pod) =>
        Volumes(pod).Select(volume => volume["ephemeral"] is JsonObject ? EphemeralClaimName(pod, volume) : Text(volume["persistentVolumeClaim"]?["claimName"]))
            .Where(name => name.Length > 0);

    // ephemeral.VolumeClaimName and VolumeIsForPod (component-helpers/storage/ephemeral)
    private static string EphemeralClaimName(JsonObject pod, JsonObject volume) => $"{Meta.Name(pod)}-{Text(volume["name"])}";

    private static bool IsControlledBy(JsonObject claim, JsonObject pod) =>
        OwnerReference.Of(claim).Any(r => r.Controller == true && r.Uid == Meta.Uid(pod));

    // podIsShutDown: deleted with no grace period left.
    private static bool IsShutDown(JsonObject pod) => Meta.IsDeleting(pod) && Meta.DeletionGracePeriodSeconds(pod) == 0;

    // volumeutil.IsPodTerminated: finished, or deleted with no container running.
    private static bool IsTerminated(JsonObject pod)
    {
        var phase = Text(pod["status"]?["phase"]);
        if (phase is "Failed" or "Succeeded")
        {
            return true;
        }

        var statuses = new[] { "initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses" }
            .SelectMany(field => pod["status"]?[field] as JsonArray ?? []).OfType<JsonObject>();
        return Meta.IsDeleting(pod) && statuses.All(s => s["state"]?["terminated"] is not null || s["state"]?["waiting"] is not null);
    }

    private static IEnumerable<JsonObject> Volumes(JsonObject pod) => (pod["spec"]?["volumes"] as JsonArray ?? []).OfType<JsonObject>();

    private static string NodeName(JsonObject pod) => Text(pod["spec"]?["nodeName"]);

    private static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;

    private static bool IsCore(ResourceType type, string plural) => !type.IsCustom && type.Group.Length == 0 && type.Plural == plural;
}
