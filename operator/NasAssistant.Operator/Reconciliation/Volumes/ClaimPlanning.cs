using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation.Volumes;

/// <summary>Reads what <see cref="ClaimPlanner"/> needs: the live claim, and its StorageClass when the claim must grow.</summary>
internal sealed class ClaimPlanning(IKubernetes client, ChildApplier applier)
{
    public async Task<(ClaimPlan Plan, UnstructuredObject? Live)> PlanAsync(
        AssistantDeployment ad, V1PersistentVolumeClaim wanted, CancellationToken cancellationToken)
    {
        var live = await applier.ReadAsync(KubernetesKind.PersistentVolumeClaim, wanted.Metadata.NamespaceProperty, wanted.Metadata.Name, cancellationToken);
        var liveClaim = live is null ? null : KubernetesJson.Deserialize<V1PersistentVolumeClaim>(live.ToJson().ToJsonString());
        V1StorageClass? storageClass = null;
        if (ClaimPlanner.Grows(wanted, liveClaim) && liveClaim!.Spec.StorageClassName is { Length: > 0 } className)
        {
            storageClass = await ApiErrors.ReadOrNullAsync(() => client.StorageV1.ReadStorageClassAsync(className, cancellationToken: cancellationToken));
        }

        var name = wanted.Metadata.Name;
        var field = name == Naming.ModelsClaim(ad) ? "spec.storage.models" : name == Naming.GatewayDataClaim(ad) ? "spec.gateway" : "spec.storage.sessions";
        return (ClaimPlanner.Plan(field, wanted, liveClaim, storageClass), live);
    }
}
