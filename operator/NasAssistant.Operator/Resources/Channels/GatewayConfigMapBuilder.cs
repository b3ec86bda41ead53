using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>The gateway's ConfigMaps: its configuration file, and the empty one it records its channels' state in.</summary>
internal static class GatewayConfigMapBuilder
{
    public static V1ConfigMap? BuildConfig(AssistantDeployment ad, OperatorSettings settings) =>
        GatewayConfigBuilder.Build(ad, settings) is { } config
            ? new V1ConfigMap
            {
                ApiVersion = "v1",
                Kind = "ConfigMap",
                Metadata = ChildMetadata.ForGateway(ad, Naming.GatewayConfigMap(ad)),
                Data = new Dictionary<string, string> { [GatewayPodLayout.ConfigFileName] = GatewayConfigYaml.Serialize(config) },
            }
            : null;

    /// <summary>
    /// Made with no data: the active gateway writes <see cref="GatewayDefaults.StatusReportKey"/> into it, a field this
    /// operator's apply never sets and so never takes back. It also owns the Lease the gateway creates.
    /// </summary>
    public static V1ConfigMap? BuildStatus(AssistantDeployment ad) =>
        ad.Spec.HasChannels()
            ? new V1ConfigMap { ApiVersion = "v1", Kind = "ConfigMap", Metadata = ChildMetadata.ForGateway(ad, Naming.GatewayStatusConfigMap(ad)) }
            : null;
}
