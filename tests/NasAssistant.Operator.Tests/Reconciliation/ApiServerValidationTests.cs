using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Reconciliation.Status;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Tests.Support;
using NasAssistant.Operator.Validation;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation;

/// <summary>
/// The API server, holding the generated CRD, rejects what the operator's own validation rejects,
/// with the same field path and message — CEL rules evaluated by a real CEL implementation.
/// </summary>
public sealed class ApiServerValidationTests
{
    public static TheoryData<string> InvalidSpecs() => new()
    {
        "autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 2}\n",
        "model:\n  source:\n    builtin: {}\n    volume: {path: m.onnx}\n  sha256: " + new string('a', 64) + "\n",
        "model:\n  source:\n    url: {href: 'https://nas.lan/m.onnx'}\n",
        "model:\n  source:\n    volume: {path: ../escape.onnx}\n  sha256: " + new string('a', 64) + "\n",
        "model: {task: Chat}\n",
        "model:\n  task: Chat\n  quantization: Int8\n  source:\n    volume: {path: phi}\n  sha256: " + new string('a', 64) + "\n",
        "model: {task: Generic}\n",
        "tls: {mode: CertManager}\n",
        "tls: {mode: Secret}\n",
        "service: {nodePort: 30080}\n",
        "replicas: 2\nstorage:\n  sessions: {accessMode: ReadWriteOncePod}\n",
        "replicas: -1\n",
        "model: {task: translate}\n",
        "tls: {dnsNames: [Not_A_Host]}\n",
        "channels:\n- name: family\n",
        "channels:\n- {name: family, telegram: {tokenSecretRef: {name: tg, key: token}}}\n- {name: family, telegram: {tokenSecretRef: {name: tg2, key: token}}}\n",
        "channels:\n- {name: family, allowedUsers: ['123', '@alice'], allowedChats: [group], telegram: {tokenSecretRef: {name: tg, key: token}}}\n",
        "channels:\n- {name: family, telegram: {tokenSecretRef: {name: tg, key: token}, webhook: {url: 'http://bot.example.org/hook', secretTokenSecretRef: {name: tg, key: hook}}}}\n",
        "channels:\n- {name: family, telegram: {tokenSecretRef: {name: tg, key: token}}, mqtt: {host: mqtt.lan}}\n",
        "channels:\n- {name: office, allowedChats: [group], wecom: {corpId: ww1, agentId: 1, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}, corpSecretSecretRef: {name: s, key: c}}}\n",
        "channels:\n- {name: office, wecom: {corpId: ww1, agentId: 0, tokenSecretRef: {name: s, key: t}, encodingAesKeySecretRef: {name: s, key: a}}}\n",
        "channels:\n- {name: team, dingtalk: {}}\n",
        "channels:\n- {name: lark, feishu: {appId: a5f1, appSecretSecretRef: {name: s, key: a}, verificationTokenSecretRef: {name: s, key: v}}}\n",
        "channels:\n- {name: chat, webhook: {}}\n",
        "channels:\n- {name: chat, allowedUsers: [alice], webhook: {slack: {signingSecretSecretRef: {name: s, key: a}, botTokenSecretRef: {name: s, key: b}}, outgoing: {tokenSecretRef: {name: s, key: t}}}}\n",
        "channels:\n- {name: chat, allowedUsers: [alice], webhook: {outgoing: {tokenSecretRef: {name: s, key: t}}}}\n",
        "channels:\n- {name: home, allowedChats: [kitchen], mqtt: {host: mqtt.lan, port: 0, passwordSecretRef: {name: s, key: p}, baseTopic: 'home/+'}}\n",
        "gateway: {replicas: 3}\n",
    };

    /// <summary>Pass-through fields the CRD can check: the API server refuses each as the operator does.</summary>
    public static TheoryData<string> InvalidPassThroughSpecs() => new()
    {
        "tolerations: [{key: 'nospecialchars^=@', operator: Equal, value: bar, effect: NoSchedule}]\n",
        "tolerations: [{key: foo, operator: In, value: bar}]\n",
        "tolerations: [{key: foo, operator: Exists, value: bar}, {operator: Equal, value: bar}]\n",
        "tolerations: [{key: foo, operator: Exists, effect: NoSchedule, tolerationSeconds: 20}, {key: foo, effect: NoScheduleNoAdmit}]\n",
        "tolerations: [{key: " + new string('a', 254) + "/name, operator: Exists}]\n",
        "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: []}}}\n",
        "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: a, operator: In}, {key: b, operator: Exists, values: [x]}, {key: c, operator: Gt, values: ['1', '2']}, {key: d, operator: In, values: ['not a label']}]}]}}}\n",
        "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchFields: [{key: metadata.name, operator: In, values: [host1, host2]}, {key: metadata.namespace, operator: Exists}, {key: metadata.name, operator: In, values: [Host_1]}]}]}}}\n",
        "affinity: {nodeAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 0, preference: {matchExpressions: [{key: 'invalid key ___@#', operator: Equal}]}}]}}\n",
        "affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: zone, matchLabelKeys: [key]}, {labelSelector: {matchExpressions: [{key: k, operator: In}]}, namespaces: [Bad_NS], topologyKey: ''}]}}\n",
        "affinity: {podAntiAffinity: {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 101, podAffinityTerm: {labelSelector: {matchExpressions: [{key: key, operator: In, values: [v1]}, {key: key, operator: Exists, values: [v2]}]}, topologyKey: zone, matchLabelKeys: [key, samekey], mismatchLabelKeys: [samekey]}}]}}\n",
        "priorityClassName: High_Priority\n",
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    [MemberData(nameof(InvalidPassThroughSpecs))]
    public async Task ApiServer_RejectsWithTheOperatorsMessage(string spec)
    {
        await using var h = await StartAsync();
        var document = Document(spec);
        var operatorErrors = AssistantDeploymentValidator.Validate(document).Errors;
        Assert.NotEmpty(operatorErrors);

        var rejection = await Assert.ThrowsAsync<HttpOperationException>(() => h.Client.CustomObjects.CreateNamespacedCustomObjectAsync(
            document, "nasassistant.io", "v1alpha1", Namespace, "assistantdeployments"));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, rejection.Response.StatusCode);
        var causes = System.Text.Json.Nodes.JsonNode.Parse(rejection.Response.Content)!["details"]!["causes"]!.AsArray()
            .Select(cause => new ValidationError((string)cause!["field"]!, (string)cause["message"]!))
            .ToList();
        Assert.Equal(operatorErrors.Select(e => e.ToString()).Order(StringComparer.Ordinal), causes.Select(e => e.ToString()).Order(StringComparer.Ordinal));
    }

    /// <summary>Valid pass-through values pass both the API server and the operator.</summary>
    public static TheoryData<string> ValidPassThroughSpecs() => new()
    {
        "nodeSelector: {kubernetes.io/arch: amd64, example.com/gpu: ''}\ntolerations: [{operator: Exists}, {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}, {key: dedicated, value: nas}]\npriorityClassName: high\n",
        "affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: a, operator: In, values: [x]}, {key: b, operator: Gt, values: ['3']}], matchFields: [{key: metadata.name, operator: NotIn, values: [nas-01]}]}]}, preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference: {matchExpressions: [{key: c, operator: Lt, values: ['-1']}]}}]}}\n",
        "affinity: {podAntiAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {app: db}, matchExpressions: [{key: key2, operator: In, values: [v]}]}, namespaceSelector: {}, namespaces: [home], topologyKey: kubernetes.io/hostname, matchLabelKeys: [key2], mismatchLabelKeys: [key3]}]}}\n",
    };

    /// <summary>Every channel kind, with every optional field set.</summary>
    public static TheoryData<string> ValidChannelSpecs() => new() { ChannelSpecs.TwoTelegramChannels, ChannelSpecs.EveryWebhookAndMqttKind };

    [Theory]
    [MemberData(nameof(ValidPassThroughSpecs))]
    [MemberData(nameof(ValidChannelSpecs))]
    public async Task ApiServerAndOperator_AcceptValidSpecs(string spec)
    {
        await using var h = await StartAsync();
        var document = Document(spec);
        var result = AssistantDeploymentValidator.Validate(document);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));

        await h.Client.CustomObjects.CreateNamespacedCustomObjectAsync(document, "nasassistant.io", "v1alpha1", Namespace, "assistantdeployments");
    }

    /// <summary>
    /// What the CRD cannot afford to check (label keys as map keys, a request above its limit) passes the API
    /// server; the operator refuses it before writing any child.
    /// </summary>
    [Theory]
    [InlineData("nodeSelector: {'a b': c}\n", "spec.nodeSelector")]
    [InlineData("affinity: {podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{labelSelector: {matchLabels: {/simple: x}}, topologyKey: zone}]}}\n", "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels")]
    [InlineData("resources: {requests: {cpu: 4}, limits: {cpu: 2}}\n", "spec.resources.requests")]
    [InlineData("channels:\n- {name: lark, allowedUsers: [alice], feishu: {appId: cli_a1, appSecretSecretRef: {name: s, key: a}, verificationTokenSecretRef: {name: s, key: v}}}\n", "spec.channels[0].allowedUsers[0]")]
    [InlineData("channels:\n- {name: home, mqtt: {host: mqtt.lan, baseTopic: home//assistant}}\n", "spec.channels[0].mqtt.baseTopic")]
    public async Task OperatorOnlyChecks_PassTheApiServer_AndTheOperatorRefuses(string spec, string field)
    {
        await using var h = await StartAsync();
        var document = Document(spec);

        await h.Client.CustomObjects.CreateNamespacedCustomObjectAsync(document, "nasassistant.io", "v1alpha1", Namespace, "assistantdeployments");

        Assert.Equal([field], AssistantDeploymentValidator.Validate(document).Errors.Select(e => e.Field));
    }

    private static System.Text.Json.Nodes.JsonNode Document(string spec) => YamlDocuments.Parse(
        "apiVersion: nasassistant.io/v1alpha1\nkind: AssistantDeployment\nmetadata: {name: family, namespace: home}\nspec:\n"
        + string.Join("\n", spec.Split('\n').Select(line => line.Length == 0 ? line : "  " + line))).Single()!;

    [Fact]
    public async Task InvalidSpecUnderAnOlderLaxCrd_IsDegradedWithEveryError_AndNoChildIsCreated()
    {
        // An operator upgraded before its CRD (Helm does not upgrade CRDs) meets objects its schema would refuse.
        var lax = CrdGenerator.Build();
        lax.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"] = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        await using var h = await StartAsync(lax);
        h.Fake.Requests.Clear();
        await h.CreateAsync("family", "replicas: 70\ntls: {mode: Secret}\nautoscaling: {minReplicas: 4, maxReplicas: 2}\n");

        await h.ConvergeAsync("family");

        var message = await h.AssertInvalidSpecAsync("family");
        Assert.Contains("spec.replicas", message, StringComparison.Ordinal);
        Assert.Contains("spec.tls.secretName", message, StringComparison.Ordinal);
        Assert.Contains("spec.autoscaling.minReplicas", message, StringComparison.Ordinal);
        Assert.Single((await h.Client.CoreV1.ListNamespacedEventAsync(Namespace)).Items, e => e.Reason == ConditionReasons.InvalidSpec);
    }
}
