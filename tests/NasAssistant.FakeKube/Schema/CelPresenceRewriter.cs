using System.Text.RegularExpressions;
using Cel;

namespace NasAssistant.FakeKube.Schema;

/// <summary>
/// Works around the Cel package's proto3 reading of <c>has()</c>: it answers false for a field that is
/// present but empty (<c>{}</c>, <c>[]</c>, <c>""</c>), whereas Kubernetes answers true for any present
/// key, which rules like "exactly one source" (<c>builtin: {}</c>) rely on. <c>has(a.b.c)</c> is
/// rewritten to a key-presence function call, <c>__has(a.b, 'c')</c>.
/// </summary>
internal static partial class CelPresenceRewriter
{
    public const string FunctionName = "__has";

    public static string Rewrite(string expression) =>
        HasMacro().Replace(expression, m => $"{FunctionName}({m.Groups["target"].Value}, '{m.Groups["field"].Value}')");

    /// <summary>
    /// Whether the map has the key. Testing a field of a value that is itself missing is an error in
    /// CEL (<c>has(self.a.b)</c> without <c>a</c> is "no such key: a"); the package passes such a value
    /// as its internal missing-field marker, which carries the selection that failed.
    /// </summary>
    public static bool HasKey(object?[] args)
    {
        if (args[0] is { } target && target.GetType().Name == "CelNoSuchField")
        {
            throw new CelNoSuchFieldException(target.GetType().GetProperty("Message")?.GetValue(target) as string ?? string.Empty);
        }

        return args[0] is IDictionary<string, object?> map && args[1] is string key && map.ContainsKey(key);
    }

    [GeneratedRegex(@"(?<![\w.])has\(\s*(?<target>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(?<field>[A-Za-z_]\w*)\s*\)")]
    private static partial Regex HasMacro();
}
