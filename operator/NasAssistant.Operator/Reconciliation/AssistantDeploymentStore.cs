using System.Text.Json.Nodes;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// Reads and writes AssistantDeployments: the finalizer through the resource, status through its
/// subresource. A reconcile reads the resource through its <see cref="ClusterReader"/> (the primary
/// informer's cache); every write carries the resourceVersion read, so a cached copy that was out of date
/// fails with a conflict, and only then is the resource read live and the change made on that copy.
/// What a write made on the copy read returns is recorded in the cache, so the next reconcile reads it
/// however late its watch event comes. After a conflict nothing is recorded: the live copy may hold a
/// change of someone else's (a new spec) whose watch event must still reach the controller and queue work.
/// </summary>
internal sealed class AssistantDeploymentStore(KubeApi api, ClusterReader cluster)
{
    private const int Attempts = 5;

    public async Task<AssistantDeployment?> ReadAsync(ResourceKey key, CancellationToken cancellationToken) =>
        ToResource(await cluster.ReadAsync(KubernetesKind.AssistantDeployment, key.Namespace, key.Name, cancellationToken));

    public Task<AssistantDeployment> EnsureFinalizerAsync(AssistantDeployment ad, CancellationToken cancellationToken) =>
        ChangeAsync(ad, fresh =>
        {
            fresh.Metadata.Finalizers ??= [];
            if (fresh.Metadata.Finalizers.Contains(Naming.Finalizer))
            {
                return false;
            }

            fresh.Metadata.Finalizers.Add(Naming.Finalizer);
            return true;
        }, cancellationToken);

    public Task<AssistantDeployment> RemoveFinalizerAsync(AssistantDeployment ad, CancellationToken cancellationToken) =>
        ChangeAsync(ad, fresh => fresh.Metadata.Finalizers?.Remove(Naming.Finalizer) ?? false, cancellationToken);

    /// <summary>Writes the status subresource; on a conflict the status is written onto a fresh copy.</summary>
    public async Task ReplaceStatusAsync(AssistantDeployment ad, AssistantDeploymentStatus status, CancellationToken cancellationToken)
    {
        var current = ad;
        for (var attempt = 1; ; attempt++)
        {
            current.Status = status;
            try
            {
                var written = await api.ReplaceAsync(PathOf(current).Sub("status"), OperatorJson.ToTree(current), cancellationToken);
                RecordIfFirst(attempt, written);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
                current = await ReadLiveAsync(ad, cancellationToken)
                    ?? throw new InvalidOperationException($"{ad.Metadata.Name} disappeared while its status was written", e);
            }
        }
    }

    // Applies a metadata change, re-reading the live object on conflict so a user's concurrent edit is never lost.
    private async Task<AssistantDeployment> ChangeAsync(AssistantDeployment ad, Func<AssistantDeployment, bool> change, CancellationToken cancellationToken)
    {
        var current = ad;
        for (var attempt = 1; ; attempt++)
        {
            if (!change(current))
            {
                return current;
            }

            try
            {
                var written = await api.ReplaceAsync(PathOf(current), OperatorJson.ToTree(current), cancellationToken);
                RecordIfFirst(attempt, written);
                return ToResource(written)!;
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
                current = await ReadLiveAsync(ad, cancellationToken) ?? ad;
            }
        }
    }

    private async Task<AssistantDeployment?> ReadLiveAsync(AssistantDeployment ad, CancellationToken cancellationToken) =>
        ToResource(await cluster.ReadLiveAsync(KubernetesKind.AssistantDeployment, ad.Metadata.NamespaceProperty, ad.Metadata.Name, cancellationToken));

    private void RecordIfFirst(int attempt, JsonObject written)
    {
        if (attempt == 1)
        {
            cluster.Record(KubernetesKind.AssistantDeployment, written);
        }
    }

    // A copy of its own: the cache's objects are never changed in place.
    private static AssistantDeployment? ToResource(JsonObject? obj) =>
        obj is null ? null : OperatorJson.Deserialize<AssistantDeployment>(obj);

    private static ResourcePath PathOf(AssistantDeployment ad) =>
        KubernetesKind.AssistantDeployment.Path(ad.Metadata.NamespaceProperty, ad.Metadata.Name);
}
