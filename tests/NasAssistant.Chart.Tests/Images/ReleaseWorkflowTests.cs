using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator;
using YamlDotNet.RepresentationModel;

namespace NasAssistant.Chart.Tests.Images;

/// <summary>
/// .github/workflows/release.yml, which only a CI machine with Docker runs: its structure, the images
/// and chart it publishes agreeing with the chart, the Dockerfiles and the GitOps examples, and its
/// version check run here as the runner would run it.
/// </summary>
public sealed class ReleaseWorkflowTests
{
    private static readonly YamlMappingNode Workflow = Load();

    [Fact]
    public void Triggers_BuildOnPushesAndPullRequests_PublishOnVersionTags()
    {
        var on = Map(Workflow, "on");
        Assert.Equal(["v*"], Sequence(Map(on, "push"), "tags"));
        Assert.Equal(["main"], Sequence(Map(on, "push"), "branches"));
        Assert.True(on.Children.ContainsKey("pull_request"));
        Assert.Equal("write", Scalar(Map(Workflow, "permissions"), "packages"));
    }

    [Fact]
    public void Images_BuildBothArchitecturesFromTheDockerfiles_PushingOnTagsWithSbomAndProvenance()
    {
        var job = Job("images");
        Assert.Equal(["operator", "runtime"], Sequence(Map(Map(job, "strategy"), "matrix"), "app"));
        Assert.Equal("version", Scalar(job, "needs"));
        Assert.Contains(Steps(job), s => Uses(s).StartsWith("docker/setup-buildx-action@", StringComparison.Ordinal));
        var login = Assert.Single(Steps(job), s => Uses(s).StartsWith("docker/login-action@", StringComparison.Ordinal));
        Assert.Equal("github.ref_type == 'tag'", Scalar(login, "if"));

        var build = Map(Assert.Single(Steps(job), s => Uses(s).StartsWith("docker/build-push-action@", StringComparison.Ordinal)), "with");
        Assert.Equal("${{ matrix.app }}/Dockerfile", Scalar(build, "file"));
        Assert.All(Sequence(Map(Map(job, "strategy"), "matrix"), "app"), app => Assert.True(File.Exists(RepositoryPaths.Path(app, "Dockerfile"))));
        Assert.Equal(".", Scalar(build, "context"));
        Assert.Equal("linux/amd64,linux/arm64", Scalar(build, "platforms"));
        Assert.Equal("${{ github.ref_type == 'tag' }}", Scalar(build, "push"));
        Assert.Equal("true", Scalar(build, "sbom"));
        Assert.Equal("mode=max", Scalar(build, "provenance"));
        Assert.Equal("ghcr.io/nas-assistant/${{ matrix.app }}:${{ needs.version.outputs.version }}", Scalar(build, "tags"));

        // The build arguments are the final stages' label arguments.
        var arguments = Scalar(build, "build-args").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('=')[0]).ToList();
        Assert.Equal(["VERSION", "REVISION"], arguments);
        foreach (var app in new[] { "operator", "runtime" })
        {
            var declared = Dockerfile.Load(RepositoryPaths.Path(app, "Dockerfile")).Final.All("ARG").Select(a => a.Split('=')[0]);
            Assert.Subset(declared.ToHashSet(), arguments.ToHashSet());
        }
    }

    [Fact]
    public void PublishedReferences_AreTheOnesTheChartTheOperatorAndTheExamplesUse()
    {
        var values = File.ReadAllText(RepositoryPaths.Path("charts", "nas-assistant-operator", "values.yaml"));
        Assert.Contains("repository: ghcr.io/nas-assistant/operator", values, StringComparison.Ordinal);
        Assert.Contains("repository: ghcr.io/nas-assistant/runtime", values, StringComparison.Ordinal);
        Assert.StartsWith("ghcr.io/nas-assistant/runtime:", OperatorSettings.DefaultRuntimeImage, StringComparison.Ordinal);

        var push = Assert.Single(Steps(Job("chart")), s => Run(s).StartsWith("helm push", StringComparison.Ordinal));
        var chartRepository = Run(push).Split(' ')[^1];
        Assert.Equal("oci://ghcr.io/nas-assistant/charts", chartRepository);
        var flux = File.ReadAllText(RepositoryPaths.Path("examples", "gitops", "flux", "operator", "helmrepository.yaml"));
        Assert.Contains($"url: {chartRepository}", flux, StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_IsPackagedAndPushedOnlyForTags_AfterTheImages()
    {
        var job = Job("chart");
        Assert.Equal(["version", "images"], Sequence(job, "needs"));
        Assert.Equal("github.ref_type == 'tag'", Scalar(job, "if"));
        var runs = Steps(job).Select(Run).Where(r => r.Length > 0).ToList();
        Assert.Equal("helm package charts/nas-assistant-operator --destination dist", runs[0]);
        Assert.True(Directory.Exists(RepositoryPaths.Path("charts", "nas-assistant-operator")));
        Assert.Contains("helm registry login ghcr.io", runs[1], StringComparison.Ordinal);
        Assert.StartsWith("helm push \"dist/nas-assistant-operator-${{ needs.version.outputs.version }}.tgz\"", runs[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("branch", "main", true)]
    [InlineData("tag", "v0.1.0", true)]
    [InlineData("tag", "v0.2.0", false)]
    [InlineData("tag", "0.1.0", false)]
    public void VersionCheck_PassesOnlyWhenTagChartAndDefaultRuntimeImageAgree(string refType, string refName, bool passes)
    {
        var check = Run(Assert.Single(Steps(Job("version")), s => Scalar(s, "id") == "check"));
        var output = Path.GetTempFileName();
        try
        {
            var result = ExternalTool.Bash.Run(["-e", "-c", check], environment: new Dictionary<string, string>
            {
                ["GITHUB_REF_TYPE"] = refType,
                ["GITHUB_REF_NAME"] = refName,
                ["GITHUB_OUTPUT"] = output,
            });

            Assert.True(passes == (result.ExitCode == 0), result.Describe());
            var appVersion = OperatorSettings.DefaultRuntimeImage.Split(':')[^1];
            Assert.Equal(passes ? [$"version={appVersion}"] : [], File.ReadAllLines(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(RepositoryPaths.Path(".github", "workflows", "release.yml"))));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Job(string name) => Map(Map(Workflow, "jobs"), name);

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>();

    private static string Uses(YamlMappingNode step) => Scalar(step, "uses");

    private static string Run(YamlMappingNode step) => Scalar(step, "run");

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value!.Trim() : string.Empty;

    private static List<string> Sequence(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Cast<YamlScalarNode>().Select(s => s.Value!).ToList();
}
