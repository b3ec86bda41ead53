using System.Text.RegularExpressions;
using NasAssistant.Chart.Tests.Tools;

namespace NasAssistant.Chart.Tests.Images;

/// <summary>
/// The images' recipes, checked by structure (no container engine is available to build them here):
/// SDK stages cross-compile on the build platform, the final stage is a chiseled .NET image without
/// build tools that runs as a non-root user and carries the zone files (and, for the runtime, the model).
/// </summary>
public sealed partial class DockerfileTests
{
    public static TheoryData<string, string, string, int[]> Images() => new()
    {
        { "operator/Dockerfile", "operator/NasAssistant.Operator/NasAssistant.Operator.csproj", "mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled", [8080] },
        { "runtime/Dockerfile", "runtime/NasAssistant.Runtime/NasAssistant.Runtime.csproj", "mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled", [5000, 9090] },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void BuildStages_CrossPublishForTheTargetArchitecture(string dockerfile, string project, string finalImage, int[] ports)
    {
        var file = Dockerfile.Load(RepositoryPaths.Path(dockerfile));
        Assert.True(file.Stages.Count >= 2, "multi-stage");
        Assert.NotEqual(finalImage, file.Stages[0].Image);
        Assert.NotEmpty(ports);
        var sdkStages = file.Stages.Where(s => s.Image.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sdkStages);
        Assert.All(sdkStages, s => Assert.Equal("$BUILDPLATFORM", s.Platform));
        var publish = Assert.Single(file.Stages.SelectMany(s => s.All("RUN").Where(r => r.Contains("dotnet publish", StringComparison.Ordinal)).Select(r => (Stage: s, Run: r))));
        Assert.Contains("ARG TARGETARCH", publish.Stage.Instructions.Select(i => $"{i.Keyword} {i.Arguments}"));
        Assert.Contains("-a $TARGETARCH", publish.Run, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish.Run, StringComparison.Ordinal);
        Assert.Contains($"dotnet publish {project} ", publish.Run, StringComparison.Ordinal);
        Assert.Contains("ARG TARGETARCH", publish.Stage.Instructions.Select(i => $"{i.Keyword} {i.Arguments}"));

        // Every project the recipe names exists, and every path it copies from the context exists.
        foreach (Match match in ProjectPath().Matches(string.Join("\n", file.Stages.SelectMany(s => s.Instructions).Select(i => i.Arguments))))
        {
            Assert.True(File.Exists(RepositoryPaths.Path(match.Value)), $"{dockerfile} names {match.Value}, which does not exist");
        }

        foreach (var copy in file.Stages.SelectMany(s => s.All("COPY")).Where(c => !c.StartsWith("--from", StringComparison.Ordinal)))
        {
            var sources = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1];
            Assert.All(sources, source => Assert.True(
                File.Exists(RepositoryPaths.Path(source)) || Directory.Exists(RepositoryPaths.Path(source)),
                $"{dockerfile} copies {source}, which does not exist"));
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void FinalStage_IsChiseledNonRootWithoutBuildToolsAndWithZoneFiles(string dockerfile, string project, string finalImage, int[] ports)
    {
        var file = Dockerfile.Load(RepositoryPaths.Path(dockerfile));
        var final = file.Final;
        Assert.Equal(finalImage, final.Image);
        Assert.Equal(string.Empty, final.Platform);
        Assert.Empty(final.All("RUN"));
        var user = Assert.Single(final.All("USER"));
        Assert.Equal("65532:65532", user);
        Assert.Contains("ENTRYPOINT", final.Instructions.Select(i => i.Keyword));
        Assert.Contains("TZ=UTC", final.All("ENV"));
        Assert.Equal(ports, final.All("EXPOSE").Single().Split(' ').Select(int.Parse));

        var stageNames = file.Stages.Select(s => s.Name).ToHashSet();
        var fromStages = final.All("COPY").Where(c => c.StartsWith("--from=", StringComparison.Ordinal)).ToList();
        Assert.All(fromStages, c => Assert.Contains(c["--from=".Length..c.IndexOf(' ', StringComparison.Ordinal)], stageNames));
        Assert.Contains("--from=tzdata /usr/share/zoneinfo /usr/share/zoneinfo", fromStages);
        Assert.Contains(fromStages, c => c.StartsWith("--from=build /app", StringComparison.Ordinal));
        Assert.DoesNotContain(final.All("COPY"), c => !c.StartsWith("--from=", StringComparison.Ordinal));
        Assert.True(File.Exists(RepositoryPaths.Path(project)));
    }

    [Fact]
    public void RuntimeImage_PublishesTheBundledModel()
    {
        var project = File.ReadAllText(RepositoryPaths.Path("runtime", "NasAssistant.Runtime", "NasAssistant.Runtime.csproj"));
        Assert.Contains("<Import Project=\"build/BundledModel.targets\" />", project, StringComparison.Ordinal);
        var targets = File.ReadAllText(RepositoryPaths.Path("runtime", "NasAssistant.Runtime", "build", "BundledModel.targets"));
        Assert.Contains("CopyToPublishDirectory=\"PreserveNewest\"", targets, StringComparison.Ordinal);
        var publish = Dockerfile.Load(RepositoryPaths.Path("runtime", "Dockerfile")).Stages.SelectMany(s => s.All("RUN")).Single(r => r.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("test -s /app/models/minilm/model.onnx", publish, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndToolsOutOfTheContext()
    {
        var lines = File.ReadAllLines(RepositoryPaths.Path(".dockerignore")).Select(l => l.Trim()).ToHashSet();
        Assert.Subset(lines, new HashSet<string> { ".git", ".tools", "**/bin", "**/obj", "tests" });
        foreach (var copied in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "operator", "runtime" })
        {
            Assert.DoesNotContain(copied, lines);
        }
    }

    [GeneratedRegex(@"[\w./-]+\.csproj")]
    private static partial Regex ProjectPath();
}
