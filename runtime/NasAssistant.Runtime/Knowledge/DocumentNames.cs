namespace NasAssistant.Runtime.Knowledge;

/// <summary>Which file names the knowledge base indexes and accepts over the API.</summary>
internal static class DocumentNames
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 128;

    /// <summary>The rule, as error messages state it.</summary>
    public const string Rule = "'name' must be 1 to 128 characters of letters, digits, '.', '_' or '-', start with a letter or digit, contain no '..', and end in .txt or .md";

    /// <summary>
    /// True when <paramref name="path"/>, relative to the knowledge folder with <c>/</c> between folders, is a document
    /// the folder indexes: a .txt or .md file with no part of its path hidden (starting with '.', as the index's own folder does).
    /// </summary>
    public static bool IsDocument(string path) =>
        !IsHidden(path)
        && (path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".md", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when any part of the relative <paramref name="path"/> starts with '.'.</summary>
    public static bool IsHidden(string path) => path.Split('/', '\\').Any(part => part.StartsWith('.'));

    /// <summary>True when <paramref name="name"/> is safe to write as a file in the knowledge folder.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
        && !name.Contains("..", StringComparison.Ordinal)
        && IsDocument(name);
}
