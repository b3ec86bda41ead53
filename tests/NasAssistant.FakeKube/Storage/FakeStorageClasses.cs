using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Admission;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The StorageClasses a fresh fake serves: k3s' default <c>local-path</c> (no volume expansion, binding
/// on first consumer) and <c>expandable</c>, which allows claims to grow.
/// </summary>
public static class FakeStorageClasses
{
    /// <summary>k3s' default class; claims on it cannot be resized.</summary>
    public const string LocalPath = "local-path";

    /// <summary>A class with <c>allowVolumeExpansion: true</c>.</summary>
    public const string Expandable = "expandable";

    internal static IEnumerable<JsonObject> All()
    {
        yield return new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = new JsonObject
            {
                ["name"] = LocalPath,
                ["annotations"] = new JsonObject { [ClaimStorageClass.DefaultAnnotation] = "true" },
            },
            ["provisioner"] = "rancher.io/local-path",
            ["reclaimPolicy"] = "Delete",
            ["volumeBindingMode"] = "WaitForFirstConsumer",
        };
        yield return new JsonObject
        {
            ["apiVersion"] = "storage.k8s.io/v1",
            ["kind"] = "StorageClass",
            ["metadata"] = new JsonObject { ["name"] = Expandable },
            ["provisioner"] = "fakekube.local/expandable",
            ["reclaimPolicy"] = "Delete",
            ["volumeBindingMode"] = "WaitForFirstConsumer",
            ["allowVolumeExpansion"] = true,
        };
    }
}
