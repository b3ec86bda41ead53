namespace NasAssistant.Runtime.Knowledge;

/// <summary>Which file names the knowledge base indexes and accepts over the API.</summary>
internal static class DocumentNames
{
    /// <summary>Longest accepted name.</summary>
    public const int MaxLength = 128;

    /// <summary>The rule, as error messages state it.</summary>
    public const string Rule = "'name' must be 1 to 128 characters of letters, digits, '.', '_' or '-', start with a letter or digit, contain no '..', and end in .txt or .md";

    /// <summary>True when <paramref name="name"/> is a document file name the knowledge folder indexes.</summary>
    public static bool IsDocument(string name) =>
        !name.StartsWith('.')
        && (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".md", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="name"/> is safe to write as a file in the knowledge folder.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength }
        && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
        && !name.Contains("..", StringComparison.Ordinal)
        && IsDocument(name);
}
