using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>
/// The gateway's Deployment: the runtime image started as <c>gateway</c>, one or two pods of which only the Lease holder
/// receives (and is ready, so the webhooks Service reaches it alone). Pods are replaced by Recreate: a new pod could
/// never become ready beside a leader that holds the Lease, so a rolling update would wait for nothing.
/// </summary>
internal static class GatewayDeploymentBuilder
{
    private const string HostnameTopology = "kubernetes.io/hostname";

    public static V1Deployment? Build(AssistantDeployment ad, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (GatewayConfigMapBuilder.BuildConfig(ad, settings) is not { } config)
        {
            return null;
        }

        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ChildMetadata.ForGateway(ad, Naming.Gateway(ad)),
            Spec = new V1DeploymentSpec
            {
                Replicas = ad.Spec.Gateway.Replicas,
                RevisionHistoryLimit = 3,
                Selector = new V1LabelSelector { MatchLabels = Naming.GatewaySelectorLabels(ad) },
                Strategy = new V1DeploymentStrategy { Type = "Recreate" },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = Naming.GatewayLabels(ad),
                        Annotations = new Dictionary<string, string> { [Naming.ConfigHashAnnotation] = ConfigMapBuilder.Hash(config) },
                    },
                    Spec = PodSpec(ad, settings),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(AssistantDeployment ad, OperatorSettings settings) => new()
    {
        ServiceAccountName = Naming.Gateway(ad),
        // The Lease and the status ConfigMap need the API; the Role allows nothing else.
        AutomountServiceAccountToken = true,
        EnableServiceLinks = false,
        SecurityContext = DeploymentBuilder.RestrictedPodSecurity(),
        Containers = [Container(ad, settings)],
        Volumes = Volumes(ad),
        Affinity = ad.Spec.Gateway.Replicas > 1 ? SameNode(ad) : null,
    };

    private static V1Container Container(AssistantDeployment ad, OperatorSettings settings)
    {
        var ports = new List<V1ContainerPort>
        {
            new() { Name = GatewayPodLayout.StatusPortName, ContainerPort = GatewayPodLayout.StatusPort, Protocol = "TCP" },
        };
        if ((ad.Spec.Channels ?? []).Any(ChannelSecrets.TakesWebhooks))
        {
            ports.Add(new() { Name = GatewayPodLayout.WebhookPortName, ContainerPort = GatewayPodLayout.WebhookPort, Protocol = "TCP" });
        }

        var resources = ad.Spec.Gateway.Resources;
        return new V1Container
        {
            Name = GatewayPodLayout.ContainerName,
            Image = ad.Spec.Image ?? settings.RuntimeImage,
            ImagePullPolicy = settings.ImagePullPolicy,
            Args = ["gateway", "--config", GatewayPodLayout.ConfigFile],
            Env = Environment(ad, settings),
            Ports = ports,
            Resources = DeploymentBuilder.Resources(resources.Requests, resources.Limits),
            SecurityContext = DeploymentBuilder.RestrictedContainerSecurity(),
            LivenessProbe = Probe(GatewayDefaults.LivePath, periodSeconds: 20, failureThreshold: 3),
            // Ready only while holding the Lease: a standby shows 0/1 on purpose.
            ReadinessProbe = Probe(GatewayDefaults.ReadyPath, periodSeconds: 5, failureThreshold: 1),
            VolumeMounts = Mounts(ad),
        };
    }

    private static List<V1EnvVar> Environment(AssistantDeployment ad, OperatorSettings settings)
    {
        var env = new List<V1EnvVar>
        {
            new() { Name = "TZ", Value = ad.Spec.Timezone },
            // Names the Lease holder after the pod, so kubectl shows which pod is active.
            new() { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
        };
        if (ad.Spec.Gateway.HttpsProxy is { } proxy)
        {
            // The messengers through the proxy; the assistant's Service and the Kubernetes API (by the address the
            // kubelet gives every pod) directly.
            var direct = $"{Naming.Service(ad)},.svc,.{settings.ClusterDomain},$(KUBERNETES_SERVICE_HOST)";
            env.AddRange(
            [
                new() { Name = "HTTPS_PROXY", Value = proxy },
                new() { Name = "HTTP_PROXY", Value = proxy },
                new() { Name = "NO_PROXY", Value = direct },
            ]);
        }

        return env;
    }

    private static V1Probe Probe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = GatewayPodLayout.StatusPortName, Scheme = "HTTP" },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 3,
    };

    private static List<V1VolumeMount> Mounts(AssistantDeployment ad)
    {
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = "config", MountPath = GatewayPodLayout.ConfigDirectory, ReadOnlyProperty = true },
            new() { Name = "gateway-key", MountPath = GatewayPodLayout.KeyDirectory, ReadOnlyProperty = true },
            new() { Name = "channel-secrets", MountPath = GatewayPodLayout.ChannelSecretsDirectory, ReadOnlyProperty = true },
            new() { Name = "data", MountPath = GatewayPodLayout.DataDirectory },
            new() { Name = "tmp", MountPath = GatewayPodLayout.TempDirectory },
        };
        if (ad.Spec.Tls.Mode != TlsMode.Disabled)
        {
            mounts.Add(new() { Name = "assistant-ca", MountPath = GatewayPodLayout.AuthorityDirectory, ReadOnlyProperty = true });
        }

        return mounts;
    }

    // Secret volumes without subPath, so a rotated token reaches the file the gateway watches. Optional: a missing
    // Secret shows as the channel's SecretMissing reason instead of a pod stuck in ContainerCreating.
    private static List<V1Volume> Volumes(AssistantDeployment ad)
    {
        var volumes = new List<V1Volume>
        {
            new() { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = Naming.GatewayConfigMap(ad) } },
            new()
            {
                Name = "gateway-key",
                Secret = new V1SecretVolumeSource
                {
                    SecretName = Naming.GatewayKeySecret(ad),
                    DefaultMode = DeploymentBuilder.SecretFileMode,
                    Items = [new V1KeyToPath { Key = GatewayPodLayout.KeyFileName, Path = GatewayPodLayout.KeyFileName }],
                },
            },
            new()
            {
                Name = "channel-secrets",
                Projected = new V1ProjectedVolumeSource
                {
                    DefaultMode = DeploymentBuilder.SecretFileMode,
                    Sources = [.. ChannelSecrets.Of(ad).GroupBy(reference => reference.Name).Select(secret => new V1VolumeProjection
                    {
                        Secret = new V1SecretProjection
                        {
                            Name = secret.Key,
                            Optional = true,
                            Items = [.. secret.Select(reference => new V1KeyToPath { Key = reference.Key, Path = $"{reference.Name}/{reference.Key}" })],
                        },
                    })],
                },
            },
            new() { Name = "data", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Naming.GatewayDataClaim(ad) } },
            new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("64Mi") } },
        };
        if (ad.Spec.Tls.Mode != TlsMode.Disabled)
        {
            volumes.Add(new()
            {
                Name = "assistant-ca",
                Secret = new V1SecretVolumeSource
                {
                    SecretName = Naming.TlsSecret(ad),
                    DefaultMode = DeploymentBuilder.SecretFileMode,
                    Optional = true,
                    Items = [new V1KeyToPath { Key = GatewayPodLayout.AuthorityFileName, Path = GatewayPodLayout.AuthorityFileName }],
                },
            });
        }

        return volumes;
    }

    // Both replicas mount the ReadWriteOnce journal volume, so they must share a node.
    private static V1Affinity SameNode(AssistantDeployment ad) => new()
    {
        PodAffinity = new V1PodAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution =
            [
                new V1PodAffinityTerm { LabelSelector = new V1LabelSelector { MatchLabels = Naming.GatewaySelectorLabels(ad) }, TopologyKey = HostnameTopology },
            ],
        },
    };
}
