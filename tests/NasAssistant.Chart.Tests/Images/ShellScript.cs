using System.Text.RegularExpressions;

namespace NasAssistant.Chart.Tests.Images;

/// <summary>
/// A shell script read as commands of words (continuation lines joined, comments dropped, quotes
/// removed, variables left as written, each line's words up to its first redirection or operator),
/// enough to compare the commands it runs with a Dockerfile's.
/// </summary>
internal sealed partial class ShellScript
{
    private ShellScript(IReadOnlyList<IReadOnlyList<string>> commands) => Commands = commands;

    public IReadOnlyList<IReadOnlyList<string>> Commands { get; }

    public static ShellScript Load(string path)
    {
        var logical = Regex.Replace(File.ReadAllText(path), @"\\\r?\n", " ");
        var commands = logical.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (IReadOnlyList<string>)Word().Matches(l)
                .Select(m => m.Value)
                .TakeWhile(w => !Operator().IsMatch(w))
                .Select(w => w.Replace("\"", string.Empty, StringComparison.Ordinal).Trim('\''))
                .ToList())
            .ToList();
        return new ShellScript(commands);
    }

    /// <summary>The commands that start with <paramref name="words"/>.</summary>
    public IEnumerable<IReadOnlyList<string>> Running(params string[] words) =>
        Commands.Where(c => c.Count >= words.Length && c.Take(words.Length).SequenceEqual(words));

    /// <summary>The value after <paramref name="option"/> in <paramref name="command"/>, each time it appears.</summary>
    public static IEnumerable<string> Options(IReadOnlyList<string> command, string option) =>
        command.Select((word, i) => (word, i)).Where(w => w.word == option && w.i + 1 < command.Count).Select(w => command[w.i + 1]);

    [GeneratedRegex(@"""[^""]*""|'[^']*'|\S+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^(\d?>>?|<|\||\|\||&&|;)")]
    private static partial Regex Operator();
}
