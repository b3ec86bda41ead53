namespace NasAssistant.FakeKube.Schema;

/// <summary>A kind in one API version, e.g. apps/v1 Deployment (group "" for core).</summary>
internal readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>As Go's schema.GroupVersionKind prints it: <c>apps/v1, Kind=Deployment</c>.</summary>
    public override string ToString() => $"{Group}/{Version}, Kind={Kind}";
}
