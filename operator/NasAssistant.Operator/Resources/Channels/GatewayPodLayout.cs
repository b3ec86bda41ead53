using NasAssistant.Operator.Api;
using NasAssistant.Runtime.Config.Gateway;

namespace NasAssistant.Operator.Resources.Channels;

/// <summary>Where things live inside a gateway pod; the gateway's configuration points at these paths.</summary>
internal static class GatewayPodLayout
{
    public const string ContainerName = "gateway";
    public const string ConfigDirectory = "/etc/nas-assistant/gateway";
    public const string ConfigFileName = "gateway.yaml";
    public const string ConfigFile = ConfigDirectory + "/" + ConfigFileName;

    /// <summary>The gateway's own API key; the inference pods mount the same Secret to accept it.</summary>
    public const string KeyDirectory = "/etc/nas-assistant/gateway-key";
    public const string KeyFileName = "api-key";
    public const string KeyFile = KeyDirectory + "/" + KeyFileName;

    /// <summary>The CA of the assistant's serving certificate (ca.crt of its TLS Secret, never the private key).</summary>
    public const string AuthorityDirectory = "/etc/nas-assistant/assistant-ca";
    public const string AuthorityFileName = "ca.crt";

    /// <summary>Every Secret key a channel names, as SECRET/KEY below this folder (one projected volume, so rotations reach the files).</summary>
    public const string ChannelSecretsDirectory = "/etc/nas-assistant/channels";
    public const string DataDirectory = "/data/gateway";
    public const string TempDirectory = "/tmp";

    public const int StatusPort = GatewayDefaults.StatusPort;
    public const int WebhookPort = GatewayDefaults.WebhookPort;
    public const string StatusPortName = "status";
    public const string WebhookPortName = "webhooks";

    /// <summary>The file a channel's Secret key is mounted as.</summary>
    public static string SecretFile(SecretKeyReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return $"{ChannelSecretsDirectory}/{reference.Name}/{reference.Key}";
    }
}
