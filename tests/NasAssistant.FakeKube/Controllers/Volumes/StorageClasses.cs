using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Admission;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Controllers.Volumes;

/// <summary>The cluster's StorageClasses, as the scheduler and the PV controller consult them.</summary>
internal sealed class StorageClasses(ResourceStore store)
{
    private const string NoProvisioner = "kubernetes.io/no-provisioner";

    /// <summary>
    /// The claim's class. A claim created without one gets the default class from the DefaultStorageClass
    /// admission plugin (plugin/pkg/admission/storage/storageclass/setdefault); where it was stored
    /// without it, the default applies here. An explicit "" means no class.
    /// </summary>
    public string ClassOf(ClaimView claim) => claim.ClassName ?? DefaultClassName() ?? string.Empty;

    public JsonObject? Find(string name) => name.Length == 0 ? null : store.Get("storage.k8s.io/v1", "StorageClass", null, name);

    /// <summary>IsDelayBindingMode (pkg/volume/util): a class found with volumeBindingMode WaitForFirstConsumer.</summary>
    public bool WaitsForFirstConsumer(ClaimView claim) =>
        JsonRead.OptionalText(Find(ClassOf(claim))?["volumeBindingMode"]) == "WaitForFirstConsumer";

    /// <summary>The provisioner that can create a volume for the claim, or null when none can (no class, or no-provisioner).</summary>
    public string? ProvisionerFor(ClaimView claim) =>
        JsonRead.OptionalText(Find(ClassOf(claim))?["provisioner"]) is { Length: > 0 } provisioner && provisioner != NoProvisioner ? provisioner : null;

    /// <summary>The class's allowedTopologies, which a node must match for provisioning there.</summary>
    public JsonNode? AllowedTopologies(ClaimView claim) => Find(ClassOf(claim))?["allowedTopologies"];

    private string? DefaultClassName() =>
        ClaimStorageClass.Default(store.List("storage.k8s.io/v1", "StorageClass")) is { } storageClass ? Meta.Name(storageClass) : null;
}
