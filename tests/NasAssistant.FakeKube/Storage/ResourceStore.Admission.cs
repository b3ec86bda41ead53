using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The admission plugins of a default kube-apiserver that the object lifecycle depends on:
/// NamespaceLifecycle, StorageObjectInUseProtection, and the CRD handler's refusal to create
/// instances of a terminating CustomResourceDefinition.
/// </summary>
public sealed partial class ResourceStore
{
    /// <summary>v1.PVCProtectionFinalizer: held while a pod uses the claim.</summary>
    internal const string PvcProtectionFinalizer = "kubernetes.io/pvc-protection";

    // NewLifecycle's immortal namespaces (metav1.NamespaceDefault, NamespaceSystem, NamespacePublic).
    private static readonly string[] ImmortalNamespaces = ["default", "kube-system", "kube-public"];

    // Runs before the object is named, so a refusal names it by its generateName, as the real server does.
    private void AdmitCreate(ResourceType type, JsonObject obj)
    {
        AdmitIntoNamespace(type, obj);
        RefuseWhileDefinitionTerminates(type);
        ProtectClaim(type, obj);
    }

    // Lifecycle.Admit (apiserver/pkg/admission/plugin/namespace/lifecycle/admission.go): immortal namespaces.
    private static void AdmitDelete(ResourceType type, string name)
    {
        if (NamespaceStrategy.Is(type) && ImmortalNamespaces.Contains(name))
        {
            throw KubeApiException.Forbidden(type.QualifiedResource, name, "this namespace may not be deleted");
        }
    }

    // Lifecycle.Admit: no content in a namespace that does not exist (404) or is being terminated (403).
    private void AdmitIntoNamespace(ResourceType type, JsonObject obj)
    {
        if (!type.Namespaced)
        {
            return;
        }

        var ns = Meta.Namespace(obj);
        var namespaces = _registry.All.Single(NamespaceStrategy.Is);
        var target = Find(namespaces, null, ns) ?? throw KubeApiException.NotFound(namespaces.QualifiedResource, ns);
        if (!NamespaceStrategy.IsTerminating(target))
        {
            return;
        }

        // extractResourceName (apiserver/pkg/admission/errors.go)
        var name = Meta.Name(obj) is { Length: > 0 } given ? given : Meta.String(obj, "generateName") is { Length: > 0 } prefix ? prefix : "Unknown";
        var cause = new JsonObject
        {
            ["reason"] = "NamespaceTerminating",
            ["message"] = $"namespace {ns} is being terminated",
            ["field"] = "metadata.namespace",
        };
        throw KubeApiException.Forbidden(type.QualifiedResource, name, $"unable to create new content in namespace {ns} because it is being terminated", [cause]);
    }

    // crdHandler.serveResource (apiextensions-apiserver/pkg/apiserver/customresource_handler.go)
    private void RefuseWhileDefinitionTerminates(ResourceType type)
    {
        if (type.IsCustom
            && _registry.All.FirstOrDefault(CustomResourceDefinitions.IsCrd) is { } crds
            && Find(crds, null, CustomResourceDefinitions.NameOf(type)) is { } crd
            && StatusConditions.IsTrue(crd, CustomResourceDefinitions.Terminating))
        {
            throw KubeApiException.MethodNotAllowed("create not allowed while custom resource definition is terminating");
        }
    }

    // storageProtectionPlugin.admitPVC (plugin/pkg/admission/storage/storageobjectinuseprotection/admission.go)
    private static void ProtectClaim(ResourceType type, JsonObject obj)
    {
        if (!type.IsCustom && type.Group.Length == 0 && type.Plural == "persistentvolumeclaims" && !Meta.Finalizers(obj).Contains(PvcProtectionFinalizer))
        {
            Meta.SetFinalizers(obj, [.. Meta.Finalizers(obj), PvcProtectionFinalizer]);
        }
    }
}
