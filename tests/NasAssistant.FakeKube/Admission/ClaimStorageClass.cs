using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Admission;

/// <summary>
/// Which StorageClass a claim names and which class is the cluster's default, as the admission plugins,
/// the validators, the printers and the simulated scheduler and volume binder all read them.
/// </summary>
internal static class ClaimStorageClass
{
    /// <summary>The deprecated claim annotation that wins over <c>spec.storageClassName</c>.</summary>
    public const string BetaAnnotation = "volume.beta.kubernetes.io/storage-class";

    /// <summary>Marks a StorageClass as the default (storageutil.IsDefaultAnnotation).</summary>
    public const string DefaultAnnotation = "storageclass.kubernetes.io/is-default-class";

    private const string BetaDefaultAnnotation = "storageclass.beta.kubernetes.io/is-default-class";

    /// <summary>
    /// GetPersistentVolumeClaimClass (component-helpers/storage/volume): the beta annotation, then
    /// <c>spec.storageClassName</c>; null when the claim names no class at all (an explicit "" is no class).
    /// </summary>
    public static string? Of(JsonObject claim) =>
        JsonRead.OptionalText(claim["metadata"]?["annotations"]?[BetaAnnotation]) ?? JsonRead.OptionalText(claim["spec"]?["storageClassName"]);

    /// <summary>
    /// GetDefaultClass (pkg/volume/util/storageclass.go): the newest class marked default, by name when
    /// several were created at once; null when none is.
    /// </summary>
    public static JsonObject? Default(IEnumerable<JsonObject> storageClasses) =>
        storageClasses.Where(IsDefault)
            .OrderByDescending(c => JsonRead.Text(c["metadata"]?["creationTimestamp"]), StringComparer.Ordinal)
            .ThenBy(Meta.Name, StringComparer.Ordinal)
            .FirstOrDefault();

    // storageutil.IsDefaultAnnotation.
    private static bool IsDefault(JsonObject storageClass)
    {
        var annotations = storageClass["metadata"]?["annotations"];
        return JsonRead.Text(annotations?[DefaultAnnotation]) == "true" || JsonRead.Text(annotations?[BetaDefaultAnnotation]) == "true";
    }
}
