using NasAssistant.Operator.Rendering;

namespace NasAssistant.Operator.Tests.Rendering;

/// <summary>
/// Render output for each example and edge case equals its committed golden file.
/// Regenerate after an intended change: UPDATE_GOLDEN=1 dotnet test tests/NasAssistant.Operator.Tests --filter GoldenRenderTests
/// </summary>
public sealed class GoldenRenderTests
{
    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var example in Directory.GetFiles(RepositoryFiles.Path("examples"), "*.yaml").Order(StringComparer.Ordinal))
        {
            cases.Add("examples/" + Path.GetFileName(example));
        }

        foreach (var input in Directory.GetFiles(RepositoryFiles.TestData("render"), "*.yaml").Order(StringComparer.Ordinal))
        {
            cases.Add("testdata/render/" + Path.GetFileName(input));
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_EqualsGoldenFile(string input)
    {
        var inputPath = InputPath(input);
        var golden = RepositoryFiles.TestData("render", "golden", Path.GetFileNameWithoutExtension(input) + ".golden.yaml");
        var result = Renderer.Render(File.ReadAllText(inputPath), input, new OperatorSettings());
        Assert.True(result.Manifests is not null, string.Join("\n", result.Errors));

        if (RepositoryFiles.UpdateGolden)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, result.Manifests);
        }

        Assert.True(File.Exists(golden), $"golden file {golden} is missing; run with UPDATE_GOLDEN=1 to create it");
        Assert.Equal(File.ReadAllText(golden), result.Manifests);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_TwiceGivesIdenticalBytes(string input)
    {
        var yaml = File.ReadAllText(InputPath(input));
        var first = Renderer.Render(yaml, input, new OperatorSettings()).Manifests;
        var second = Renderer.Render(yaml, input, new OperatorSettings()).Manifests;
        Assert.NotNull(first);
        Assert.Equal(first, second);
    }

    [Fact]
    public void Cases_CoverExamplesAndAtLeastSixEdgeCases()
    {
        var cases = ((IEnumerable<object[]>)Cases()).Select(row => (string)row[0]).ToList();
        Assert.Contains("examples/minimal.yaml", cases);
        Assert.Contains("examples/full.yaml", cases);
        Assert.True(cases.Count(c => c.StartsWith("testdata/", StringComparison.Ordinal)) >= 6);
    }

    internal static string InputPath(string input) => input.StartsWith("examples/", StringComparison.Ordinal)
        ? RepositoryFiles.Path("examples", Path.GetFileName(input))
        : RepositoryFiles.TestData("render", Path.GetFileName(input));
}
