using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>Names and labels of everything the operator creates, decided in one place.</summary>
internal static class Naming
{
    public const string ProductName = "nas-assistant";
    public const string ManagedBy = "nas-assistant-operator";
    public const string InferenceComponent = "inference";
    public const string GatewayComponent = "gateway";

    public const string NameLabel = "app.kubernetes.io/name";
    public const string InstanceLabel = "app.kubernetes.io/instance";
    public const string ComponentLabel = "app.kubernetes.io/component";
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Pod template annotation holding the digest of the runtime config; a change rolls the pods.</summary>
    public const string ConfigHashAnnotation = AssistantDeployment.Group + "/config-hash";

    /// <summary>Pod template annotation holding the fingerprint of a self-signed serving certificate; a rotation rolls the pods.</summary>
    public const string CertificateFingerprintAnnotation = AssistantDeployment.Group + "/certificate-fingerprint";

    /// <summary>Annotation on every child: a digest of the configuration the operator last applied to it.</summary>
    public const string AppliedDigestAnnotation = AssistantDeployment.Group + "/applied-digest";

    /// <summary>The field manager of every server-side apply the operator makes.</summary>
    public const string FieldManager = ManagedBy;

    /// <summary>Finalizer that lets the operator decide the fate of the volumes on deletion.</summary>
    public const string Finalizer = AssistantDeployment.Group + "/finalizer";

    public static string Deployment(AssistantDeployment ad) => ad.Metadata.Name;

    public static string Service(AssistantDeployment ad) => ad.Metadata.Name;

    public static string ConfigMap(AssistantDeployment ad) => ad.Metadata.Name + "-config";

    public static string ModelsClaim(AssistantDeployment ad) => ad.Spec.Storage.Models.ExistingClaim ?? ad.Metadata.Name + "-models";

    public static string SessionsClaim(AssistantDeployment ad) => ad.Spec.Storage.Sessions.ExistingClaim ?? ad.Metadata.Name + "-sessions";

    /// <summary>Secret the serving certificate lives in: the user's in Secret mode, otherwise NAME-tls unless renamed.</summary>
    public static string TlsSecret(AssistantDeployment ad) => ad.Spec.Tls.SecretName ?? ad.Metadata.Name + "-tls";

    /// <summary>Secret holding the CA of SelfSigned mode (never mounted in pods).</summary>
    public static string CaSecret(AssistantDeployment ad) => ad.Metadata.Name + "-ca";

    /// <summary>Name shared by the gateway's Deployment, ServiceAccount, Role, RoleBinding, NetworkPolicy, Service and Lease.</summary>
    public static string Gateway(AssistantDeployment ad) => ad.Metadata.Name + "-gateway";

    /// <summary>The gateway's configuration file.</summary>
    public static string GatewayConfigMap(AssistantDeployment ad) => ad.Metadata.Name + "-gateway-config";

    /// <summary>Where the active gateway records its channels' state for the ChannelReady conditions.</summary>
    public static string GatewayStatusConfigMap(AssistantDeployment ad) => ad.Metadata.Name + "-gateway-status";

    /// <summary>The gateway's own API key for the assistant, issued by the operator.</summary>
    public static string GatewayKeySecret(AssistantDeployment ad) => ad.Metadata.Name + "-gateway-key";

    /// <summary>The gateway's delivery journal volume.</summary>
    public static string GatewayDataClaim(AssistantDeployment ad) => ad.Metadata.Name + "-gateway-data";

    /// <summary>Name shared by the NetworkPolicy, HPA, PDB, Certificate, ServiceMonitor and PrometheusRule.</summary>
    public static string Child(AssistantDeployment ad) => ad.Metadata.Name;

    /// <summary>Labels every child carries.</summary>
    public static Dictionary<string, string> Labels(AssistantDeployment ad) => new()
    {
        [NameLabel] = ProductName,
        [InstanceLabel] = ad.Metadata.Name,
        [ComponentLabel] = InferenceComponent,
        [ManagedByLabel] = ManagedBy,
    };

    /// <summary>Labels every gateway child carries.</summary>
    public static Dictionary<string, string> GatewayLabels(AssistantDeployment ad) => new(Labels(ad)) { [ComponentLabel] = GatewayComponent };

    /// <summary>Labels of everything made for one assistant, inference and gateway alike.</summary>
    public static Dictionary<string, string> AssistantLabels(AssistantDeployment ad) => new()
    {
        [NameLabel] = ProductName,
        [InstanceLabel] = ad.Metadata.Name,
    };

    /// <summary>Labels that select the inference pods; immutable once a Deployment exists.</summary>
    public static Dictionary<string, string> SelectorLabels(AssistantDeployment ad) => new()
    {
        [NameLabel] = ProductName,
        [InstanceLabel] = ad.Metadata.Name,
        [ComponentLabel] = InferenceComponent,
    };

    /// <summary>Labels the inference pods of every assistant carry.</summary>
    public static IReadOnlyDictionary<string, string> InferencePodLabels { get; } = new Dictionary<string, string>
    {
        [NameLabel] = ProductName,
        [ComponentLabel] = InferenceComponent,
    };

    /// <summary>The label everything the operator creates carries.</summary>
    public static IReadOnlyDictionary<string, string> ManagedByLabels { get; } = new Dictionary<string, string> { [ManagedByLabel] = ManagedBy };

    /// <summary>Labels that select the gateway pods.</summary>
    public static Dictionary<string, string> GatewaySelectorLabels(AssistantDeployment ad) => new(SelectorLabels(ad)) { [ComponentLabel] = GatewayComponent };

    /// <summary>The selector as a label-selector string (status.selector, for the scale subresource).</summary>
    public static string SelectorString(AssistantDeployment ad) =>
        string.Join(",", SelectorLabels(ad).Select(label => $"{label.Key}={label.Value}"));
}
