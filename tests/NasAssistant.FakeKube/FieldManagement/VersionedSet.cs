namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>The fields one manager owns, in the API version it used, and whether it applied them.</summary>
internal sealed record VersionedSet(FieldSet Set, string ApiVersion, bool Applied);
