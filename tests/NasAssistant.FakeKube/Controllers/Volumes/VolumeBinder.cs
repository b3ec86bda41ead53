using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers.Volumes;

/// <summary>
/// Stands in for the PV controller and the storage provisioners: claims of a class with a provisioner
/// are provisioned and bound, at once for Immediate classes (syncUnboundClaim, pkg/controller/volume/
/// persistentvolume/pv_controller.go) and on the node of their first pod for WaitForFirstConsumer ones
/// (the scheduler's PreBind, BindPodVolumes in volumebinding/binder.go, marks the node). No
/// PersistentVolume objects exist: a claim provisioned for a node keeps that node in its
/// <c>volume.kubernetes.io/selected-node</c> annotation, and the scheduler treats it as the node
/// affinity of a local volume, which is what k3s' local-path provisioner creates.
/// </summary>
internal sealed class VolumeBinder(ResourceStore store, StorageClasses classes)
{
    /// <summary>Provisions an unbound claim of an Immediate class.</summary>
    public void Sync(ClaimView claim)
    {
        if (!claim.IsBound && !claim.IsDeleting && !classes.WaitsForFirstConsumer(claim) && classes.ProvisionerFor(claim) is { } provisioner)
        {
            Bind(claim, provisioner, node: null);
        }
    }

    /// <summary>Provisions the pod's unbound WaitForFirstConsumer claims on <paramref name="node"/>.</summary>
    public void BindForPod(PodView pod, string node)
    {
        foreach (var name in pod.ClaimNames.Distinct())
        {
            if (store.Get("v1", "PersistentVolumeClaim", pod.Namespace, name) is { } json
                && new ClaimView(json) is { IsBound: false } claim
                && classes.WaitsForFirstConsumer(claim)
                && classes.ProvisionerFor(claim) is { } provisioner)
            {
                Bind(claim, provisioner, node);
            }
        }
    }

    // What a bound claim looks like once the provisioner created its volume (named pvc-<claim uid>, as
    // external provisioners do) and the PV controller bound them (bindClaimToVolume, updateClaimStatus).
    private void Bind(ClaimView claim, string provisioner, string? node) =>
        store.Update("v1", "PersistentVolumeClaim", claim.Namespace, claim.Name, pvc =>
        {
            var annotations = Meta.Section(Meta.Of(pvc), "annotations");
            if (node is not null)
            {
                annotations[ClaimView.SelectedNodeAnnotation] = node;
            }

            annotations[ClaimView.BindCompletedAnnotation] = "yes";
            annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
            annotations["volume.beta.kubernetes.io/storage-provisioner"] = provisioner;
            annotations["volume.kubernetes.io/storage-provisioner"] = provisioner;
            var spec = Meta.Section(pvc, "spec");
            spec["volumeName"] = $"pvc-{Meta.Uid(pvc)}";
            pvc["status"] = new JsonObject
            {
                ["phase"] = "Bound",
                ["accessModes"] = spec["accessModes"]?.DeepClone(),
                ["capacity"] = new JsonObject { ["storage"] = spec["resources"]?["requests"]?["storage"]?.DeepClone() },
            };
        });
}
