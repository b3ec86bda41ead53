namespace NasAssistant.Chart.Tests.Images;

/// <summary>One FROM stage of a Dockerfile and its instructions.</summary>
internal sealed record DockerStage(string Name, string Image, string Platform)
{
    public List<(string Keyword, string Arguments)> Instructions { get; } = [];

    public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
}
