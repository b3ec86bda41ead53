using k8s.Models;
using NasAssistant.Operator.Api.Rules;
using NasAssistant.Operator.Crd;

namespace NasAssistant.Operator.Tests.Crd;

/// <summary>
/// The CRD's CEL rules stay within the cost budget kube-apiserver enforces when it registers a CRD and
/// when it evaluates a rule, with room to spare. As apiextensions computes it (cel_validation.go,
/// getExpressionCost in validation.go), a rule's cost is its estimated cost times the most times it can
/// run: the product of maxItems (or maxProperties) of every list (or map) above it.
/// </summary>
public sealed class CrdCelCostTests
{
    // StaticEstimatedCostLimit and StaticEstimatedCRDCostLimit (apiextensions validation.go), PerCallLimit
    // (apiserver/pkg/apis/cel/config.go).
    private const ulong StaticEstimatedCostLimit = 10_000_000;
    private const ulong StaticEstimatedCrdCostLimit = 100_000_000;
    private const ulong PerCallLimit = 1_000_000;

    // Every estimate must stay within half its limit: estimates assume every list full and every string at
    // its longest, and the margin leaves room for the estimator to differ a little from the server's.
    private const ulong Margin = 2;

    [Fact]
    public void EveryRule_StaysWellWithinTheApiServersCostLimits()
    {
        var rules = new List<RuleCost>();
        Collect(Schema(), "", 1, rules);
        Assert.Empty(CrossFieldRules.All.Select(r => r.Expression).Except(rules.Select(r => r.Rule)));

        var problems = new List<string>();
        foreach (var rule in rules)
        {
            if (rule.Cardinality is not { } cardinality)
            {
                problems.Add($"{rule.Path}: a list or map above the rule has no maxItems or maxProperties: {rule.Rule}");
            }
            else if (rule.MaxCost * Margin > PerCallLimit || rule.MaxCost * cardinality * Margin > StaticEstimatedCostLimit)
            {
                problems.Add($"{rule.Path}: cost {rule.MaxCost} x {cardinality} runs: {rule.Rule}");
            }
        }

        var total = rules.Aggregate(0UL, (sum, rule) => sum + (rule.MaxCost * (rule.Cardinality ?? 0)));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(total * Margin <= StaticEstimatedCrdCostLimit, $"total cost {total}");
    }

    [Theory]
    [InlineData("self.minReplicas <= self.maxReplicas", 5)]
    [InlineData("self.operator == 'Exists'", 3)]
    [InlineData("!has(self.values) || self.values.all(v, v.matches('^a$'))", 11)]
    public void Estimates_MatchCelGosCostModel(string rule, ulong expected)
    {
        // Two selects (2 each) and a comparison (1). A select (2) and an equality traversing the shorter
        // operand's six characters (ceil 0.6). !has (1 + 1 + 1), then all over one item: range (2), result (1),
        // per item 3 + matches: ceil((4 bytes + 1) x 0.1) x ceil(3 x 0.25) + the variable (1).
        var schema = new V1JSONSchemaProps
        {
            Type = "object",
            Properties = new Dictionary<string, V1JSONSchemaProps>
            {
                ["minReplicas"] = new() { Type = "integer" },
                ["maxReplicas"] = new() { Type = "integer" },
                ["operator"] = new() { Type = "string", EnumProperty = ["Equal", "Exists"] },
                ["values"] = new() { Type = "array", MaxItems = 1, Items = new V1JSONSchemaProps { Type = "string", MaxLength = 1 } },
            },
        };
        Assert.Equal(expected, CelCostEstimator.MaxCost(rule, schema));
    }

    private static void Collect(V1JSONSchemaProps node, string path, ulong? cardinality, List<RuleCost> rules)
    {
        foreach (var rule in node.XKubernetesValidations ?? [])
        {
            rules.Add(new(path, rule.Rule, CelCostEstimator.MaxCost(rule.Rule, node), cardinality));
        }

        foreach (var (name, child) in node.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            Collect(child, $"{path}.{name}", cardinality, rules);
        }

        if (node.Items is V1JSONSchemaProps items)
        {
            Collect(items, path + "[*]", cardinality * (ulong?)node.MaxItems, rules);
        }

        if (node.AdditionalProperties is V1JSONSchemaProps values)
        {
            Collect(values, path + "[*]", cardinality * (ulong?)node.MaxProperties, rules);
        }
    }

    // The generator's own objects: items and additionalProperties are typed there (read back from YAML they are not).
    private static V1JSONSchemaProps Schema() => CrdGenerator.Build().Spec.Versions[0].Schema.OpenAPIV3Schema;

    private sealed record RuleCost(string Path, string Rule, ulong MaxCost, ulong? Cardinality);
}
