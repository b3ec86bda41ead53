namespace NasAssistant.Chart.Tests.Tools;

/// <summary>What a command-line tool printed and how it exited.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Describe() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
