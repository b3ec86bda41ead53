using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers.GarbageCollection;

/// <summary>One entry of <c>metadata.ownerReferences</c>, compared field by field as the collector does.</summary>
internal sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool? Controller, bool? BlockOwnerDeletion)
{
    public bool Blocks => BlockOwnerDeletion == true;

    public static IReadOnlyList<OwnerReference> Of(JsonObject obj) =>
        Meta.OwnerReferences(obj).Select(r => new OwnerReference(
            Text(r, "apiVersion"),
            Text(r, "kind"),
            Text(r, "name"),
            Text(r, "uid"),
            Flag(r, "controller"),
            Flag(r, "blockOwnerDeletion"))).ToList();

    /// <summary>ownerReferenceMatchesCoordinates (garbagecollector/graph_builder.go).</summary>
    public bool Matches(ObjectIdentity identity) =>
        Uid == identity.Uid && Name == identity.Name && Kind == identity.Kind && ApiVersion == identity.ApiVersion;

    private static string Text(JsonObject reference, string field) =>
        reference[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : string.Empty;

    private static bool? Flag(JsonObject reference, string field) =>
        reference[field] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;
}
