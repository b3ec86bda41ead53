using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Operator.Resources;

/// <summary>
/// The ConfigMap holding the runtime's configuration file. What it renders passes the runtime's own
/// <see cref="RuntimeConfigValidator"/>: a spec the operator accepts must never start pods that refuse
/// their configuration and crash-loop.
/// </summary>
internal static class ConfigMapBuilder
{
    /// <exception cref="InvalidOperationException">The runtime would refuse the rendered configuration.</exception>
    public static V1ConfigMap Build(AssistantDeployment ad) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ChildMetadata.For(ad, Naming.ConfigMap(ad)),
        Data = new Dictionary<string, string>
        {
            [PodLayout.ConfigFileName] = RuntimeConfigYaml.Serialize(Validated(ad, RuntimeConfigBuilder.Build(ad))),
        },
    };

    /// <summary>Digest of the config file; stamped on the pod template so a config change rolls the pods.</summary>
    public static string Hash(V1ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var text = string.Concat(configMap.Data.OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => $"{entry.Key}\n{entry.Value}\n"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    // Every spec the operator's validation accepts renders a configuration the runtime accepts (a test runs
    // every example through both); a difference is a defect of the operator's, reported rather than shipped.
    private static RuntimeConfig Validated(AssistantDeployment ad, RuntimeConfig config)
    {
        var errors = RuntimeConfigValidator.Validate(config);
        return errors.Count == 0
            ? config
            : throw new InvalidOperationException(
                $"the runtime would refuse the configuration rendered for {ad.Metadata.NamespaceProperty}/{ad.Metadata.Name}, "
                + $"although the operator accepted its spec: {string.Join("; ", errors)}");
    }
}
