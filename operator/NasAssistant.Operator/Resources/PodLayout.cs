using NasAssistant.Runtime.Config;

namespace NasAssistant.Operator.Resources;

/// <summary>Where things live inside an inference pod; the runtime config points at these paths.</summary>
internal static class PodLayout
{
    public const string ContainerName = "runtime";
    public const long RuntimeUser = 65532;

    public const string ConfigDirectory = "/etc/nas-assistant/config";
    public const string ConfigFileName = "runtime.yaml";
    public const string ConfigFile = ConfigDirectory + "/" + ConfigFileName;
    public const string TlsDirectory = "/etc/nas-assistant/tls";
    public const string AuthDirectory = "/etc/nas-assistant/auth";
    public const string ApiKeysFileName = "api-keys";
    public const string EncryptionDirectory = "/etc/nas-assistant/encryption";
    public const string EncryptionKeyFileName = "key";
    public const string ModelsDirectory = "/models";

    /// <summary>Quantized models on the models volume, keyed by source digest, so every replica and restart reuses them.</summary>
    public const string QuantizedModelsDirectory = ModelsDirectory + "/quantized";
    public const string SessionsDirectory = "/data/sessions";
    public const string KnowledgeDirectory = "/data/knowledge";

    /// <summary>The knowledge folder is a sub-folder of the sessions volume, so it needs no volume of its own.</summary>
    public const string KnowledgeSubPath = "knowledge";
    public const string TempDirectory = "/tmp";

    public const int ApiPort = RuntimeDefaults.ApiPort;
    public const int MetricsPort = RuntimeDefaults.MetricsPort;
    public const string ApiPortName = "api";
    public const string MetricsPortName = "metrics";
}
