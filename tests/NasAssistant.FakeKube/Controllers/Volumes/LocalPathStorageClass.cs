using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Controllers.Volumes;

/// <summary>k3s' default StorageClass: node-local volumes from the local-path provisioner, bound when a pod first uses them.</summary>
internal static class LocalPathStorageClass
{
    public static JsonObject Create() => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1",
        ["kind"] = "StorageClass",
        ["metadata"] = new JsonObject
        {
            ["name"] = "local-path",
            ["annotations"] = new JsonObject { ["storageclass.kubernetes.io/is-default-class"] = "true" },
        },
        ["provisioner"] = "rancher.io/local-path",
        ["reclaimPolicy"] = "Delete",
        ["volumeBindingMode"] = "WaitForFirstConsumer",
    };
}
