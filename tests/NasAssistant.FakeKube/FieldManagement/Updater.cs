using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Computes owned field sets on writes and merges applied configurations, ported from
/// structured-merge-diff's merge/update.go (Updater.Update, Updater.Apply, prune and its add-back
/// steps). Objects are stored in one version, so conversion between versions is the identity.
/// </summary>
internal sealed class Updater
{
    private readonly SmdType _type;
    private readonly FieldSet? _ignored;

    /// <param name="type">The object's type.</param>
    /// <param name="ignored">The strategy's reset fields: never owned, never conflicting (e.g. status on the main resource).</param>
    public Updater(SmdType type, FieldSet? ignored)
    {
        _type = type;
        _ignored = ignored;
    }

    /// <summary>A non-apply write: the manager takes what it changed, others lose what it changed or removed.</summary>
    public Dictionary<ManagerKey, VersionedSet> Update(JsonNode live, JsonNode updated, string version, Dictionary<ManagerKey, VersionedSet> managers, ManagerKey manager)
    {
        var (result, compare) = UpdateManagers(live, updated, managers, manager, force: true);
        var set = (result.TryGetValue(manager, out var previous) ? previous.Set : new FieldSet())
            .Difference(compare.Removed).Union(compare.Modified).Union(compare.Added);
        set = Filter(set);
        if (set.IsEmpty)
        {
            result.Remove(manager);
        }
        else
        {
            result[manager] = new VersionedSet(set, version, Applied: false);
        }

        return result;
    }

    /// <summary>
    /// An apply: merges <paramref name="config"/> into <paramref name="live"/>, removes what the manager
    /// applied last time and no longer does (unless another manager owns it), and fails on conflicts
    /// unless forced. The object is null when nothing changed.
    /// </summary>
    public (JsonNode? Object, Dictionary<ManagerKey, VersionedSet> Managers) Apply(JsonNode live, JsonNode config, string version, Dictionary<ManagerKey, VersionedSet> managers, ManagerKey manager, bool force)
    {
        managers = new Dictionary<ManagerKey, VersionedSet>(managers);
        var merged = ObjectMerger.Merge(live, config, _type) ?? new JsonObject();
        managers.TryGetValue(manager, out var lastSet);
        managers[manager] = new VersionedSet(Filter(FieldSetBuilder.Build(config, _type)), version, Applied: true);
        merged = Prune(merged, managers, lastSet);
        var (result, _) = UpdateManagers(live, merged, managers, manager, force);
        return (JsonValues.Equal(live, merged) ? null : merged, result);
    }

    // update: conflicts are fields others own that this write modifies or adds; forced, they change hands.
    private (Dictionary<ManagerKey, VersionedSet> Managers, Comparison Compare) UpdateManagers(JsonNode old, JsonNode updated, Dictionary<ManagerKey, VersionedSet> managers, ManagerKey workflow, bool force)
    {
        var compare = ObjectComparer.Compare(old, updated, _type).Excluding(_ignored);
        var conflicts = new Dictionary<ManagerKey, FieldSet>();
        var changed = compare.Modified.Union(compare.Added);
        foreach (var (manager, set) in managers)
        {
            if (manager != workflow && set.Set.Intersection(changed) is { IsEmpty: false } conflict)
            {
                conflicts[manager] = conflict;
            }
        }

        if (!force && conflicts.Count > 0)
        {
            throw ApplyConflicts.From(conflicts);
        }

        var result = new Dictionary<ManagerKey, VersionedSet>();
        foreach (var (manager, set) in managers)
        {
            var remaining = set.Set;
            if (manager != workflow)
            {
                if (conflicts.TryGetValue(manager, out var conflict))
                {
                    remaining = remaining.Difference(conflict);
                }

                remaining = remaining.Difference(compare.Removed);
            }

            if (!remaining.IsEmpty)
            {
                result[manager] = set with { Set = remaining };
            }
        }

        return (result, compare);
    }

    // prune: a field goes iff the applier applied it last time, not this time, and no one else owns it.
    private JsonNode Prune(JsonNode merged, Dictionary<ManagerKey, VersionedSet> managers, VersionedSet? lastSet)
    {
        if (lastSet is null || lastSet.Set.IsEmpty)
        {
            return merged;
        }

        var pruned = ItemRemover.Remove(merged, lastSet.Set.EnsureNamedFieldsAreMembers(_type), _type) ?? new JsonObject();
        pruned = AddBackOwnedItems(merged, pruned, managers);
        return AddBackDanglingItems(merged, pruned, lastSet);
    }

    // addBackOwnedItems: what any manager (the applier's new set included) owns comes back.
    private JsonNode AddBackOwnedItems(JsonNode merged, JsonNode pruned, Dictionary<ManagerKey, VersionedSet> managers)
    {
        var managed = managers.Values.Aggregate(new FieldSet(), (all, set) => all.Union(set.Set));
        var mergedSet = Named(FieldSetBuilder.Build(merged, _type));
        var prunedSet = Named(FieldSetBuilder.Build(pruned, _type));
        return ItemRemover.Remove(merged, mergedSet.Difference(prunedSet.Union(Named(managed))), _type) ?? new JsonObject();
    }

    // addBackDanglingItems: only what the applier owned last time may go.
    private JsonNode AddBackDanglingItems(JsonNode merged, JsonNode pruned, VersionedSet lastSet)
    {
        var prunedSet = Named(FieldSetBuilder.Build(pruned, _type));
        var mergedSet = Named(FieldSetBuilder.Build(merged, _type));
        return ItemRemover.Remove(merged, mergedSet.Difference(prunedSet).Intersection(Named(lastSet.Set)), _type) ?? new JsonObject();
    }

    private FieldSet Named(FieldSet set) => set.EnsureNamedFieldsAreMembers(_type);

    private FieldSet Filter(FieldSet set) => _ignored is null ? set : set.RecursiveDifference(_ignored);
}
