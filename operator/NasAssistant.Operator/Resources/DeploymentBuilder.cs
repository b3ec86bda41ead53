using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources.Channels;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Operator.Resources;

/// <summary>The Deployment running the inference pods: hardened, probed, and rolled on config change.</summary>
internal static class DeploymentBuilder
{
    /// <param name="ad">The resource.</param>
    /// <param name="settings">Operator settings.</param>
    /// <param name="certificateFingerprint">
    /// Fingerprint of the self-signed serving certificate the operator issued; stamped on the pods so
    /// a rotation rolls them. Null when the operator does not issue the certificate (and in render).
    /// </param>
    public static V1Deployment Build(AssistantDeployment ad, OperatorSettings settings, string? certificateFingerprint = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var spec = ad.Spec;
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ChildMetadata.For(ad, Naming.Deployment(ad)),
            Spec = new V1DeploymentSpec
            {
                // With autoscaling on, the HPA owns the replica count; writing it would fight the HPA.
                Replicas = spec.Autoscaling.Enabled ? null : spec.Replicas,
                RevisionHistoryLimit = 3,
                Selector = new V1LabelSelector { MatchLabels = Naming.SelectorLabels(ad) },
                Strategy = Strategy(spec),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = Naming.Labels(ad),
                        Annotations = PodAnnotations(ad, certificateFingerprint),
                    },
                    Spec = PodSpec(ad, settings),
                },
            },
        };
    }

    private static Dictionary<string, string> PodAnnotations(AssistantDeployment ad, string? certificateFingerprint)
    {
        var annotations = new Dictionary<string, string> { [Naming.ConfigHashAnnotation] = ConfigMapBuilder.Hash(ConfigMapBuilder.Build(ad)) };
        if (certificateFingerprint is not null)
        {
            annotations[Naming.CertificateFingerprintAnnotation] = certificateFingerprint;
        }

        return annotations;
    }

    // A ReadWriteOncePod volume cannot be mounted by a surge pod, so the old pod must go first.
    private static V1DeploymentStrategy Strategy(AssistantDeploymentSpec spec) =>
        spec.Storage.UsesReadWriteOncePod()
            ? new V1DeploymentStrategy { Type = "Recreate" }
            : new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = "0" },
            };

    private static V1PodSpec PodSpec(AssistantDeployment ad, OperatorSettings settings)
    {
        var spec = ad.Spec;
        var image = spec.Image ?? settings.RuntimeImage;
        return new V1PodSpec
        {
            AutomountServiceAccountToken = false,
            EnableServiceLinks = false,
            SecurityContext = RestrictedPodSecurity(),
            InitContainers = InitContainers(ad, image, settings),
            Containers = [RuntimeContainer(ad, image, settings)],
            Volumes = Volumes(ad),
            NodeSelector = spec.NodeSelector,
            Tolerations = spec.Tolerations,
            Affinity = PodAffinity.For(ad),
            PriorityClassName = spec.PriorityClassName,
            TerminationGracePeriodSeconds = new RuntimeConfig().Server.DrainTimeoutSeconds + 10,
        };
    }

    /// <summary>Name of the init container that quantizes the model.</summary>
    public const string QuantizeContainerName = "quantize-model";

    private const string TerminationLog = "/dev/termination-log";

    private static V1Container RuntimeContainer(AssistantDeployment ad, string image, OperatorSettings settings)
    {
        var scheme = ad.Spec.Tls.ServesHttps() ? "HTTPS" : "HTTP";
        return new V1Container
        {
            Name = PodLayout.ContainerName,
            Image = image,
            ImagePullPolicy = settings.ImagePullPolicy,
            Env =
            [
                new V1EnvVar { Name = RuntimeDefaults.ConfigFileVariable, Value = PodLayout.ConfigFile },
                new V1EnvVar { Name = "TZ", Value = ad.Spec.Timezone },
            ],
            Ports =
            [
                new V1ContainerPort { Name = PodLayout.ApiPortName, ContainerPort = PodLayout.ApiPort, Protocol = "TCP" },
                new V1ContainerPort { Name = PodLayout.MetricsPortName, ContainerPort = PodLayout.MetricsPort, Protocol = "TCP" },
            ],
            Resources = Resources(ad.Spec.Resources),
            SecurityContext = RestrictedContainerSecurity(),
            // Startup allows five minutes for loading, verifying and quantizing a model before liveness applies.
            StartupProbe = Probe(RuntimeDefaults.LivePath, scheme, periodSeconds: 5, failureThreshold: 60),
            LivenessProbe = Probe(RuntimeDefaults.LivePath, scheme, periodSeconds: 20, failureThreshold: 3),
            ReadinessProbe = Probe(RuntimeDefaults.ReadyPath, scheme, periodSeconds: 5, failureThreshold: 2),
            VolumeMounts = RuntimeMounts(ad),
        };
    }

    // Fetch first, so the quantize step finds the downloaded file.
    private static List<V1Container>? InitContainers(AssistantDeployment ad, string image, OperatorSettings settings)
    {
        var steps = new List<V1Container>();
        if (ad.Spec.Model.Source.Url is { } url)
        {
            steps.Add(FetchModelContainer(ad, url, image, settings));
        }

        if (ad.Spec.Model.Quantization == QuantizationKind.Int8)
        {
            steps.Add(QuantizeModelContainer(ad, image, settings));
        }

        return steps.Count > 0 ? steps : null;
    }

    /// <summary>
    /// Quantizes the model once into the cache on the models volume (keyed by the source digest), so
    /// the runtime and every later pod find it there; the digest of the result becomes the termination
    /// message, which the operator reports in status.
    /// </summary>
    private static V1Container QuantizeModelContainer(AssistantDeployment ad, string image, OperatorSettings settings) => new()
    {
        Name = QuantizeContainerName,
        Image = image,
        ImagePullPolicy = settings.ImagePullPolicy,
        Args = ["quantize", "--config", PodLayout.ConfigFile, "--termination-log", TerminationLog],
        Resources = Resources(ad.Spec.Resources),
        SecurityContext = RestrictedContainerSecurity(),
        TerminationMessagePath = TerminationLog,
        VolumeMounts =
        [
            new V1VolumeMount { Name = "config", MountPath = PodLayout.ConfigDirectory, ReadOnlyProperty = true },
            new V1VolumeMount { Name = "models", MountPath = PodLayout.ModelsDirectory },
            new V1VolumeMount { Name = "tmp", MountPath = PodLayout.TempDirectory },
        ],
    };

    private static V1Container FetchModelContainer(AssistantDeployment ad, UrlModelSource url, string image, OperatorSettings settings) => new()
    {
        Name = "fetch-model",
        Image = image,
        ImagePullPolicy = settings.ImagePullPolicy,
        Args = ["fetch-model", "--url", url.Href, "--sha256", ad.Spec.Model.Sha256!, "--output", RuntimeConfigBuilder.DownloadPath(ad.Spec.Model)],
        Resources = Resources(ad.Spec.Resources),
        SecurityContext = RestrictedContainerSecurity(),
        VolumeMounts =
        [
            new V1VolumeMount { Name = "models", MountPath = PodLayout.ModelsDirectory },
            new V1VolumeMount { Name = "tmp", MountPath = PodLayout.TempDirectory },
        ],
    };

    /// <summary>Pod Security "restricted" for a pod: the runtime's non-root user, whose group may read the mounted Secrets.</summary>
    public static V1PodSecurityContext RestrictedPodSecurity() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = PodLayout.RuntimeUser,
        RunAsGroup = PodLayout.RuntimeUser,
        FsGroup = PodLayout.RuntimeUser,
        FsGroupChangePolicy = "OnRootMismatch",
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>Pod Security "restricted" for a container.</summary>
    public static V1SecurityContext RestrictedContainerSecurity() => new()
    {
        AllowPrivilegeEscalation = false,
        ReadOnlyRootFilesystem = true,
        RunAsNonRoot = true,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    private static V1Probe Probe(string path, string scheme, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = PodLayout.ApiPortName, Scheme = scheme },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 3,
    };

    /// <summary>0440: a mounted Secret's files, readable by the pods' group (fsGroup) only.</summary>
    public const int SecretFileMode = 288;

    private static V1ResourceRequirements Resources(ResourcesSpec resources) => Resources(resources.Requests, resources.Limits);

    /// <summary>A container's requests and limits.</summary>
    public static V1ResourceRequirements Resources(ResourceAmounts requests, ResourceAmounts limits) => new()
    {
        Requests = Amounts(requests),
        Limits = Amounts(limits),
    };

    private static Dictionary<string, ResourceQuantity>? Amounts(ResourceAmounts amounts)
    {
        var result = new Dictionary<string, ResourceQuantity>();
        if (amounts.Cpu is not null)
        {
            result["cpu"] = Quantities.Canonical(amounts.Cpu);
        }

        if (amounts.Memory is not null)
        {
            result["memory"] = Quantities.Canonical(amounts.Memory);
        }

        return result.Count == 0 ? null : result;
    }

    private static List<V1VolumeMount> RuntimeMounts(AssistantDeployment ad)
    {
        var spec = ad.Spec;
        var mounts = new List<V1VolumeMount>
        {
            new() { Name = "config", MountPath = PodLayout.ConfigDirectory, ReadOnlyProperty = true },
            new() { Name = "models", MountPath = PodLayout.ModelsDirectory },
            new() { Name = "sessions", MountPath = PodLayout.SessionsDirectory },
            new() { Name = "tmp", MountPath = PodLayout.TempDirectory },
        };
        if (spec.Knowledge.Enabled)
        {
            mounts.Add(new() { Name = "sessions", MountPath = PodLayout.KnowledgeDirectory, SubPath = PodLayout.KnowledgeSubPath });
        }

        if (spec.Tls.ServesHttps())
        {
            mounts.Add(new() { Name = "tls", MountPath = PodLayout.TlsDirectory, ReadOnlyProperty = true });
        }

        if (spec.Auth.ApiKeySecretRef is not null)
        {
            mounts.Add(new() { Name = "api-keys", MountPath = PodLayout.AuthDirectory, ReadOnlyProperty = true });
        }

        if (spec.Conversations.EncryptionKeySecretRef is not null)
        {
            mounts.Add(new() { Name = "encryption-key", MountPath = PodLayout.EncryptionDirectory, ReadOnlyProperty = true });
        }

        if (spec.HasChannels())
        {
            mounts.Add(new() { Name = "gateway-key", MountPath = GatewayPodLayout.KeyDirectory, ReadOnlyProperty = true });
        }

        return mounts;
    }

    private static List<V1Volume> Volumes(AssistantDeployment ad)
    {
        var spec = ad.Spec;
        var volumes = new List<V1Volume>
        {
            new() { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = Naming.ConfigMap(ad) } },
            new() { Name = "models", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Naming.ModelsClaim(ad) } },
            new() { Name = "sessions", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = Naming.SessionsClaim(ad) } },
            // The root filesystem is read-only; .NET and ONNX Runtime still need a scratch folder.
            new() { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("256Mi") } },
        };
        if (spec.Tls.ServesHttps())
        {
            volumes.Add(SecretVolume("tls", Naming.TlsSecret(ad), null));
        }

        if (spec.Auth.ApiKeySecretRef is { } keys)
        {
            volumes.Add(SecretVolume("api-keys", keys.Name, new V1KeyToPath { Key = keys.Key, Path = PodLayout.ApiKeysFileName }));
        }

        if (spec.Conversations.EncryptionKeySecretRef is { } encryption)
        {
            volumes.Add(SecretVolume("encryption-key", encryption.Name, new V1KeyToPath { Key = encryption.Key, Path = PodLayout.EncryptionKeyFileName }));
        }

        // The key the operator issued to the gateway; the runtime accepts it with role gateway (server.gatewayKeyFile).
        if (spec.HasChannels())
        {
            volumes.Add(SecretVolume("gateway-key", Naming.GatewayKeySecret(ad), new V1KeyToPath { Key = GatewayPodLayout.KeyFileName, Path = GatewayPodLayout.KeyFileName }));
        }

        return volumes;
    }

    private static V1Volume SecretVolume(string name, string secretName, V1KeyToPath? item) => new()
    {
        Name = name,
        Secret = new V1SecretVolumeSource { SecretName = secretName, DefaultMode = SecretFileMode, Items = item is null ? null : [item] },
    };
}
