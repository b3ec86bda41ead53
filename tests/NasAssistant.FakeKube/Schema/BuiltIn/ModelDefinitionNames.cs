using System.Text.RegularExpressions;
using k8s.Models;

namespace NasAssistant.FakeKube.Schema.BuiltIn;

/// <summary>
/// The OpenAPI definition name (<c>io.k8s.api.apps.v1.Deployment</c>) of a KubernetesClient model type
/// (<c>V1Deployment</c>). The client names types by version only, so the Go package of the types the fake
/// serves is told apart by name here.
/// </summary>
internal static partial class ModelDefinitionNames
{
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string Time = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTime = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";

    private static readonly HashSet<string> MetaTypes = new(StringComparer.Ordinal)
    {
        "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference", "ManagedFieldsEntry", "Condition",
    };

    private static readonly HashSet<string> ApiextensionsTypes = new(StringComparer.Ordinal)
    {
        "JSONSchemaProps", "ExternalDocumentation", "ValidationRule", "SelectableField", "WebhookConversion", "WebhookClientConfig", "ServiceReference",
    };

    public static string For(Type type)
    {
        if (type == typeof(IntOrString))
        {
            return IntOrString;
        }

        if (type == typeof(ResourceQuantity))
        {
            return Quantity;
        }

        var match = ModelName().Match(type.Name);
        if (!match.Success)
        {
            throw new ArgumentException($"{type.Name} is not a versioned Kubernetes model name", nameof(type));
        }

        var name = match.Groups["name"].Value;
        var version = match.Groups["version"].Value.ToLowerInvariant();
        var package = match.Groups["group"].Success
            ? match.Groups["group"].Value.ToLowerInvariant() switch
            {
                "apiextensions" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
                var group => $"io.k8s.api.{group}",
            }
            : PackageOf(name, version);
        return $"{package}.{version}.{name}";
    }

    private static string PackageOf(string name, string version) => name switch
    {
        _ when MetaTypes.Contains(name) => "io.k8s.apimachinery.pkg.apis.meta",
        _ when name.StartsWith("CustomResource", StringComparison.Ordinal) || ApiextensionsTypes.Contains(name) => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        _ when name.StartsWith("Deployment", StringComparison.Ordinal) || name.StartsWith("StatefulSet", StringComparison.Ordinal) || name.StartsWith("RollingUpdate", StringComparison.Ordinal) => "io.k8s.api.apps",
        _ when name.StartsWith("NetworkPolicy", StringComparison.Ordinal) || name == "IPBlock" => "io.k8s.api.networking",
        _ when version == "v2" || name.StartsWith("Scale", StringComparison.Ordinal) => "io.k8s.api.autoscaling",
        _ when name.StartsWith("PodDisruptionBudget", StringComparison.Ordinal) => "io.k8s.api.policy",
        _ when name.StartsWith("Lease", StringComparison.Ordinal) => "io.k8s.api.coordination",
        _ when name.StartsWith("Role", StringComparison.Ordinal) || name == "PolicyRule" => "io.k8s.api.rbac",
        _ => "io.k8s.api.core",
    };

    // V1Deployment, V2MetricSpec, Corev1Event, Eventsv1Event, Apiextensionsv1ServiceReference.
    [GeneratedRegex("^(?:(?<group>[A-Z][a-z]+)(?<version>v[0-9]+(?:(?:alpha|beta)[0-9]+)?)|(?<version>V[0-9]+(?:(?:alpha|beta)[0-9]+)?))(?<name>[A-Z].*)$")]
    private static partial Regex ModelName();
}
