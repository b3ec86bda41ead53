namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>Each manager's fields, with the time of its last change (fieldpath.ManagedFields plus times).</summary>
internal sealed class ManagedFieldSets
{
    public Dictionary<ManagerKey, VersionedSet> Fields { get; } = [];

    public Dictionary<ManagerKey, string?> Times { get; } = [];
}
