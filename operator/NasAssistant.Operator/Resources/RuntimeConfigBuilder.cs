using NasAssistant.Operator.Api;
using NasAssistant.Operator.Resources.Channels;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Operator.Resources;

/// <summary>Translates an AssistantDeployment into the runtime's own configuration.</summary>
internal static class RuntimeConfigBuilder
{
    public static RuntimeConfig Build(AssistantDeployment ad)
    {
        var spec = ad.Spec;
        var tls = spec.Tls.ServesHttps();
        return new RuntimeConfig
        {
            Server = new ServerConfig
            {
                Port = PodLayout.ApiPort,
                MetricsPort = PodLayout.MetricsPort,
                Tls = new TlsConfig
                {
                    Enabled = tls,
                    CertificateFile = tls ? PodLayout.TlsDirectory + "/tls.crt" : null,
                    KeyFile = tls ? PodLayout.TlsDirectory + "/tls.key" : null,
                },
                ApiKeysFile = spec.Auth.ApiKeySecretRef is null ? null : PodLayout.AuthDirectory + "/" + PodLayout.ApiKeysFileName,
                GatewayKeyFile = spec.HasChannels() ? GatewayPodLayout.KeyFile : null,
            },
            Model = new ModelConfig
            {
                Name = spec.Model.Name,
                Task = spec.Model.Task switch
                {
                    ModelTaskKind.Chat => ModelTask.Chat,
                    ModelTaskKind.Generic => ModelTask.Generic,
                    _ => ModelTask.Embedding,
                },
                Path = ModelPath(spec.Model),
                Sha256 = spec.Model.Sha256,
                Quantization = spec.Model.Quantization == QuantizationKind.Int8 ? QuantizationMode.Int8 : QuantizationMode.None,
                CacheDirectory = PodLayout.QuantizedModelsDirectory,
                Threads = spec.Inference.Threads,
            },
            Batching = new BatchingConfig
            {
                MaxBatchSize = spec.Inference.MaxBatchSize,
                MaxBatchDelayMilliseconds = spec.Inference.MaxBatchDelayMilliseconds,
                MaxQueueLength = spec.Inference.MaxQueueLength,
                Workers = spec.Inference.Workers,
            },
            Conversations = new ConversationConfig
            {
                Directory = PodLayout.SessionsDirectory,
                RetentionDays = spec.Conversations.RetentionDays,
                EncryptionKeyFile = spec.Conversations.EncryptionKeySecretRef is null
                    ? null
                    : PodLayout.EncryptionDirectory + "/" + PodLayout.EncryptionKeyFileName,
            },
            Knowledge = spec.Knowledge.Enabled ? new KnowledgeConfig { Directory = PodLayout.KnowledgeDirectory } : null,
        };
    }

    /// <summary>The model file inside the pod; null selects the runtime's bundled model.</summary>
    public static string? ModelPath(ModelSpec model) => model.Source switch
    {
        { Volume: { } volume } => $"{PodLayout.ModelsDirectory}/{volume.Path}",
        { Url: not null } => DownloadPath(model),
        _ => null,
    };

    /// <summary>Downloads are keyed by digest, so changing the URL's content never reuses a stale file.</summary>
    public static string DownloadPath(ModelSpec model) => $"{PodLayout.ModelsDirectory}/downloads/{model.Sha256}/model.onnx";
}
