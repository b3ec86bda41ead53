using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation.Volumes;

/// <summary>Gives <see cref="ClaimPlanner"/> what it needs besides the live claim: the claim's StorageClass when it must grow.</summary>
internal sealed class ClaimPlanning(KubeApi api)
{
    public async Task<ClaimPlan> PlanAsync(AssistantDeployment ad, V1PersistentVolumeClaim wanted, JsonObject? live, CancellationToken cancellationToken)
    {
        var liveClaim = live is null ? null : OperatorJson.Deserialize<V1PersistentVolumeClaim>(live);
        V1StorageClass? storageClass = null;
        if (ClaimPlanner.Grows(wanted, liveClaim) && liveClaim!.Spec.StorageClassName is { Length: > 0 } className)
        {
            var found = await ApiErrors.ReadOrNullAsync(() => api.GetAsync(KubernetesKind.StorageClass.Path().Named(className), cancellationToken));
            storageClass = found is null ? null : OperatorJson.Deserialize<V1StorageClass>(found);
        }

        var name = wanted.Metadata.Name;
        var field = name == Naming.ModelsClaim(ad) ? "spec.storage.models" : name == Naming.GatewayDataClaim(ad) ? "spec.gateway" : "spec.storage.sessions";
        return ClaimPlanner.Plan(field, wanted, liveClaim, storageClass);
    }
}
