namespace NasAssistant.Operator.Api.Rules;

/// <summary>
/// A rule spanning several fields of one API type, kept as a pair: the CEL expression the API server
/// evaluates (x-kubernetes-validations in the CRD) and the same check in C# for the operator's own
/// validation. Both report <see cref="Message"/> at <see cref="FieldPath"/>, so users see one message.
/// </summary>
public sealed record CrossFieldRule(
    Type Target,
    string Expression,
    string Message,
    string? FieldPath,
    Func<object, bool> Holds)
{
    /// <summary>Creates a rule for objects of type <typeparamref name="T"/>.</summary>
    public static CrossFieldRule For<T>(string expression, string message, string? fieldPath, Func<T, bool> holds)
        where T : class =>
        new(typeof(T), expression, message, fieldPath, value => holds((T)value));
}
