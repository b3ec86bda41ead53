using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The registry's side of garbage collection: which of the collector's finalizers a delete request
/// puts on the object (<c>orphan</c> for Orphan, <c>foregroundDeletion</c> for Foreground, neither for
/// Background), from the DeleteOptions, the finalizers already there and the resource's default policy.
/// </summary>
internal static class GarbageCollectionFinalizers
{
    /// <summary>metav1.FinalizerOrphanDependents: the collector removes the owner's references from its dependents.</summary>
    public const string Orphan = "orphan";

    /// <summary>metav1.FinalizerDeleteDependents: the collector deletes the dependents first.</summary>
    public const string Foreground = "foregroundDeletion";

    /// <summary>core/v1 and events.k8s.io/v1 Events, which the garbage collector also ignores.</summary>
    public static bool IsEvent(ResourceType type) => !type.IsCustom && type.Plural == "events" && type.Group is "" or "events.k8s.io";

    /// <summary>
    /// The finalizers the object should carry once deleted, or null when they stay as they are.
    /// Port of deletionFinalizersForGarbageCollection (apiserver/pkg/registry/generic/registry/store.go).
    /// </summary>
    public static IReadOnlyList<string>? For(ResourceType type, JsonObject current, DeleteRequest request)
    {
        var existing = Meta.Finalizers(current);
        var next = existing.Where(f => f is not (Orphan or Foreground)).ToList();
        if (ShouldOrphanDependents(type, existing, request))
        {
            next.Add(Orphan);
        }

        if (ShouldDeleteDependents(type, existing, request))
        {
            next.Add(Foreground);
        }

        return next.ToHashSet(StringComparer.Ordinal).SetEquals(existing) ? null : next;
    }

    // shouldOrphanDependents (store.go): options first, then the finalizers already set, then the default.
    private static bool ShouldOrphanDependents(ResourceType type, IReadOnlyList<string> finalizers, DeleteRequest request)
    {
        if (IsUnsupported(type))
        {
            return false;
        }

        if (request.OrphanDependents is { } orphan)
        {
            return orphan;
        }

        if (request.PropagationPolicy is { } policy)
        {
            return policy == DeleteRequest.Orphan;
        }

        return FirstCollectorFinalizer(finalizers) == Orphan;
    }

    // shouldDeleteDependents (store.go): no resource the fake serves defaults to foreground.
    private static bool ShouldDeleteDependents(ResourceType type, IReadOnlyList<string> finalizers, DeleteRequest request)
    {
        if (IsUnsupported(type) || request.OrphanDependents is not null)
        {
            return false;
        }

        if (request.PropagationPolicy is { } policy)
        {
            return policy == DeleteRequest.Foreground;
        }

        return FirstCollectorFinalizer(finalizers) == Foreground;
    }

    private static string? FirstCollectorFinalizer(IReadOnlyList<string> finalizers) =>
        finalizers.FirstOrDefault(f => f is Orphan or Foreground);

    // Events answer DefaultGarbageCollectionPolicy with rest.Unsupported (pkg/registry/core/event/strategy.go);
    // every other resource served here defaults to background deletion (DeleteDependents).
    private static bool IsUnsupported(ResourceType type) => IsEvent(type);
}
