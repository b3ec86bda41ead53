using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// The one apply path for every child: create when missing; when present, write only if a field the
/// operator sets differs, keeping every other field as the cluster has it; retry a conflict with a
/// fresh read; never touch an object that belongs to someone else.
/// </summary>
internal sealed class ChildApplier(IKubernetes client)
{
    private const int Attempts = 5;

    public async Task<(ApplyOutcome Outcome, UnstructuredObject? Current)> ApplyAsync(
        IKubernetesObject<V1ObjectMeta> desired, AssistantDeployment owner, CancellationToken cancellationToken)
    {
        var kind = KubernetesKind.Of(desired.ApiVersion, desired.Kind);
        using var api = Client(kind);
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        var wanted = JsonTree.Of(desired);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var actual = await ApiErrors.ReadOrNullAsync(() => api.ReadNamespacedAsync<UnstructuredObject>(ns, name, cancellationToken));
                if (actual is null)
                {
                    var created = await api.CreateNamespacedAsync(UnstructuredObject.FromJson(wanted), ns, cancellationToken);
                    return (ApplyOutcome.Created, created);
                }

                if (!Ownership.IsOwnedBy(actual.Metadata, owner) && !Ownership.CanAdopt(actual.Metadata, owner))
                {
                    return (ApplyOutcome.OwnedByOther, actual);
                }

                var current = actual.ToJson();
                if (JsonTree.Contains(current, wanted))
                {
                    return (ApplyOutcome.Unchanged, actual);
                }

                // resourceVersion stays the one read, so a concurrent change makes this a 409, not a lost update.
                var merged = UnstructuredObject.FromJson(JsonTree.Merge(current, wanted));
                var updated = await api.ReplaceNamespacedAsync(merged, ns, name, cancellationToken);
                return (ApplyOutcome.Updated, updated);
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
                // Someone changed it (or created it) since the read: read again and decide afresh.
            }
        }
    }

    /// <summary>Reads a child, or null when it does not exist.</summary>
    public async Task<UnstructuredObject?> ReadAsync(KubernetesKind kind, string ns, string name, CancellationToken cancellationToken)
    {
        using var api = Client(kind);
        return await ApiErrors.ReadOrNullAsync(() => api.ReadNamespacedAsync<UnstructuredObject>(ns, name, cancellationToken));
    }

    /// <summary>Deletes a child that is no longer wanted, only if this owner controls it.</summary>
    public async Task<bool> DeleteIfOwnedAsync(KubernetesKind kind, string ns, string name, AssistantDeployment owner, CancellationToken cancellationToken)
    {
        using var api = Client(kind);
        var actual = await ApiErrors.ReadOrNullAsync(() => api.ReadNamespacedAsync<UnstructuredObject>(ns, name, cancellationToken));
        if (actual is null || !Ownership.IsOwnedBy(actual.Metadata, owner))
        {
            return false;
        }

        try
        {
            await api.DeleteNamespacedAsync<UnstructuredObject>(ns, name, cancellationToken);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            return false;
        }
    }

    /// <summary>Writes a changed child back (used to drop an owner reference), retrying conflicts on a fresh copy.</summary>
    public async Task UpdateAsync(
        KubernetesKind kind, string ns, string name, Func<UnstructuredObject, bool> change, CancellationToken cancellationToken)
    {
        using var api = Client(kind);
        for (var attempt = 1; ; attempt++)
        {
            var actual = await ApiErrors.ReadOrNullAsync(() => api.ReadNamespacedAsync<UnstructuredObject>(ns, name, cancellationToken));
            if (actual is null || !change(actual))
            {
                return;
            }

            try
            {
                await api.ReplaceNamespacedAsync(actual, ns, name, cancellationToken);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (ApiErrors.IsConflict(e) && attempt < Attempts)
            {
            }
        }
    }

    private GenericClient Client(KubernetesKind kind) => new(client, kind.Group, kind.Version, kind.Plural, disposeClient: false);
}
