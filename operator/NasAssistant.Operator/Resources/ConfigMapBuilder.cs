using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Operator.Resources;

/// <summary>The ConfigMap holding the runtime's configuration file.</summary>
internal static class ConfigMapBuilder
{
    public static V1ConfigMap Build(AssistantDeployment ad) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = ChildMetadata.For(ad, Naming.ConfigMap(ad)),
        Data = new Dictionary<string, string>
        {
            [PodLayout.ConfigFileName] = RuntimeConfigYaml.Serialize(RuntimeConfigBuilder.Build(ad)),
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
}
