using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>
/// The one apply path for every child: server-side apply with the operator's field manager, so the live
/// object ends up with exactly the fields the operator sets — a field it stops setting is removed — while
/// fields others own (the HPA's replicas, API server defaults, other controllers' annotations) stay.
/// A converged child costs no write; an object that belongs to someone else is never touched; a child the
/// API server refuses is reported, not thrown, so the other children are still reconciled. Reads go
/// through the reconcile's <see cref="ClusterReader"/>, writes are recorded in it.
/// </summary>
internal sealed class ChildApplier(KubeApi api, ClusterReader cluster)
{
    /// <summary>Where this reconcile reads the cluster.</summary>
    public ClusterReader Cluster => cluster;

    public async Task<ApplyResult> ApplyAsync(IKubernetesObject<V1ObjectMeta> desired, AssistantDeployment owner, CancellationToken cancellationToken)
    {
        var kind = KubernetesKind.Of(desired.ApiVersion, desired.Kind);
        var live = await cluster.ReadAsync(kind, desired.Metadata.NamespaceProperty, desired.Metadata.Name, cancellationToken);
        return await ApplyAsync(desired, live, owner, cancellationToken);
    }

    /// <summary>Applies <paramref name="desired"/> over <paramref name="live"/>, the object as just read (null: absent).</summary>
    public async Task<ApplyResult> ApplyAsync(
        IKubernetesObject<V1ObjectMeta> desired, JsonObject? live, AssistantDeployment owner, CancellationToken cancellationToken)
    {
        var kind = KubernetesKind.Of(desired.ApiVersion, desired.Kind);
        var ns = desired.Metadata.NamespaceProperty;
        var name = desired.Metadata.Name;
        if (live is not null && !Ownership.IsOwnedBy(live, owner) && !Ownership.CanAdopt(live, owner))
        {
            return new(ApplyOutcome.OwnedByOther, live);
        }

        var applied = AppliedConfiguration.Of(desired);
        if (live is not null && AppliedConfiguration.IsCurrent(live, applied))
        {
            return new(ApplyOutcome.Unchanged, live);
        }

        try
        {
            // force: the operator is the authority on the fields it sets; another manager that changed one
            // by hand (kubectl edit) loses it back, as with a controller-runtime operator.
            var written = await api.PatchAsync(
                kind.Path(ns, name), PatchKind.Apply, applied.ToJsonString(), Naming.FieldManager, force: true, cancellationToken);
            cluster.Record(kind, written);
            return new(live is null ? ApplyOutcome.Created : ApplyOutcome.Updated, written);
        }
        catch (HttpOperationException e) when (ApiErrors.IsRejection(e))
        {
            return new(ApplyOutcome.Rejected, live, new ChildRejection($"{desired.Kind} {name}", ApiErrors.Code(e), ApiErrors.Explain(e)));
        }
    }

    /// <summary>Deletes a child that is no longer wanted, only if this owner controls it.</summary>
    public async Task<bool> DeleteIfOwnedAsync(KubernetesKind kind, string ns, string name, AssistantDeployment owner, CancellationToken cancellationToken) =>
        await DeleteIfAsync(kind, ns, name, await cluster.FindLabelledAsync(kind, ns, name, cancellationToken), live => Ownership.IsOwnedBy(live, owner), cancellationToken);

    /// <summary>
    /// Deletes a child this owner controls or made and let go of (a claim without owner reference, or one
    /// an orphaning deletion released), as its labels tell; never anyone else's object of that name. For
    /// the finalizer: it reads the API server, since no later reconcile would mend what a stale cache hid.
    /// </summary>
    public async Task<bool> DeleteIfOursAsync(KubernetesKind kind, string ns, string name, AssistantDeployment owner, CancellationToken cancellationToken) =>
        await DeleteIfAsync(kind, ns, name, await cluster.FindLabelledLiveAsync(kind, ns, name, cancellationToken),
            live => Ownership.IsOwnedBy(live, owner) || Ownership.CanAdopt(live, owner), cancellationToken);

    // Only what carries the operator's label is ever deleted. The cache forgets the object only once the
    // API server said it is going: after a failed delete the next reconcile must try again.
    private async Task<bool> DeleteIfAsync(KubernetesKind kind, string ns, string name, JsonObject? actual, Func<JsonObject, bool> ours, CancellationToken cancellationToken)
    {
        if (actual is null || !ours(actual))
        {
            return false;
        }

        try
        {
            await api.DeleteAsync(kind.Path(ns, name), cancellationToken);
            cluster.Deleted(kind, ns, name);
            return true;
        }
        catch (HttpOperationException e) when (ApiErrors.IsNotFound(e))
        {
            cluster.Deleted(kind, ns, name);
            return false;
        }
    }

    /// <summary>
    /// Removes the owner's reference from a child (a volume to keep), leaving every other field as it is.
    /// The JSON patch tests the entry first, so a concurrent change of the list fails instead of removing
    /// the wrong reference; the next reconcile looks again.
    /// </summary>
    public async Task ReleaseAsync(KubernetesKind kind, string ns, string name, AssistantDeployment owner, CancellationToken cancellationToken)
    {
        // Read from the API server: a reference the cache has not seen yet would let the garbage collector take the volume.
        var live = await cluster.FindLabelledLiveAsync(kind, ns, name, cancellationToken);
        var index = live is null ? -1 : ObjectMetaOf(live).OwnerReferences?.ToList().FindIndex(r => r.Uid == owner.Metadata.Uid) ?? -1;
        if (index < 0)
        {
            return;
        }

        var patch = $$"""
            [{"op":"test","path":"/metadata/ownerReferences/{{index}}/uid","value":"{{owner.Metadata.Uid}}"},
             {"op":"remove","path":"/metadata/ownerReferences/{{index}}"}]
            """;
        var result = await api.PatchAsync(kind.Path(ns, name), PatchKind.Json, patch, Naming.FieldManager, force: false, cancellationToken);
        cluster.Record(kind, result);
    }

    private static V1ObjectMeta ObjectMetaOf(JsonObject obj) => OperatorJson.Deserialize<V1ObjectMeta>(obj["metadata"]!);
}
