using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Operator.Tests.Validation;

/// <summary>Each invalid resource is rejected with the field path and the reason a user needs to fix it.</summary>
public sealed class InvalidResourceTests
{
    private const string Header = "apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata:\n  name: family\n";

    public static TheoryData<string, string, string, string> Cases() => new()
    {
        { "unknown field", "spec:\n  replica: 2\n", "spec.replica", "unknown field" },
        { "wrong type", "spec:\n  replicas: two\n", "spec.replicas", "spec.replicas in body must be of type integer: \"string\"" },
        { "negative replicas", "spec:\n  replicas: -1\n", "spec.replicas", "spec.replicas in body should be greater than or equal to 0" },
        { "too many replicas", "spec:\n  replicas: 51\n", "spec.replicas", "spec.replicas in body should be less than or equal to 50" },
        { "unknown task", "spec:\n  model:\n    task: translate\n", "spec.model.task", "Unsupported value: \"translate\": supported values: \"Embedding\", \"Chat\", \"Generic\"" },
        { "two model sources", "spec:\n  model:\n    source:\n      builtin: {}\n      volume: {path: a.onnx}\n    sha256: " + new string('a', 64) + "\n", "spec.model.source", "exactly one of builtin, volume or url must be set" },
        { "no model source", "spec:\n  model:\n    source: {}\n", "spec.model.source", "exactly one of builtin, volume or url must be set" },
        { "url without sha256", "spec:\n  model:\n    source:\n      url: {href: 'https://nas.lan/m.onnx'}\n", "spec.model.sha256", "sha256 is required for url and volume sources" },
        { "volume without sha256", "spec:\n  model:\n    source:\n      volume: {path: m.onnx}\n", "spec.model.sha256", "sha256 is required for url and volume sources" },
        { "bad sha256", "spec:\n  model:\n    sha256: ABC\n", "spec.model.sha256", "spec.model.sha256 in body should match '^[a-f0-9]{64}$'" },
        { "sha256 read as a number", "spec:\n  model:\n    sha256: 1234\n", "spec.model.sha256", "spec.model.sha256 in body must be of type string: \"integer\"" },
        { "url not http", "spec:\n  model:\n    source:\n      url: {href: 'ftp://nas.lan/m.onnx'}\n    sha256: " + new string('b', 64) + "\n", "spec.model.source.url.href", "in body should match" },
        { "absolute volume path", "spec:\n  model:\n    source:\n      volume: {path: /etc/passwd}\n    sha256: " + new string('c', 64) + "\n", "spec.model.source.volume.path", "must be relative to the models volume" },
        { "volume path escapes", "spec:\n  model:\n    source:\n      volume: {path: ../secrets/m.onnx}\n    sha256: " + new string('c', 64) + "\n", "spec.model.source.volume.path", "must not contain '..'" },
        { "chat on builtin model", "spec:\n  model:\n    task: Chat\n", "spec.model.task", "task Chat needs a volume source" },
        { "chat from a url", "spec:\n  model:\n    task: Chat\n    source:\n      url: {href: 'https://nas.lan/m.onnx'}\n    sha256: " + new string('d', 64) + "\n", "spec.model.task", "ONNX Runtime GenAI model folder" },
        { "chat quantized to int8", "spec:\n  model:\n    task: Chat\n    quantization: Int8\n    source:\n      volume: {path: phi}\n    sha256: " + new string('d', 64) + "\n", "spec.model.quantization", "a chat model is quantized when it is exported" },
        { "generic on builtin model", "spec:\n  model:\n    task: Generic\n", "spec.model.task", "task Generic needs a volume or url source" },
        { "min above max", "spec:\n  autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 2}\n", "spec.autoscaling.minReplicas", "minReplicas must not exceed maxReplicas" },
        { "cpu target out of range", "spec:\n  autoscaling: {targetCPUUtilizationPercentage: 150}\n", "spec.autoscaling.targetCPUUtilizationPercentage", "should be less than or equal to 100" },
        { "cert-manager without issuer", "spec:\n  tls: {mode: CertManager}\n", "spec.tls.issuerRef", "issuerRef is required when mode is CertManager" },
        { "secret mode without secret", "spec:\n  tls: {mode: Secret}\n", "spec.tls.secretName", "secretName is required when mode is Secret" },
        { "unknown tls mode", "spec:\n  tls: {mode: Letsencrypt}\n", "spec.tls.mode", "Unsupported value: \"Letsencrypt\"" },
        { "bad dns name", "spec:\n  tls: {dnsNames: [Assistant_Home]}\n", "spec.tls.dnsNames[0]", "in body should match" },
        { "bad cidr", "spec:\n  network:\n    allowFrom: {cidrs: [192.168.1.0]}\n", "spec.network.allowFrom.cidrs[0]", "in body should match" },
        { "node port on ClusterIP", "spec:\n  service: {nodePort: 30080}\n", "spec.service.nodePort", "nodePort requires type NodePort or LoadBalancer" },
        { "node port out of range", "spec:\n  service: {type: NodePort, nodePort: 8080}\n", "spec.service.nodePort", "should be greater than or equal to 30000" },
        { "bad quantity", "spec:\n  resources:\n    limits: {memory: 4GB}\n", "spec.resources.limits.memory", "in body should match" },
        { "RWOP with replicas", "spec:\n  replicas: 2\n  storage:\n    sessions: {accessMode: ReadWriteOncePod}\n", "spec.storage", "a ReadWriteOncePod volume admits one pod" },
        { "secret ref without key", "spec:\n  auth:\n    apiKeySecretRef: {name: keys}\n", "spec.auth.apiKeySecretRef.key", "Required value" },
        { "bad time zone", "spec:\n  timezone: 'Europe Berlin'\n", "spec.timezone", "in body should match" },
        { "retention negative", "spec:\n  conversations: {retentionDays: -3}\n", "spec.conversations.retentionDays", "should be greater than or equal to 0" },
        { "batch too large", "spec:\n  inference: {maxBatchSize: 1024}\n", "spec.inference.maxBatchSize", "should be less than or equal to 256" },
        { "channel without a kind", "spec:\n  channels:\n  - name: family\n", "spec.channels[0]", "exactly one kind must be set: telegram" },
        { "two channels of one name", "spec:\n  channels:\n  - {name: family, telegram: {tokenSecretRef: {name: tg, key: token}}}\n  - {name: family, telegram: {tokenSecretRef: {name: tg2, key: token}}}\n", "spec.channels[1]", "Duplicate value: map[string]interface {}{\"name\":\"family\"}" },
        { "channel name not a label", "spec:\n  channels:\n  - {name: Family, telegram: {tokenSecretRef: {name: tg, key: token}}}\n", "spec.channels[0].name", "in body should match" },
        { "channel name too long", "spec:\n  channels:\n  - {name: " + new string('c', 33) + ", telegram: {tokenSecretRef: {name: tg, key: token}}}\n", "spec.channels[0].name", "should be at most 32 chars long" },
        { "telegram user not a number", "spec:\n  channels:\n  - {name: family, allowedUsers: ['@alice'], telegram: {tokenSecretRef: {name: tg, key: token}}}\n", "spec.channels[0].allowedUsers", "Telegram user ids: positive whole numbers" },
        { "telegram chat not a number", "spec:\n  channels:\n  - {name: family, allowedChats: [family-group], telegram: {tokenSecretRef: {name: tg, key: token}}}\n", "spec.channels[0].allowedChats", "Telegram chat ids" },
        { "telegram without token", "spec:\n  channels:\n  - {name: family, telegram: {}}\n", "spec.channels[0].telegram.tokenSecretRef", "Required value" },
        { "telegram webhook over http", "spec:\n  channels:\n  - {name: family, telegram: {tokenSecretRef: {name: tg, key: token}, webhook: {url: 'http://bot.example.org/hook', secretTokenSecretRef: {name: tg, key: hook}}}}\n", "spec.channels[0].telegram.webhook.url", "in body should match" },
        { "telegram webhook on another port", "spec:\n  channels:\n  - {name: family, telegram: {tokenSecretRef: {name: tg, key: token}, webhook: {url: 'https://bot.example.org:9443/hook', secretTokenSecretRef: {name: tg, key: hook}}}}\n", "spec.channels[0].telegram.webhook.url", "in body should match" },
        { "telegram webhook without secret", "spec:\n  channels:\n  - {name: family, telegram: {tokenSecretRef: {name: tg, key: token}, webhook: {url: 'https://bot.example.org/hook'}}}\n", "spec.channels[0].telegram.webhook.secretTokenSecretRef", "Required value" },
        { "channel egress not a cidr", "spec:\n  channels:\n  - {name: family, telegram: {tokenSecretRef: {name: tg, key: token}}, egress: {cidrs: [api.telegram.org]}}\n", "spec.channels[0].egress.cidrs[0]", "in body should match" },
        { "channel with two kinds", "spec:\n  channels:\n  - {name: family, telegram: {tokenSecretRef: {name: tg, key: token}}, mqtt: {host: mqtt.lan}}\n", "spec.channels[0]", "exactly one kind must be set: telegram, wecom, dingtalk, feishu, webhook, mqtt" },
        { "wecom without corp id", "spec:\n  channels:\n  - {name: office, wecom: {agentId: 1, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}, corpSecretSecretRef: {name: s, key: c}}}\n", "spec.channels[0].wecom.corpId", "Required value" },
        { "wecom agent id zero", "spec:\n  channels:\n  - {name: office, wecom: {corpId: ww1, agentId: 0, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}, corpSecretSecretRef: {name: s, key: c}}}\n", "spec.channels[0].wecom.agentId", "should be greater than or equal to 1" },
        { "wecom without its secret", "spec:\n  channels:\n  - {name: office, wecom: {corpId: ww1, agentId: 1, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}}}\n", "spec.channels[0].wecom.corpSecretSecretRef", "Required value" },
        { "wecom with group chats", "spec:\n  channels:\n  - {name: office, allowedChats: [wrOgQhDgAAMYQiS5ol9G7gK9JVAAAA], wecom: {corpId: ww1, agentId: 1, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}, corpSecretSecretRef: {name: s, key: c}}}\n", "spec.channels[0].allowedChats", "WeCom applications and MQTT have no group chats" },
        { "wecom user id with spaces", "spec:\n  channels:\n  - {name: office, allowedUsers: ['Li Lei'], wecom: {corpId: ww1, agentId: 1, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}, corpSecretSecretRef: {name: s, key: c}}}\n", "spec.channels[0].allowedUsers[0]", "in body should match" },
        { "wecom user id not a UserID", "spec:\n  channels:\n  - {name: office, allowedUsers: ['li#lei'], wecom: {corpId: ww1, agentId: 1, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}, corpSecretSecretRef: {name: s, key: c}}}\n", "spec.channels[0].allowedUsers[0]", "is not a WeCom UserID" },
        { "dingtalk without app secret", "spec:\n  channels:\n  - {name: team, dingtalk: {}}\n", "spec.channels[0].dingtalk.appSecretSecretRef", "Required value" },
        { "dingtalk group not a conversation id", "spec:\n  channels:\n  - {name: team, allowedChats: [family], dingtalk: {appSecretSecretRef: {name: s, key: a}}}\n", "spec.channels[0].allowedChats[0]", "is not a DingTalk group conversationId" },
        { "feishu app id not cli_", "spec:\n  channels:\n  - {name: lark, feishu: {appId: a5f1e2, appSecretSecretRef: {name: s, key: a}, verificationTokenSecretRef: {name: s, key: v}}}\n", "spec.channels[0].feishu.appId", "in body should match" },
        { "feishu without verification token", "spec:\n  channels:\n  - {name: lark, feishu: {appId: cli_a1, appSecretSecretRef: {name: s, key: a}}}\n", "spec.channels[0].feishu.verificationTokenSecretRef", "Required value" },
        { "feishu user not an open_id", "spec:\n  channels:\n  - {name: lark, allowedUsers: [alice], feishu: {appId: cli_a1, appSecretSecretRef: {name: s, key: a}, verificationTokenSecretRef: {name: s, key: v}}}\n", "spec.channels[0].allowedUsers[0]", "is not a Feishu open_id" },
        { "webhook with slack and outgoing", "spec:\n  channels:\n  - {name: chat, webhook: {slack: {signingSecretSecretRef: {name: s, key: a}, botTokenSecretRef: {name: s, key: b}}, outgoing: {tokenSecretRef: {name: s, key: t}}}}\n", "spec.channels[0].webhook", "exactly one of slack or outgoing must be set" },
        { "webhook with neither", "spec:\n  channels:\n  - {name: chat, webhook: {}}\n", "spec.channels[0].webhook", "exactly one of slack or outgoing must be set" },
        { "slack without bot token", "spec:\n  channels:\n  - {name: chat, webhook: {slack: {signingSecretSecretRef: {name: s, key: a}}}}\n", "spec.channels[0].webhook.slack.botTokenSecretRef", "Required value" },
        { "slack user without team", "spec:\n  channels:\n  - {name: chat, allowedUsers: [U0ALICE1], webhook: {slack: {signingSecretSecretRef: {name: s, key: a}, botTokenSecretRef: {name: s, key: b}}}}\n", "spec.channels[0].allowedUsers[0]", "TEAM:USER" },
        { "outgoing webhook with users", "spec:\n  channels:\n  - {name: chat, allowedUsers: [alice], webhook: {outgoing: {tokenSecretRef: {name: s, key: t}}}}\n", "spec.channels[0].allowedUsers", "an outgoing webhook posts from channels" },
        { "mqtt without host", "spec:\n  channels:\n  - {name: home, mqtt: {port: 1883}}\n", "spec.channels[0].mqtt.host", "Required value" },
        { "mqtt port zero", "spec:\n  channels:\n  - {name: home, mqtt: {host: mqtt.lan, port: 0}}\n", "spec.channels[0].mqtt.port", "should be greater than or equal to 1" },
        { "mqtt password without user", "spec:\n  channels:\n  - {name: home, mqtt: {host: mqtt.lan, passwordSecretRef: {name: s, key: p}}}\n", "spec.channels[0].mqtt.passwordSecretRef", "passwordSecretRef needs usernameSecretRef" },
        { "mqtt with group chats", "spec:\n  channels:\n  - {name: home, allowedChats: [kitchen], mqtt: {host: mqtt.lan}}\n", "spec.channels[0].allowedChats", "WeCom applications and MQTT have no group chats" },
        { "mqtt wildcard base topic", "spec:\n  channels:\n  - {name: home, mqtt: {host: mqtt.lan, baseTopic: 'home/#'}}\n", "spec.channels[0].mqtt.baseTopic", "in body should match" },
        { "mqtt empty topic level", "spec:\n  channels:\n  - {name: home, mqtt: {host: mqtt.lan, baseTopic: 'home//assistant'}}\n", "spec.channels[0].mqtt.baseTopic", "must be topic levels" },
        { "mqtt session kept too long", "spec:\n  channels:\n  - {name: home, mqtt: {host: mqtt.lan, sessionExpirySeconds: 172800}}\n", "spec.channels[0].mqtt.sessionExpirySeconds", "should be less than or equal to 86400" },
        { "three gateway replicas", "spec:\n  gateway: {replicas: 3}\n", "spec.gateway.replicas", "should be less than or equal to 2" },
        { "proxy without scheme", "spec:\n  gateway: {httpsProxy: 'proxy.lan:3128'}\n", "spec.gateway.httpsProxy", "in body should match" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rejects_WithFieldPathAndReason(string name, string body, string field, string message)
    {
        var result = AssistantDeploymentValidator.Validate(YamlDocuments.Parse(Header + body).Single());
        Assert.False(result.IsValid, name);
        Assert.Contains(result.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void ReportsEveryErrorAtOnce()
    {
        var yaml = Header + """
            spec:
              replicas: -1
              model: {task: translate}
              tls: {mode: Secret}
              autoscaling: {minReplicas: 4, maxReplicas: 2}
              colour: blue
            """;
        var result = AssistantDeploymentValidator.Validate(YamlDocuments.Parse(yaml).Single());
        Assert.Equal(
            ["spec.colour", "spec.model.task", "spec.replicas"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReportsRuleErrorsTogether_WhenTheSchemaIsSatisfied()
    {
        var yaml = Header + """
            spec:
              tls: {mode: Secret}
              autoscaling: {minReplicas: 4, maxReplicas: 2}
              service: {nodePort: 30001}
            """;
        var result = AssistantDeploymentValidator.Validate(YamlDocuments.Parse(yaml).Single());
        Assert.Equal(
            ["spec.autoscaling.minReplicas", "spec.service.nodePort", "spec.tls.secretName"],
            result.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "<document>", "not AssistantDeployment")]
    [InlineData("apiVersion: nasassistant.io/v1\nkind: AssistantDeployment\nmetadata: {name: x}\n", "<document>", "not AssistantDeployment (nasassistant.io/v1alpha1)")]
    [InlineData("apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata: {}\n", "metadata.name", "Required value")]
    [InlineData("apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata: {name: 9lives}\n", "metadata.name", "starts with a letter")]
    [InlineData("- just\n- a list\n", "<document>", "must be a YAML mapping")]
    public void Rejects_DocumentsThatAreNotAssistantDeployments(string yaml, string field, string message)
    {
        var result = AssistantDeploymentValidator.Validate(YamlDocuments.Parse(yaml).Single());
        Assert.Contains(result.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void TypedResource_IsCheckedAgainstTheSameRules()
    {
        var resource = TestResources.WithSpec("replicas: 1\n");
        resource.Spec.Autoscaling.MinReplicas = 9;
        resource.Spec.Autoscaling.MaxReplicas = 3;
        resource.Spec.Replicas = 70;
        var errors = AssistantDeploymentValidator.Validate(resource);
        Assert.Equal(["spec.autoscaling.minReplicas", "spec.replicas"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }
}
