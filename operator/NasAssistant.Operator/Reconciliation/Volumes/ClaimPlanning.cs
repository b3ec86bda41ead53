using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation.Volumes;

/// <summary>Gives <see cref="ClaimPlanner"/> what it needs besides the live claim: the claim's StorageClass when it must grow.</summary>
internal sealed class ClaimPlanning(IKubernetes client)
{
    public async Task<ClaimPlan> PlanAsync(AssistantDeployment ad, V1PersistentVolumeClaim wanted, JsonObject? live, CancellationToken cancellationToken)
    {
        var liveClaim = live is null ? null : KubernetesJson.Deserialize<V1PersistentVolumeClaim>(live.ToJsonString());
        V1StorageClass? storageClass = null;
        if (ClaimPlanner.Grows(wanted, liveClaim) && liveClaim!.Spec.StorageClassName is { Length: > 0 } className)
        {
            storageClass = await ApiErrors.ReadOrNullAsync(() => client.StorageV1.ReadStorageClassAsync(className, cancellationToken: cancellationToken));
        }

        var name = wanted.Metadata.Name;
        var field = name == Naming.ModelsClaim(ad) ? "spec.storage.models" : name == Naming.GatewayDataClaim(ad) ? "spec.gateway" : "spec.storage.sessions";
        return ClaimPlanner.Plan(field, wanted, liveClaim, storageClass);
    }
}
