using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources.Channels;

namespace NasAssistant.Operator.Resources;

/// <summary>Runs every child builder for one AssistantDeployment; pure, so render and the reconciler agree.</summary>
internal static class DesiredStateBuilder
{
    /// <param name="ad">The resource.</param>
    /// <param name="settings">Operator settings.</param>
    /// <param name="certificateFingerprint">Fingerprint of the certificate the TLS step issued (null in render, and unless SelfSigned).</param>
    public static DesiredState Build(AssistantDeployment ad, OperatorSettings settings, string? certificateFingerprint = null)
    {
        IKubernetesObject<V1ObjectMeta>?[] children =
        [
            PersistentVolumeClaimBuilder.BuildModels(ad),
            PersistentVolumeClaimBuilder.BuildSessions(ad),
            ConfigMapBuilder.Build(ad),
            TlsBuilder.BuildCertificate(ad, settings),
            ServiceBuilder.Build(ad),
            DeploymentBuilder.Build(ad, settings, certificateFingerprint),
            NetworkPolicyBuilder.Build(ad, settings),
            HorizontalPodAutoscalerBuilder.Build(ad),
            PodDisruptionBudgetBuilder.Build(ad),
            ServiceMonitorBuilder.Build(ad),
            PrometheusRuleBuilder.Build(ad),
            .. GatewayChildren(ad, settings),
        ];
        return new DesiredState([.. children.OfType<IKubernetesObject<V1ObjectMeta>>()]);
    }

    /// <summary>The channel gateway's children, when channels are named; its API key Secret is issued at reconcile time.</summary>
    public static IKubernetesObject<V1ObjectMeta>?[] GatewayChildren(AssistantDeployment ad, OperatorSettings settings) =>
    [
        GatewayRbacBuilder.BuildServiceAccount(ad),
        GatewayRbacBuilder.BuildRole(ad),
        GatewayRbacBuilder.BuildRoleBinding(ad),
        GatewayConfigMapBuilder.BuildStatus(ad),
        GatewayConfigMapBuilder.BuildConfig(ad, settings),
        GatewayClaimBuilder.Build(ad),
        GatewayServiceBuilder.Build(ad),
        GatewayDeploymentBuilder.Build(ad, settings),
        GatewayNetworkPolicyBuilder.Build(ad, settings),
    ];
}
