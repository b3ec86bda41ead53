using NasAssistant.Operator.Cli;
using NasAssistant.Operator.Tests.Support;

namespace NasAssistant.Operator.Tests.Cli;

/// <summary>The command line, in process; with <c>NAS_ASSISTANT_OPERATOR</c> set, through that build's process (the AOT binary).</summary>
public sealed class OperatorCommandLineTests
{
    private static (int Code, string Output, string Error) Run(string[] args, string input = "")
    {
        if (OperatorExecutable.External is not null)
        {
            return OperatorExecutable.Run(args, input);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var code = OperatorCommandLine.Run(args, output, error, new StringReader(input));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Render_ReadsAFile()
    {
        var (code, output, error) = Run(["render", "-f", RepositoryFiles.Path("examples", "minimal.yaml")]);
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Contains("kind: Deployment", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReadsStandardInput_AndHonoursImageAndClusterDomain()
    {
        var yaml = File.ReadAllText(RepositoryFiles.Path("examples", "minimal.yaml"));
        var (code, output, _) = Run(["render", "-f", "-", "--image", "registry.lan/runtime:1.2.3", "--cluster-domain", "nas.internal"], yaml);
        Assert.Equal(0, code);
        Assert.Contains("image: registry.lan/runtime:1.2.3", output, StringComparison.Ordinal);
        Assert.Contains("family.assistants.svc.nas.internal", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidInput_ExitsNonZero_ListsEveryError_AndPrintsNothingElse()
    {
        var yaml = """
            apiVersion: nasassistant.io/v1alpha1
            kind: AssistantDeployment
            metadata: {name: good}
            ---
            apiVersion: nasassistant.io/v1alpha1
            kind: AssistantDeployment
            metadata: {name: bad}
            spec:
              replicas: -2
              tls: {mode: Sometimes}
            """;
        var (code, output, error) = Run(["render", "-f", "-"], yaml);
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("error: <stdin>: document 2 (bad): spec.replicas: Invalid value: -2", error, StringComparison.Ordinal);
        Assert.Contains("error: <stdin>: document 2 (bad): spec.tls.mode: Unsupported value: \"Sometimes\"", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec: [unclosed", "line 2, column 1")]
    [InlineData("", "no AssistantDeployment found")]
    [InlineData("a: 1\na: 2\n", "Duplicate key a")]
    public void Render_MalformedYaml_SaysWhere(string yaml, string message)
    {
        var (code, output, error) = Run(["render", "-f", "-"], yaml);
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MissingFile_IsAClearError()
    {
        var (code, output, error) = Run(["render", "-f", "/nonexistent/assistant.yaml"]);
        Assert.Equal(1, code);
        Assert.Empty(output);
        Assert.Contains("cannot read /nonexistent/assistant.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AlertRules_PrintsThePrometheusRuleAlertsForTheJob_AsARuleFile()
    {
        var (code, output, error) = Run(["alert-rules", "--job", "family"]);
        Assert.Equal(0, code);
        Assert.Empty(error);
        var rendered = Run(["render", "-f", RepositoryFiles.Path("examples", "minimal.yaml")]).Output;
        var rule = k8s.KubernetesYaml.Deserialize<Operator.Resources.ThirdParty.PrometheusRule>(
            rendered.Split("---\n").Single(d => d.Contains("kind: PrometheusRule\n", StringComparison.Ordinal)));
        var file = k8s.KubernetesYaml.Deserialize<Operator.Resources.ThirdParty.PrometheusRuleSpec>(output);
        Assert.StartsWith("# ", output, StringComparison.Ordinal);
        var namespaced = rule.Spec.Groups.Single().Rules;
        var standalone = file.Groups.Single().Rules;
        Assert.Equal(namespaced.Select(r => r.Alert), standalone.Select(r => r.Alert));
        Assert.Equal(
            namespaced.Select(r => r.Expr.Replace(",namespace=\"assistants\"", "", StringComparison.Ordinal)),
            standalone.Select(r => r.Expr));
        Assert.Equal(namespaced.Select(r => r.Annotations["summary"]), standalone.Select(r => r.Annotations["summary"]));
    }

    [Theory]
    [MemberData(nameof(Rendering.GoldenRenderTests.Cases), MemberType = typeof(Rendering.GoldenRenderTests))]
    public void Render_EachGoldenCase_PrintsItsGolden(string input)
    {
        var (code, output, error) = Run(["render", "-f", Rendering.GoldenRenderTests.InputPath(input)]);
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal(File.ReadAllText(RepositoryFiles.TestData("render", "golden", Path.GetFileNameWithoutExtension(input) + ".golden.yaml")), output);
    }

    [Fact]
    public void Crd_PrintsTheCommittedCrd()
    {
        var (code, output, error) = Run(["crd"]);
        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.Equal(File.ReadAllText(RepositoryFiles.Path("crds", "nasassistant.io_assistantdeployments.yaml")), output);
    }

    [Theory]
    [InlineData("render")]
    [InlineData("render", "-f")]
    [InlineData("render", "--colour", "blue")]
    [InlineData("crd", "extra")]
    [InlineData("alert-rules")]
    [InlineData("alert-rules", "--job")]
    [InlineData("alert-rules", "--job", "Home")]
    [InlineData("alert-rules", "--job", "home\"} or vector(1) #")]
    [InlineData("alert-rules", "--job", "home", "--namespace", "x")]
    [InlineData("deploy")]
    public void BadArguments_ExitWithUsage(params string[] args)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("usage: operator", error, StringComparison.Ordinal);
    }
}
