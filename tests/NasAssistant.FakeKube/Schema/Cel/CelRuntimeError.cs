using System.Text.RegularExpressions;
using Cel;

namespace NasAssistant.FakeKube.Schema.Cel;

/// <summary>
/// Words the Cel package's runtime exceptions the way cel-go's errors read in Kubernetes messages:
/// a missing field is <c>no such key: name</c>, a type mismatch <c>no such overload</c>, and
/// arithmetic faults <c>division by zero</c>, <c>modulus by zero</c>, <c>integer overflow</c>.
/// </summary>
internal static partial class CelRuntimeError
{
    public const string NoSuchOverload = "no such overload";

    public static string Describe(Exception exception) => exception switch
    {
        CelNoSuchFieldException or CelTypeDoesNotSupportFieldSelectionException when MissingKey(exception.Message) is { } key => $"no such key: {key}",
        KeyNotFoundException => "no such key",
        CelNoSuchOverloadException => NoSuchOverload,
        CelDivideByZeroException => "division by zero",
        CelModulusByZeroException => "modulus by zero",
        CelOverflowException => "integer overflow",
        _ => exception.Message,
    };

    /// <summary>The field a selection found missing, from the package's "select field 'x'" or "Type 'a.b' ..." wording.</summary>
    public static string? MissingKey(string message)
    {
        var match = SelectField().Match(message);
        if (match.Success)
        {
            return match.Groups["field"].Value;
        }

        match = MissingParent().Match(message);
        return match.Success ? match.Groups["path"].Value.Split('.')[^1] : null;
    }

    [GeneratedRegex("select field '(?<field>[^']*)'")]
    private static partial Regex SelectField();

    [GeneratedRegex("^Type '(?<path>[^']*)' does not support field selection")]
    private static partial Regex MissingParent();
}
