using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Controllers.Scheduling;

namespace NasAssistant.FakeKube.Tests.Controllers.Scheduling;

/// <summary>
/// Node selectors and tolerations, with cases from the nodeaffinity tests (component-helpers) and
/// TestTolerationToleratesTaint (k8s.io/api/core/v1/toleration_test.go).
/// </summary>
public sealed class PlacementRulesTests
{
    private static readonly NodeView Node = new(JsonNode.Parse("""
        {"metadata":{"name":"nas","labels":{"kubernetes.io/hostname":"nas","zone":"attic","cores":"8"}}}
        """)!.AsObject());

    [Theory]
    [InlineData("""[{"matchExpressions":[{"key":"zone","operator":"In","values":["attic","cellar"]}]}]""", true)]
    [InlineData("""[{"matchExpressions":[{"key":"zone","operator":"In","values":["cellar"]}]}]""", false)]
    [InlineData("""[{"matchExpressions":[{"key":"zone","operator":"NotIn","values":["cellar"]}]}]""", true)]
    [InlineData("""[{"matchExpressions":[{"key":"gpu","operator":"NotIn","values":["coral"]}]}]""", true)]
    [InlineData("""[{"matchExpressions":[{"key":"zone","operator":"Exists"}]}]""", true)]
    [InlineData("""[{"matchExpressions":[{"key":"gpu","operator":"DoesNotExist"}]}]""", true)]
    [InlineData("""[{"matchExpressions":[{"key":"zone","operator":"DoesNotExist"}]}]""", false)]
    [InlineData("""[{"matchExpressions":[{"key":"cores","operator":"Gt","values":["4"]}]}]""", true)]
    [InlineData("""[{"matchExpressions":[{"key":"cores","operator":"Lt","values":["4"]}]}]""", false)]
    [InlineData("""[{"matchExpressions":[{"key":"zone","operator":"Gt","values":["4"]}]}]""", false)]
    [InlineData("""[{"matchExpressions":[{"key":"zone","operator":"In","values":["attic"]},{"key":"gpu","operator":"Exists"}]}]""", false)]
    [InlineData("""[{"matchExpressions":[{"key":"gpu","operator":"Exists"}]},{"matchExpressions":[{"key":"zone","operator":"Exists"}]}]""", true)]
    [InlineData("""[{"matchFields":[{"key":"metadata.name","operator":"In","values":["nas"]}]}]""", true)]
    [InlineData("""[{"matchFields":[{"key":"metadata.name","operator":"NotIn","values":["nas"]}]}]""", false)]
    [InlineData("""[{"matchFields":[{"key":"metadata.uid","operator":"In","values":["nas"]}]}]""", false)]
    [InlineData("""[{}]""", false)]
    [InlineData("""[]""", false)]
    public void NodeSelectorTerms_AreOred_WithRequirementsAnded(string terms, bool matches) =>
        Assert.Equal(matches, NodeSelectors.MatchesTerms(JsonNode.Parse(terms), Node));

    [Theory]
    [InlineData("""{"nodeSelector":{"zone":"attic"}}""", true)]
    [InlineData("""{"nodeSelector":{"zone":"cellar"}}""", false)]
    [InlineData("""{"nodeSelector":{"zone":"attic"},"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[{"key":"gpu","operator":"Exists"}]}]}}}}""", false)]
    [InlineData("""{"affinity":{"nodeAffinity":{"preferredDuringSchedulingIgnoredDuringExecution":[{"weight":1,"preference":{"matchExpressions":[{"key":"gpu","operator":"Exists"}]}}]}}}""", true)]
    public void RequiredPlacement_IsTheNodeSelectorAndTheRequiredAffinity(string podSpec, bool matches) =>
        Assert.Equal(matches, NodeSelectors.MatchesRequired(JsonNode.Parse(podSpec)!.AsObject(), Node));

    [Theory]
    [InlineData("""{"key":"foo","operator":"Exists","effect":"NoSchedule"}""", """{"key":"foo","effect":"NoSchedule"}""", true)]
    [InlineData("""{"key":"foo","operator":"Exists","effect":"NoSchedule"}""", """{"key":"foo","value":"bar","effect":"NoSchedule"}""", true)]
    [InlineData("""{"operator":"Exists","effect":"NoSchedule"}""", """{"key":"foo","value":"bar","effect":"NoSchedule"}""", true)]
    [InlineData("""{"key":"foo","operator":"Equal","value":"bar","effect":"NoSchedule"}""", """{"key":"foo","value":"bar","effect":"NoSchedule"}""", true)]
    [InlineData("""{"key":"foo","value":"bar","effect":"NoSchedule"}""", """{"key":"foo","value":"bar","effect":"NoSchedule"}""", true)]
    [InlineData("""{"key":"foo","operator":"Equal","value":"value1","effect":"NoSchedule"}""", """{"key":"foo","value":"value2","effect":"NoSchedule"}""", false)]
    [InlineData("""{"key":"foo","operator":"Equal","value":"bar","effect":"NoSchedule"}""", """{"key":"foo","value":"bar","effect":"NoExecute"}""", false)]
    [InlineData("""{"key":"foo","operator":"Equal","value":"bar"}""", """{"key":"foo","value":"bar","effect":"NoExecute"}""", true)]
    [InlineData("""{"key":"other","operator":"Exists"}""", """{"key":"foo","effect":"NoSchedule"}""", false)]
    public void Toleration_ToleratesTaint(string toleration, string taint, bool tolerated) =>
        Assert.Equal(tolerated, TaintToleration.ToleratesTaint(JsonNode.Parse(toleration)!.AsObject(), JsonNode.Parse(taint)!.AsObject()));

    [Theory]
    [InlineData("""[]""", true)]
    [InlineData("""[{"matchLabelExpressions":[{"key":"zone","values":["attic"]}]}]""", true)]
    [InlineData("""[{"matchLabelExpressions":[{"key":"zone","values":["cellar"]}]}]""", false)]
    [InlineData("""[{"matchLabelExpressions":[{"key":"zone","values":["cellar"]}]},{"matchLabelExpressions":[{"key":"cores","values":["8"]}]}]""", true)]
    public void AllowedTopologies_OfAStorageClass(string terms, bool matches) =>
        Assert.Equal(matches, NodeSelectors.MatchesTopology(JsonNode.Parse(terms), Node));
}
