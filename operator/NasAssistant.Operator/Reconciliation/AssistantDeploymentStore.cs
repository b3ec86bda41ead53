using k8s;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Controller;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>Reads and writes AssistantDeployments: the finalizer through the resource, status through its subresource.</summary>
internal sealed class AssistantDeploymentStore(IKubernetes client)
{
    private const int Attempts = 5;

    public async Task<AssistantDeployment?> ReadAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        using var api = Api();
        return await ApiErrors.ReadOrNullAsync(() => api.ReadNamespacedAsync<AssistantDeployment>(key.Namespace, key.Name, cancellationToken));
    }

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
                await client.CustomObjects.ReplaceNamespacedCustomObjectStatusAsync(
                    current, AssistantDeployment.Group, AssistantDeployment.Version, current.Metadata.NamespaceProperty,
                    AssistantDeployment.Plural, current.Metadata.Name, cancellationToken: cancellationToken);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
                current = await ReadAsync(new(ad.Metadata.NamespaceProperty, ad.Metadata.Name), cancellationToken)
                    ?? throw new InvalidOperationException($"{ad.Metadata.Name} disappeared while its status was written", e);
            }
        }
    }

    // Applies a metadata change to the live object, re-reading on conflict so a user's concurrent edit is never lost.
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
                return await api.ReplaceNamespacedAsync(current, current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken);
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
                current = await ReadAsync(new(ad.Metadata.NamespaceProperty, ad.Metadata.Name), cancellationToken) ?? ad;
            }
        }
    }

    private GenericClient Api() =>
        new(client, AssistantDeployment.Group, AssistantDeployment.Version, AssistantDeployment.Plural, disposeClient: false);
}
