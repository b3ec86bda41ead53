using System.Text.RegularExpressions;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Runtime.Config;

namespace NasAssistant.Chart.Tests.Images;

/// <summary>
/// The images' recipes, checked by structure (no container engine is available to build them here):
/// the publish and rootfs stages run on the build platform through the scripts images/build.sh runs too,
/// and the final stage adds the published application to the Debian base as a non-root user, with
/// nothing to run at build time, so it builds for either architecture without emulation.
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string, string, string, int[]> Images() => new()
    {
        { "operator", "operator/NasAssistant.Operator/NasAssistant.Operator.csproj", "/app/NasAssistant.Operator", [8080] },
        { "runtime", "runtime/NasAssistant.Runtime/NasAssistant.Runtime.csproj", "/app/NasAssistant.Runtime", [5000, 9090] },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void PublishStage_CrossPublishesThroughTheSharedScript(string app, string project, string entrypoint, int[] ports)
    {
        var file = Load(app);
        var publish = file.Stage("publish");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", publish.Image, StringComparison.Ordinal);
        Assert.Equal("$BUILDPLATFORM", publish.Platform);
        Assert.Contains("TARGETARCH", publish.All("ARG"));
        Assert.Equal($"images/publish.sh {app} $TARGETARCH /out", publish.All("RUN").Last());
        var restore = Assert.Single(publish.All("RUN"), r => r.StartsWith("dotnet restore", StringComparison.Ordinal));
        // The operator restores the Native AOT compiler too: it ships as one native binary.
        Assert.Equal($"dotnet restore {project} -a $TARGETARCH -p:SelfContained=true{(app == "operator" ? " -p:PublishAot=true" : "")}", restore);
        Assert.NotEmpty(ports);
        Assert.StartsWith("/app/", entrypoint, StringComparison.Ordinal);

        // The script publishes the same project the recipe restores.
        Assert.Contains($"{app}) project={project} ;;", File.ReadAllText(RepositoryPaths.Path("images", "publish.sh")), StringComparison.Ordinal);

        // Every project the recipe names exists, and every path it copies from the context exists.
        foreach (Match match in ProjectPath().Matches(string.Join("\n", file.Stages.SelectMany(s => s.Instructions).Select(i => i.Arguments))))
        {
            Assert.True(File.Exists(RepositoryPaths.Path(match.Value)), $"{app}/Dockerfile names {match.Value}, which does not exist");
        }

        foreach (var copy in file.Stages.SelectMany(s => s.All("COPY")).Where(c => !c.StartsWith("--from", StringComparison.Ordinal)))
        {
            var sources = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1];
            Assert.All(sources, source => Assert.True(
                File.Exists(RepositoryPaths.Path(source)) || Directory.Exists(RepositoryPaths.Path(source)),
                $"{app}/Dockerfile copies {source}, which does not exist"));
        }
    }

    [Fact]
    public void BaseStages_AreTheSameInBothImages_DebianUnpackedByTheSharedScript()
    {
        var stages = new[] { "operator", "runtime" }.Select(Load).Select(f => (Rootfs: f.Stage("rootfs"), Base: f.Stage("base"))).ToList();
        var (rootfs, baseStage) = stages[0];
        Assert.Equal(rootfs.Instructions, stages[1].Rootfs.Instructions);
        Assert.Equal(baseStage.Instructions, stages[1].Base.Instructions);
        Assert.All(stages, s => Assert.Equal((rootfs.Image, rootfs.Platform), (s.Rootfs.Image, s.Rootfs.Platform)));

        Assert.Equal("debian:bookworm-slim", rootfs.Image);
        Assert.Equal("$BUILDPLATFORM", rootfs.Platform);
        Assert.Equal("/images/rootfs.sh $TARGETARCH /rootfs", rootfs.All("RUN").Last());
        Assert.Contains("DEBIAN_SUITE=bookworm", File.ReadAllLines(RepositoryPaths.Path("images", "base.env")));
        Assert.Equal("scratch", baseStage.Image);
        Assert.Equal(["COPY --from=rootfs /rootfs/ /"], baseStage.Instructions.Select(i => $"{i.Keyword} {i.Arguments}"));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void FinalStage_IsTheBasePlusTheApplication_RunAsNonRootWithLabels(string app, string project, string entrypoint, int[] ports)
    {
        var file = Load(app);
        var final = file.Final;
        Assert.Equal("base", final.Image);
        Assert.Equal(string.Empty, final.Platform);
        Assert.Empty(final.All("RUN"));
        Assert.Equal("65532:65532", Assert.Single(final.All("USER")));
        Assert.Equal("/", Assert.Single(final.All("WORKDIR")));
        Assert.Equal($"[\"{entrypoint}\"]", Assert.Single(final.All("ENTRYPOINT")));
        Assert.Contains("TZ=UTC", Assert.Single(final.All("ENV")).Split(' '));
        Assert.Equal(ports, final.All("EXPOSE").Single().Split(' ').Select(int.Parse));
        Assert.True(File.Exists(RepositoryPaths.Path(project)));

        // Everything comes from the publish stage, owned by root except the data folders.
        var copies = final.All("COPY").ToList();
        Assert.All(copies, c => Assert.StartsWith("--from=publish ", c, StringComparison.Ordinal));
        Assert.Equal("--from=publish /out/app /app", copies[^1]);

        var labels = Assert.Single(final.All("LABEL"));
        foreach (var label in new[] { "source", "version", "revision", "licenses", "title", "description" })
        {
            Assert.Contains($"org.opencontainers.image.{label}=", labels, StringComparison.Ordinal);
        }

        Assert.Contains("org.opencontainers.image.version=\"$VERSION\"", labels, StringComparison.Ordinal);
        Assert.Contains("org.opencontainers.image.revision=\"$REVISION\"", labels, StringComparison.Ordinal);
        Assert.Subset(final.All("ARG").Select(a => a.Split('=')[0]).ToHashSet(), new HashSet<string> { "VERSION", "REVISION", "LICENSES" });
    }

    [Fact]
    public void OperatorImage_RunsTheControllerByDefault()
    {
        var final = Load("operator").Final;

        Assert.Equal("[\"run\"]", Assert.Single(final.All("CMD")));
        Assert.Equal(["--from=publish /out/app /app"], final.All("COPY"));
    }

    [Fact]
    public void RuntimeImage_HasTheModelTheDataFoldersAndAHealthCheck()
    {
        var final = Load("runtime").Final;

        Assert.Equal(
            ["--from=publish --chown=65532:65532 /out/data /data", "--from=publish /out/models /app/models", "--from=publish /out/app /app"],
            final.All("COPY"));
        Assert.Contains("ORT_DISABLE_TELEMETRY=1", Assert.Single(final.All("ENV")).Split(' '));
        Assert.EndsWith("CMD [\"/app/NasAssistant.Runtime\", \"health\"]", Assert.Single(final.All("HEALTHCHECK")), StringComparison.Ordinal);
        Assert.Empty(final.All("CMD"));

        // The runtime's relative default folders land in /data because the working directory is /.
        var publish = File.ReadAllText(RepositoryPaths.Path("images", "publish.sh"));
        var dataFolders = DataFolder().Matches(publish).Select(m => "data/" + m.Groups["name"].Value).ToList();
        Assert.Subset(dataFolders.ToHashSet(), new HashSet<string> { RuntimeDefaults.LocalSessionsDirectory, RuntimeDefaults.LocalModelCacheDirectory });
        Assert.Equal(RuntimeDefaults.LocalSessionsDirectory, new ConversationConfig().Directory);
        Assert.Equal(RuntimeDefaults.LocalModelCacheDirectory, new ModelConfig().CacheDirectory);
        Assert.Contains("mv \"$output/app/models\" \"$output/models\"", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void RuntimeProject_PublishesTheBundledModelAndNoWindowsLibraries()
    {
        var project = File.ReadAllText(RepositoryPaths.Path("runtime", "NasAssistant.Runtime", "NasAssistant.Runtime.csproj"));
        Assert.Contains("<Import Project=\"build/BundledModel.targets\" />", project, StringComparison.Ordinal);
        Assert.Contains("<Import Project=\"build/WindowsNativeLibraries.targets\" />", project, StringComparison.Ordinal);
        var targets = File.ReadAllText(RepositoryPaths.Path("runtime", "NasAssistant.Runtime", "build", "BundledModel.targets"));
        Assert.Contains("CopyToPublishDirectory=\"PreserveNewest\"", targets, StringComparison.Ordinal);
        var publish = File.ReadAllText(RepositoryPaths.Path("images", "publish.sh"));
        Assert.Contains("test -s \"$output/app/models/minilm/model.onnx\"", publish, StringComparison.Ordinal);
        Assert.Contains("-iname 'onnxruntime*.dll'", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndToolsOutOfTheContext()
    {
        var lines = File.ReadAllLines(RepositoryPaths.Path(".dockerignore")).Select(l => l.Trim()).ToHashSet();
        Assert.Subset(lines, new HashSet<string> { ".git", ".tools", "**/bin", "**/obj", "tests", "artifacts" });
        foreach (var copied in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "operator", "runtime", "images" })
        {
            Assert.DoesNotContain(copied, lines);
        }
    }

    private static Dockerfile Load(string app) => Dockerfile.Load(RepositoryPaths.Path(app, "Dockerfile"));

    [GeneratedRegex(@"[\w./-]+\.csproj")]
    private static partial Regex ProjectPath();

    [GeneratedRegex(@"""\$output/data/(?<name>\w+)""")]
    private static partial Regex DataFolder();
}
