using NasAssistant.Chart.Tests.Tools;

namespace NasAssistant.Chart.Tests.Images;

/// <summary>
/// images/build.sh and the Dockerfiles, compared without building: the script builds each Dockerfile's
/// own final stage with buildah, and replaces exactly the stages that stage uses by what the same
/// scripts produce on the host, in the folders the stages would have written. The file layout, user,
/// entrypoint, labels and health check therefore come from one recipe on both paths.
/// </summary>
public sealed class BuildScriptTests
{
    private static readonly ShellScript Script = ShellScript.Load(RepositoryPaths.Path("images", "build.sh"));

    public static TheoryData<string> Apps() => ["operator", "runtime"];

    [Theory]
    [MemberData(nameof(Apps))]
    public void ImageBuild_IsTheDockerfilesFinalStage_WithTheStagesItUsesReplacedByTheScriptsOutput(string app)
    {
        var build = Assert.Single(Buildah(), b => !b.Contains("--target"));
        Assert.Equal(["$app/Dockerfile"], ShellScript.Options(build, "-f"));
        Assert.Equal(["linux/$arch"], ShellScript.Options(build, "--platform"));
        var contexts = Contexts(build);

        var dockerfile = Dockerfile.Load(RepositoryPaths.Path(app, "Dockerfile"));
        Assert.Equal(StagesUsedBy(dockerfile.Final), contexts.Keys.Order());

        // publish: the stage's script, run here with the same arguments, writing where the stage writes.
        var stageRun = dockerfile.Stage("publish").All("RUN").Last().Split(' ');
        var scriptRun = Assert.Single(Script.Running(stageRun[0]));
        Assert.Equal(["images/publish.sh", "$app", "$arch", contexts["publish"] + stageRun[3]], scriptRun);
        Assert.Equal(["images/publish.sh", app, "$TARGETARCH", "/out"], stageRun);

        // base: the image the base build tags.
        var baseBuild = Assert.Single(Buildah(), b => b.Contains("--target"));
        Assert.Equal("container-image://" + Assert.Single(ShellScript.Options(baseBuild, "-t")), contexts["base"]);
    }

    [Fact]
    public void BaseBuild_IsTheDockerfilesBaseStage_FromTheSharedRootfsScript()
    {
        var build = Assert.Single(Buildah(), b => b.Contains("--target"));
        Assert.Equal(["base"], ShellScript.Options(build, "--target"));
        Assert.Equal(["runtime/Dockerfile"], ShellScript.Options(build, "-f"));
        Assert.Equal(["linux/$arch"], ShellScript.Options(build, "--platform"));
        var contexts = Contexts(build);

        var dockerfile = Dockerfile.Load(RepositoryPaths.Path("runtime", "Dockerfile"));
        Assert.Equal(StagesUsedBy(dockerfile.Stage("base")), contexts.Keys.Order());
        var stageRun = dockerfile.Stage("rootfs").All("RUN").Last().Split(' ');
        Assert.Equal(["/images/rootfs.sh", "$TARGETARCH", "/rootfs"], stageRun);
        var scriptRun = Assert.Single(Script.Running("images/rootfs.sh"));
        Assert.Equal(["images/rootfs.sh", "$arch", contexts["rootfs"] + stageRun[2]], scriptRun);
    }

    [Fact]
    public void Builds_AreReproducible()
    {
        var builds = Buildah().ToList();
        Assert.Equal(2, builds.Count);
        Assert.All(builds, b => Assert.Contains("--identity-label=false", b));
        Assert.All(builds, b => Assert.Contains("--no-cache", b));
        Assert.Equal(["$BASE_SOURCE_DATE_EPOCH"], ShellScript.Options(builds.Single(b => b.Contains("--target")), "--timestamp"));
        Assert.Equal(["$app_epoch"], ShellScript.Options(builds.Single(b => !b.Contains("--target")), "--timestamp"));
        Assert.Contains("export SOURCE_DATE_EPOCH=$BASE_SOURCE_DATE_EPOCH", File.ReadAllText(RepositoryPaths.Path("images", "rootfs.sh")), StringComparison.Ordinal);
        Assert.Contains(
            File.ReadAllLines(RepositoryPaths.Path("images", "base.env")),
            line => line.StartsWith("BASE_SOURCE_DATE_EPOCH=", StringComparison.Ordinal) && long.TryParse(line.Split('=')[1], out var epoch) && epoch > 0);
    }

    [Theory]
    [InlineData("build.sh")]
    [InlineData("publish.sh")]
    [InlineData("rootfs.sh")]
    [InlineData("smoke.sh")]
    public void Script_ParsesAsBash(string script)
    {
        var syntax = ExternalTool.Bash.Run(["-n", RepositoryPaths.Path("images", script)]);
        Assert.True(syntax.ExitCode == 0, syntax.Describe());
    }

    private static IEnumerable<IReadOnlyList<string>> Buildah() => Script.Running("buildah", "build");

    private static Dictionary<string, string> Contexts(IReadOnlyList<string> build) =>
        ShellScript.Options(build, "--build-context").Select(c => c.Split('=', 2)).ToDictionary(c => c[0], c => c[1]);

    // The stages a stage builds on: its FROM when that names a stage, and every COPY --from.
    private static IEnumerable<string> StagesUsedBy(DockerStage stage) =>
        stage.All("COPY").Where(c => c.StartsWith("--from=", StringComparison.Ordinal))
            .Select(c => c["--from=".Length..c.IndexOf(' ', StringComparison.Ordinal)])
            .Append(stage.Image)
            .Where(name => name != "scratch")
            .Distinct()
            .Order();
}
