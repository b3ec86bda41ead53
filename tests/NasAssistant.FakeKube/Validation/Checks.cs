using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation;

/// <summary>Small building blocks shared by the validators, in the real server's wording.</summary>
internal static class Checks
{
    /// <summary>apimachinery's IsNegativeErrorMsg.</summary>
    public const string NegativeMessage = "must be greater than or equal to 0";

    /// <summary>One Invalid error per message a format check returned for a string value.</summary>
    public static IEnumerable<FieldError> Each(FieldPath path, string value, IEnumerable<string> messages) =>
        messages.Select(m => FieldError.Invalid(path, GoValue.Quote(value), m));

    /// <summary>ValidateNonnegativeField.</summary>
    public static IEnumerable<FieldError> NonNegative(FieldPath path, long? value) =>
        value is < 0 ? [FieldError.Invalid(path, GoValue.Int(value.Value), NegativeMessage)] : [];

    /// <summary>field.NotSupported for a string value, with the supported values quoted.</summary>
    public static FieldError NotSupported(FieldPath path, string value, params string[] supported) =>
        FieldError.NotSupported(path, GoValue.Quote(value), supported.Select(GoValue.Quote));

    /// <summary>field.Required.</summary>
    public static FieldError Required(FieldPath path, string detail = "") => FieldError.Required(path, detail);

    /// <summary>field.Forbidden.</summary>
    public static FieldError Forbidden(FieldPath path, string detail) => FieldError.Forbidden(path, detail);

    /// <summary>ValidateImmutableField with a string value.</summary>
    public static IEnumerable<FieldError> Immutable(FieldPath path, string value, string old) =>
        value == old ? [] : [FieldError.Invalid(path, GoValue.Quote(value), "field is immutable")];
}
