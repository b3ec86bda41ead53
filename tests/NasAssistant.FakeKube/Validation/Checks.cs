using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation;

/// <summary>Small building blocks shared by the validators, in the real server's wording.</summary>
internal static class Checks
{
    /// <summary>apimachinery's IsNegativeErrorMsg.</summary>
    public const string NegativeMessage = "must be greater than or equal to 0";

    /// <summary>One Invalid error per message a format check returned for a string value.</summary>
    public static IEnumerable<FieldError> Each(FieldPath path, string value, IEnumerable<string> messages) =>
        messages.Select(m => FieldError.Invalid(path, GoSyntax.Quote(value), m));

    /// <summary>ValidateNonnegativeField.</summary>
    public static IEnumerable<FieldError> NonNegative(FieldPath path, long? value) =>
        value is < 0 ? [FieldError.Invalid(path, GoValue.Int(value.Value), NegativeMessage)] : [];

    /// <summary>field.NotSupported for a string value, with the supported values quoted.</summary>
    public static FieldError NotSupported(FieldPath path, string value, params string[] supported) =>
        FieldError.NotSupported(path, GoSyntax.Quote(value), supported.Select(GoSyntax.Quote));

    /// <summary>field.Required.</summary>
    public static FieldError Required(FieldPath path, string detail = "") => FieldError.Required(path, detail);

    /// <summary>field.Forbidden.</summary>
    public static FieldError Forbidden(FieldPath path, string detail) => FieldError.Forbidden(path, detail);

    /// <summary>ValidateImmutableField with a string value.</summary>
    public static IEnumerable<FieldError> Immutable(FieldPath path, string value, string old) =>
        value == old ? [] : [FieldError.Invalid(path, GoSyntax.Quote(value), "field is immutable")];

    /// <summary>
    /// The "exactly one of" shape of validateVolumeSource and validateHandler: the first member present is
    /// checked by <paramref name="detail"/>, every further one is Forbidden ("may not specify more than 1
    /// {noun} type"), and none at all is Required ("must specify a {noun} type").
    /// </summary>
    public static List<FieldError> ExactlyOne(
        JsonObject owner,
        FieldPath path,
        IEnumerable<string> members,
        string noun,
        Func<string, JsonObject, FieldPath, IEnumerable<FieldError>> detail)
    {
        var errors = new List<FieldError>();
        var count = 0;
        foreach (var member in members)
        {
            if (owner[member] is not JsonObject value)
            {
                continue;
            }

            if (count > 0)
            {
                errors.Add(Forbidden(path.Child(member), $"may not specify more than 1 {noun} type"));
                continue;
            }

            count++;
            errors.AddRange(detail(member, value, path.Child(member)));
        }

        if (count == 0)
        {
            errors.Add(Required(path, $"must specify a {noun} type"));
        }

        return errors;
    }
}
