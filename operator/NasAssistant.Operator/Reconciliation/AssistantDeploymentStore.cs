using k8s;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
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
internal sealed class AssistantDeploymentStore(IKubernetes client, ClusterReader cluster)
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
                var written = await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync<AssistantDeployment>(
                    current, AssistantDeployment.Group, AssistantDeployment.Version, current.Metadata.NamespaceProperty,
                    AssistantDeployment.Plural, current.Metadata.Name, cancellationToken: cancellationToken);
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
        using var api = Api();
        var current = ad;
        for (var attempt = 1; ; attempt++)
        {
            if (!change(current))
            {
                return current;
            }

            try
            {
                var written = await api.ReplaceNamespacedAsync(current, current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken);
                RecordIfFirst(attempt, written);
                return written;
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
                current = await ReadLiveAsync(ad, cancellationToken) ?? ad;
            }
        }
    }

    private async Task<AssistantDeployment?> ReadLiveAsync(AssistantDeployment ad, CancellationToken cancellationToken) =>
        ToResource(await cluster.ReadLiveAsync(KubernetesKind.AssistantDeployment, ad.Metadata.NamespaceProperty, ad.Metadata.Name, cancellationToken));

    private void RecordIfFirst(int attempt, AssistantDeployment written)
    {
        if (attempt == 1)
        {
            cluster.Record(KubernetesKind.AssistantDeployment, JsonTree.Of(written));
        }
    }

    // A copy of its own: the cache's objects are never changed in place.
    private static AssistantDeployment? ToResource(System.Text.Json.Nodes.JsonObject? obj) =>
        obj is null ? null : KubernetesJson.Deserialize<AssistantDeployment>(obj.ToJsonString());

    private GenericClient Api() =>
        new(client, AssistantDeployment.Group, AssistantDeployment.Version, AssistantDeployment.Plural, disposeClient: false);
}
