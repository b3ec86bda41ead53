using k8s;
using k8s.Models;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Api.Rules;
using NasAssistant.Operator.Cli;
using NasAssistant.Operator.Crd;
using NasAssistant.Operator.Rendering;

namespace NasAssistant.Operator.Tests.Crd;

public sealed class CrdGeneratorTests
{
    private const string CommittedCrd = "nasassistant.io_assistantdeployments.yaml";

    private static string GeneratorOutput() => ManifestYaml.Write(CrdGenerator.Build());

    private static string CrdCommandOutput()
    {
        var output = new StringWriter();
        Assert.Equal(0, OperatorCommandLine.Run(["crd"], output, new StringWriter()));
        return output.ToString();
    }

    private static V1JSONSchemaProps Schema() =>
        Operator.Crd.CommittedCrd.Parse(GeneratorOutput()).Spec.Versions[0].Schema.OpenAPIV3Schema;

    [Fact]
    public void CommittedCrd_EqualsGeneratorOutput()
    {
        var committed = RepositoryFiles.Path("crds", CommittedCrd);
        if (Environment.GetEnvironmentVariable("UPDATE_CRD") == "1")
        {
            File.WriteAllText(committed, GeneratorOutput());
            File.WriteAllText(RepositoryFiles.Path("charts", "nas-assistant-operator", "crds", CommittedCrd), GeneratorOutput());
        }

        Assert.True(File.ReadAllText(committed) == GeneratorOutput(),
            "crds/" + CommittedCrd + " is stale; regenerate it with: UPDATE_CRD=1 dotnet test tests/NasAssistant.Operator.Tests --filter CrdGeneratorTests");
    }

    [Fact]
    public void CommittedCrd_AsTheOperatorReadsIt_IsTheGeneratedObject()
    {
        Assert.Equal(KubernetesJson.Serialize(CrdGenerator.Build()), KubernetesJson.Serialize(Operator.Crd.CommittedCrd.Definition));
        Assert.IsType<V1JSONSchemaProps>(Operator.Crd.CommittedCrd.Schema.Properties["spec"].Properties["nodeSelector"].AdditionalProperties);
    }

    [Fact]
    public void CrdCommand_PrintsTheCommittedCrd_WhichTheOperatorEmbeds()
    {
        Assert.True(File.ReadAllText(RepositoryFiles.Path("crds", CommittedCrd)) == CrdCommandOutput(),
            "the operator embeds crds/" + CommittedCrd + " at build time; rebuild it after regenerating the file");
    }

    [Fact]
    public void ChartCopyOfCrd_EqualsGeneratorOutput_WhenTheChartExists()
    {
        var chartCrd = RepositoryFiles.Path("charts", "nas-assistant-operator", "crds", CommittedCrd);
        if (Directory.Exists(RepositoryFiles.Path("charts", "nas-assistant-operator")))
        {
            Assert.Equal(GeneratorOutput(), File.ReadAllText(chartCrd));
        }
    }

    [Fact]
    public void Crd_ParsesAsTypedModel_WithSubresourcesColumnsAndNames()
    {
        var crd = Operator.Crd.CommittedCrd.Parse(GeneratorOutput());
        Assert.Equal("assistantdeployments.nasassistant.io", crd.Metadata.Name);
        Assert.Equal("Namespaced", crd.Spec.Scope);
        Assert.Contains("asd", crd.Spec.Names.ShortNames);
        Assert.Contains("nas-assistant", crd.Spec.Names.Categories);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.True(version.Served && version.Storage);
        Assert.NotNull(version.Subresources.Status);
        Assert.Equal(".spec.replicas", version.Subresources.Scale.SpecReplicasPath);
        Assert.Equal(".status.selector", version.Subresources.Scale.LabelSelectorPath);
        Assert.Equal(["Ready", "Replicas", "Model", "Endpoint", "Age"], version.AdditionalPrinterColumns.Select(c => c.Name));
    }

    [Fact]
    public void Schema_IsStructural_EveryNodeTypedAndEveryFieldDescribed()
    {
        var problems = new List<string>();
        Walk(Schema(), "", problems, describe: false);
        Assert.Empty(problems);
    }

    [Fact]
    public void Schema_CarriesEveryCrossFieldRule()
    {
        var rules = new List<V1ValidationRule>();
        Collect(Schema(), rules);
        foreach (var rule in CrossFieldRules.All)
        {
            Assert.Contains(rules, r => r.Rule == rule.Expression && r.Message == rule.Message && r.FieldPath == rule.FieldPath && r.Reason == rule.Reason);
        }
    }

    [Fact]
    public void RulesWithinAProperty_SitOnItsItems_AndNowhereElse()
    {
        var terms = Node(Schema(), "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[]");
        var preferred = Node(Schema(), "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[].preference");
        Assert.Contains(terms.XKubernetesValidations, r => r.Message.StartsWith("values must be valid label values", StringComparison.Ordinal));
        Assert.Null(preferred.XKubernetesValidations);
        Assert.Contains(Node(preferred, "matchFields[]").XKubernetesValidations, r => r.Message == "not a valid field selector key");
        Assert.DoesNotContain(Node(preferred, "matchExpressions[]").XKubernetesValidations, r => r.Message == "not a valid field selector key");
    }

    [Fact]
    public void EachRuleIsKnownByItsTypeAndText()
    {
        var keys = CrossFieldRules.All.Select(r => (r.Target, r.Within, r.Expression, r.Message, r.FieldPath)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void PassThroughFields_HaveSchemas_NotOpaqueObjects()
    {
        var spec = Node(Schema(), "spec");
        var opaque = new List<string>();
        FindOpaque(spec, "spec", opaque);
        Assert.Empty(opaque);
        Assert.Equal("object", Node(spec, "tolerations[]").Type);
        Assert.Equal(["key", "operator"], Node(spec, "affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[].labelSelector.matchExpressions[]").Required);
    }

    [Theory]
    [InlineData("spec.properties.replicas", "default", "1")]
    [InlineData("spec.properties.model.properties.task", "default", "Embedding")]
    [InlineData("spec.properties.autoscaling.properties.maxReplicas", "maximum", "50")]
    [InlineData("spec.properties.timezone", "default", "UTC")]
    [InlineData("spec.properties.tls.properties.mode", "enum", "SelfSigned,CertManager,Secret,Disabled")]
    [InlineData("spec.properties.model.properties.sha256", "pattern", "^[a-f0-9]{64}$")]
    [InlineData("spec.properties.storage.properties.sessions.properties.size", "default", "5Gi")]
    [InlineData("spec.properties.model.properties.source", "default", "{\"builtin\":{}}")]
    [InlineData("spec.tolerations", "maxItems", "32")]
    [InlineData("spec.tolerations[].operator", "enum", ",Equal,Exists")]
    [InlineData("spec.tolerations[].effect", "enum", ",NoSchedule,PreferNoSchedule,NoExecute")]
    [InlineData("spec.tolerations[].key", "maxLength", "317")]
    [InlineData("spec.tolerations[].value", "pattern", "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    [InlineData("spec.nodeSelector.*", "pattern", "^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    [InlineData("spec.priorityClassName", "maxLength", "253")]
    [InlineData("spec.priorityClassName", "pattern", "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$")]
    [InlineData("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms", "maxItems", "8")]
    [InlineData("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[].matchExpressions[].operator", "enum", "In,NotIn,Exists,DoesNotExist,Gt,Lt")]
    [InlineData("spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[].weight", "maximum", "100")]
    [InlineData("spec.resources.properties.limits.properties.cpu", "pattern", "^\\+?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$")]
    public void Schema_HasDefaultsEnumsBoundsAndPatterns(string path, string facet, string expected)
    {
        var node = Node(Schema(), path.Replace(".properties", "", StringComparison.Ordinal));
        var actual = facet switch
        {
            "default" => System.Text.Json.JsonSerializer.Serialize(node.DefaultProperty).Trim('"'),
            "maximum" => node.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "maxItems" => node.MaxItems?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "maxLength" => node.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "enum" => string.Join(",", node.EnumProperty),
            "pattern" => node.Pattern,
            _ => throw new ArgumentOutOfRangeException(nameof(facet)),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Descriptions_ComeFromDocComments()
    {
        var replicas = Schema().Properties["spec"].Properties["replicas"];
        Assert.Equal("Number of inference pods when autoscaling is disabled.", replicas.Description);
    }

    [Fact]
    public void ObjectDefaults_WriteOutNestedDefaults_AsTheApiServerChecksThemRaw()
    {
        // kube-apiserver validates a default against its node's rules without filling nested defaults,
        // so spec.autoscaling's default must already hold minReplicas and maxReplicas for its rule.
        var spec = Schema().Properties["spec"];
        Assert.Equal(Json(new AssistantDeploymentSpec()), Json(spec.DefaultProperty));
        Assert.Equal(Json(new AutoscalingSpec()), Json(spec.Properties["autoscaling"].DefaultProperty));
        Assert.Equal("{\"enabled\":false,\"minReplicas\":1,\"maxReplicas\":3,\"targetCPUUtilizationPercentage\":70,\"scaleDownStabilizationSeconds\":300}",
            Json(spec.Properties["autoscaling"].DefaultProperty));
    }

    [Fact]
    public void ChannelItems_OfferEveryKind_AndCarryNoDefaults_SoAppliedManifestsMatchWhatIsStored()
    {
        // A default the API server fills into a list item makes client-side apply and GitOps diffs see every channel changed.
        var items = System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(Schema().Properties["spec"].Properties["channels"].Items))!;

        Assert.Equal(ChannelSpec.Kinds, ChannelSpec.Kinds.Where(kind => items["properties"]![kind] is not null));
        Assert.Equal(["telegram", "wecom", "dingtalk", "feishu", "webhook", "mqtt"], ChannelSpec.Kinds);
        Assert.DoesNotContain("default", Keys(items));
    }

    private static IEnumerable<string> Keys(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject obj => obj.SelectMany(pair => Keys(pair.Value).Prepend(pair.Key)),
        System.Text.Json.Nodes.JsonArray array => array.SelectMany(Keys),
        _ => [],
    };

    private static string Json(object value) => System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(value))!.ToJsonString();

    private static void Walk(V1JSONSchemaProps node, string path, List<string> problems, bool describe)
    {
        var typed = node.Type is not null || node.XKubernetesIntOrString == true || node.XKubernetesPreserveUnknownFields == true;
        if (!typed)
        {
            problems.Add($"{path}: no type");
        }

        if (describe && string.IsNullOrWhiteSpace(node.Description))
        {
            problems.Add($"{path}: no description");
        }

        foreach (var (name, child) in node.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            // Our own fields must be documented; metadata and Kubernetes' condition fields are standard.
            var ownField = path.StartsWith(".spec", StringComparison.Ordinal)
                || (path.StartsWith(".status", StringComparison.Ordinal) && !path.Contains("conditions", StringComparison.Ordinal))
                || (path.Length == 0 && name is "spec" or "status");
            Walk(child, $"{path}.{name}", problems, ownField);
        }

        if (node.Items is not null)
        {
            // items is untyped in the model (a schema or a list of schemas); structural schemas allow only one.
            var json = KubernetesJson.Serialize(node.Items);
            if (json.TrimStart().StartsWith('{'))
            {
                Walk(KubernetesJson.Deserialize<V1JSONSchemaProps>(json), path + "[]", problems, describe: false);
            }
            else
            {
                problems.Add($"{path}: items is not a single schema");
            }
        }
    }

    private static void Collect(V1JSONSchemaProps node, List<V1ValidationRule> rules)
    {
        rules.AddRange(node.XKubernetesValidations ?? []);
        foreach (var child in Children(node))
        {
            Collect(child, rules);
        }
    }

    private static void FindOpaque(V1JSONSchemaProps node, string path, List<string> opaque)
    {
        if (node.XKubernetesPreserveUnknownFields == true)
        {
            opaque.Add(path);
        }

        foreach (var (name, child) in node.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            FindOpaque(child, $"{path}.{name}", opaque);
        }

        if (Untyped(node.Items) is { } items)
        {
            FindOpaque(items, path + "[]", opaque);
        }
    }

    // A node by path: "a.b" for properties, "a[]" for a list's items, "a.*" for a map's values.
    private static V1JSONSchemaProps Node(V1JSONSchemaProps root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.'))
        {
            node = part == "*" ? Untyped(node.AdditionalProperties)! : node.Properties[part.TrimEnd('[', ']')];
            if (part.EndsWith("[]", StringComparison.Ordinal))
            {
                node = Untyped(node.Items)!;
            }
        }

        return node;
    }

    private static IEnumerable<V1JSONSchemaProps> Children(V1JSONSchemaProps node) =>
        (node.Properties?.Values ?? [])
            .Concat(new[] { Untyped(node.Items), Untyped(node.AdditionalProperties) }.OfType<V1JSONSchemaProps>());

    // Read from YAML, items and additionalProperties are untyped: a schema, a list of schemas, or a boolean.
    private static V1JSONSchemaProps? Untyped(object? node) =>
        node is null or bool || KubernetesJson.Serialize(node).TrimStart().StartsWith('[')
            ? null
            : KubernetesJson.Deserialize<V1JSONSchemaProps>(KubernetesJson.Serialize(node));
}
