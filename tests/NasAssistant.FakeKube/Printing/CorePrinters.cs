using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Admission;
using NasAssistant.FakeKube.Storage;
using static NasAssistant.FakeKube.Printing.ObjectFields;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// Printers of the simple kinds: Namespace, ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim and
/// Lease (AddHandlers and print* in pkg/printers/internalversion/printers.go).
/// </summary>
internal static class CorePrinters
{
    // printNamespace
    public static Printer Namespace { get; } = new(
        [TableColumn.ObjectName, new("Status", "string", "The status of the namespace"), TableColumn.Age],
        (obj, now) => [Meta.Name(obj), Text(obj, "status", "phase"), Age(obj, now)]);

    // printConfigMap: data and binaryData entries together.
    public static Printer ConfigMap { get; } = new(
        [TableColumn.ObjectName, new("Data", "string", "Data contains the configuration data."), TableColumn.Age],
        (obj, now) => [Meta.Name(obj), (long)(Count(obj, "data") + Count(obj, "binaryData")), Age(obj, now)]);

    // printSecret
    public static Printer Secret { get; } = new(
        [TableColumn.ObjectName, new("Type", "string", "Used to facilitate programmatic handling of secret data."), new("Data", "string", "Data contains the secret data."), TableColumn.Age],
        (obj, now) => [Meta.Name(obj), Text(obj, "type"), (long)Count(obj, "data"), Age(obj, now)]);

    // printServiceAccount
    public static Printer ServiceAccount { get; } = new(
        [TableColumn.ObjectName, new("Secrets", "string", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use."), TableColumn.Age],
        (obj, now) => [Meta.Name(obj), (long)Count(obj, "secrets"), Age(obj, now)]);

    // printLease
    public static Printer Lease { get; } = new(
        [TableColumn.ObjectName, new("Holder", "string", "holderIdentity contains the identity of the holder of a current lease."), TableColumn.Age],
        (obj, now) => [Meta.Name(obj), Text(obj, "spec", "holderIdentity"), Age(obj, now)]);

    // printPersistentVolumeClaim: capacity and access modes come from the status once the claim is bound.
    public static Printer PersistentVolumeClaim { get; } = new(
        [
            TableColumn.ObjectName,
            new("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
            new("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
            new("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
            new("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has."),
            new("StorageClass", "string", "StorageClass of the pvc"),
            new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
            TableColumn.Age,
            new("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim.", Priority: 1),
        ],
        (obj, now) =>
        {
            var phase = Meta.IsDeleting(obj) ? "Terminating" : Text(obj, "status", "phase");
            var volumeName = Text(obj, "spec", "volumeName");
            var bound = volumeName.Length > 0;
            var capacity = bound ? Quantity(At(obj, "status", "capacity", "storage")) : string.Empty;
            var accessModes = bound ? AccessModes(At(obj, "status", "accessModes")) : string.Empty;
            return
            [
                Meta.Name(obj), phase, volumeName, capacity, accessModes, StorageClass(obj),
                OrUnset(Text(obj, "spec", "volumeAttributesClassName")), Age(obj, now), OrUnset(Text(obj, "spec", "volumeMode")),
            ];
        });

    /// <summary>GetAccessModesAsString (pkg/apis/core/helper): RWO, ROX, RWX, RWOP in that order, no duplicates.</summary>
    public static string AccessModes(JsonNode? modes)
    {
        var present = (modes as JsonArray)?.Select(m => m?.GetValue<string>()).ToHashSet() ?? [];
        var names = new List<string>();
        foreach (var (mode, shortName) in new[] { ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP") })
        {
            if (present.Contains(mode))
            {
                names.Add(shortName);
            }
        }

        return string.Join(",", names);
    }

    private static string StorageClass(JsonObject obj) => ClaimStorageClass.Of(obj) ?? string.Empty;

    // A missing quantity prints as the zero Quantity.
    private static string Quantity(JsonNode? quantity) => quantity is null ? "0" : IntOrString(quantity);

    private static string OrUnset(string value) => value.Length == 0 ? "<unset>" : value;
}
