using System.Reflection;
using NasAssistant.Runtime.Config;
using System.Text.RegularExpressions;

namespace NasAssistant.Operator.Api.Rules;

/// <summary>Every cross-field rule of the AssistantDeployment API, in one place.</summary>
public static partial class CrossFieldRules
{
    /// <summary>All rules; the CRD generator and the validator both read this list.</summary>
    public static IReadOnlyList<CrossFieldRule> All { get; } =
    [
        CrossFieldRule.For<ModelSourceSpec>(
            "(has(self.builtin) ? 1 : 0) + (has(self.volume) ? 1 : 0) + (has(self.url) ? 1 : 0) == 1",
            "exactly one of builtin, volume or url must be set",
            null,
            s => (s.Builtin is null ? 0 : 1) + (s.Volume is null ? 0 : 1) + (s.Url is null ? 0 : 1) == 1),
        CrossFieldRule.For<ModelSpec>(
            "has(self.sha256) || !(has(self.source.url) || has(self.source.volume))",
            "sha256 is required for url and volume sources",
            ".sha256",
            m => m.Sha256 is not null || (m.Source.Url is null && m.Source.Volume is null)),
        CrossFieldRule.For<ModelSpec>(
            "self.task != 'Chat' || has(self.source.volume)",
            "task Chat needs a volume source naming an ONNX Runtime GenAI model folder; the builtin model is an embedding model",
            ".task",
            m => m.Task != ModelTaskKind.Chat || m.Source.Volume is not null),
        CrossFieldRule.For<ModelSpec>(
            "self.task != 'Generic' || !has(self.source.builtin)",
            "task Generic needs a volume or url source; the builtin model is an embedding model",
            ".task",
            m => m.Task != ModelTaskKind.Generic || m.Source.Builtin is null),
        CrossFieldRule.For<ModelSpec>(
            "self.task != 'Chat' || self.quantization != 'Int8'",
            $"quantization Int8 applies to Embedding and Generic models; {RuntimeConfigValidator.ChatModelsAdvice}",
            ".quantization",
            m => m.Task != ModelTaskKind.Chat || m.Quantization != QuantizationKind.Int8),
        CrossFieldRule.For<VolumeModelSource>(
            "!self.path.startsWith('/') && !self.path.contains('..')",
            "path must be relative to the models volume and must not contain '..'",
            ".path",
            v => !v.Path.StartsWith('/') && !v.Path.Contains("..", StringComparison.Ordinal)),
        CrossFieldRule.For<AutoscalingSpec>(
            "self.minReplicas <= self.maxReplicas",
            "minReplicas must not exceed maxReplicas",
            ".minReplicas",
            a => a.MinReplicas <= a.MaxReplicas),
        CrossFieldRule.For<TlsSpec>(
            "self.mode != 'CertManager' || has(self.issuerRef)",
            "issuerRef is required when mode is CertManager",
            ".issuerRef",
            t => t.Mode != TlsMode.CertManager || t.IssuerRef is not null),
        CrossFieldRule.For<TlsSpec>(
            "self.mode != 'Secret' || has(self.secretName)",
            "secretName is required when mode is Secret",
            ".secretName",
            t => t.Mode != TlsMode.Secret || t.SecretName is not null),
        CrossFieldRule.For<ChannelSpec>(
            string.Join(" + ", ChannelSpec.Kinds.Select(kind => $"(has(self.{kind}) ? 1 : 0)")) + " == 1",
            "exactly one kind must be set: " + string.Join(", ", ChannelSpec.Kinds),
            null,
            c => c.KindsSet().Count == 1),
        CrossFieldRule.For<ChannelSpec>(
            "!has(self.telegram) || !has(self.allowedUsers) || self.allowedUsers.all(id, id.matches('^[1-9][0-9]{0,17}$'))",
            "a Telegram channel's allowedUsers are Telegram user ids: positive whole numbers",
            ".allowedUsers",
            c => c.Telegram is null || (c.AllowedUsers ?? []).All(id => TelegramUserId().IsMatch(id))),
        CrossFieldRule.For<ChannelSpec>(
            "!has(self.telegram) || !has(self.allowedChats) || self.allowedChats.all(id, id.matches('^-?[1-9][0-9]{0,17}$'))",
            "a Telegram channel's allowedChats are Telegram chat ids: whole numbers, negative for groups",
            ".allowedChats",
            c => c.Telegram is null || (c.AllowedChats ?? []).All(id => TelegramChatId().IsMatch(id))),
        CrossFieldRule.For<ChannelSpec>(
            "!(has(self.wecom) || has(self.mqtt)) || !has(self.allowedChats) || size(self.allowedChats) == 0",
            "WeCom applications and MQTT have no group chats: allowedChats must be empty (list each person in allowedUsers)",
            ".allowedChats",
            c => (c.WeCom is null && c.Mqtt is null) || (c.AllowedChats ?? []).Count == 0),
        CrossFieldRule.For<ChannelSpec>(
            "!has(self.webhook) || !has(self.webhook.outgoing) || !has(self.allowedUsers) || size(self.allowedUsers) == 0",
            "an outgoing webhook posts from channels: allowedUsers must be empty (list the channels in allowedChats)",
            ".allowedUsers",
            c => c.Webhook?.Outgoing is null || (c.AllowedUsers ?? []).Count == 0),
        CrossFieldRule.For<WebhookChannelSpec>(
            "(has(self.slack) ? 1 : 0) + (has(self.outgoing) ? 1 : 0) == 1",
            "exactly one of slack or outgoing must be set",
            null,
            w => (w.Slack is null ? 0 : 1) + (w.Outgoing is null ? 0 : 1) == 1),
        CrossFieldRule.For<MqttChannelSpec>(
            "!has(self.passwordSecretRef) || has(self.usernameSecretRef)",
            "passwordSecretRef needs usernameSecretRef (the user the password is for)",
            ".passwordSecretRef",
            m => m.PasswordSecretRef is null || m.UsernameSecretRef is not null),
        CrossFieldRule.For<ServiceSpec>(
            "!has(self.nodePort) || self.type != 'ClusterIP'",
            "nodePort requires type NodePort or LoadBalancer",
            ".nodePort",
            s => s.NodePort is null || s.Type != ServiceKind.ClusterIP),
        CrossFieldRule.For<AssistantDeploymentSpec>(
            "(self.storage.models.accessMode != 'ReadWriteOncePod' && self.storage.sessions.accessMode != 'ReadWriteOncePod') || (self.autoscaling.enabled ? self.autoscaling.maxReplicas : self.replicas) <= 1",
            "a ReadWriteOncePod volume admits one pod; use ReadWriteOnce or ReadWriteMany for more replicas",
            ".storage",
            s => !s.Storage.UsesReadWriteOncePod() || s.MaxPods() <= 1),
        .. PodSchedulingRules.All,
    ];

    [GeneratedRegex("^[1-9][0-9]{0,17}$")]
    private static partial Regex TelegramUserId();

    [GeneratedRegex("^-?[1-9][0-9]{0,17}$")]
    private static partial Regex TelegramChatId();

    /// <summary>The rules that apply to every object of <paramref name="type"/>.</summary>
    public static IEnumerable<CrossFieldRule> For(Type type) => All.Where(rule => rule.Target == type && rule.Within is null);

    /// <summary>The rules that apply to the values (each item, for a list) of <paramref name="property"/>.</summary>
    public static IEnumerable<CrossFieldRule> Within(PropertyInfo property) =>
        All.Where(rule => rule.Within is { } within && within.DeclaringType == property.DeclaringType && within.Name == property.Name);
}
