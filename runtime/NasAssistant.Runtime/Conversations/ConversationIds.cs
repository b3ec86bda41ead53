using System.Text.RegularExpressions;

namespace NasAssistant.Runtime.Conversations;

/// <summary>The rule conversation ids follow; ids become file names, so nothing else may reach the file system.</summary>
internal static partial class ConversationIds
{
    /// <summary>The rule, as told to clients that break it.</summary>
    public const string Rule = "a conversation id must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$ (1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit)";

    /// <summary>True when <paramref name="id"/> is a valid conversation id.</summary>
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    // \z rather than $: $ would also accept a trailing newline.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
