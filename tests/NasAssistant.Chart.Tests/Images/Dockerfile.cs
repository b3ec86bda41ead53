using System.Text.RegularExpressions;

namespace NasAssistant.Chart.Tests.Images;

/// <summary>A Dockerfile read as stages of instructions (continuation lines joined, comments dropped).</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public DockerStage Stage(string name) => Assert.Single(Stages, s => s.Name == name);

    public static Dockerfile Load(string path)
    {
        var stages = new List<DockerStage>();
        var logical = Regex.Replace(File.ReadAllText(path), @"\\\r?\n", " ");
        foreach (var line in logical.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = line[..space].ToUpperInvariant();
            var arguments = line[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                var match = FromLine().Match(arguments);
                Assert.True(match.Success, $"unreadable FROM: {arguments}");
                stages.Add(new DockerStage(match.Groups["name"].Value, match.Groups["image"].Value, match.Groups["platform"].Value));
            }
            else
            {
                Assert.True(stages.Count > 0 || keyword == "ARG", $"{keyword} before the first FROM");
                if (stages.Count > 0)
                {
                    stages[^1].Instructions.Add((keyword, arguments));
                }
            }
        }

        return new Dockerfile(stages);
    }

    [GeneratedRegex(@"^(--platform=(?<platform>\S+)\s+)?(?<image>\S+)(\s+AS\s+(?<name>\S+))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();
}
