using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Nodes;
using NasAssistant.Operator.Json;

namespace NasAssistant.Operator.Api.Rules;

/// <summary>
/// A rule spanning several fields of one type, kept as a pair: the CEL expression the API server
/// evaluates (x-kubernetes-validations in the CRD) and the same check in C# for the operator's own
/// validation. Both report <see cref="Message"/> at <see cref="FieldPath"/> with <see cref="Reason"/>,
/// so users see one message.
/// </summary>
public sealed record CrossFieldRule(
    Type Target,
    string Expression,
    string Message,
    string? FieldPath,
    Func<JsonNode, bool> Holds)
{
    /// <summary>Reason of a rule whose failure means a value is missing ("Required value").</summary>
    public const string RequiredReason = "FieldValueRequired";

    /// <summary>Reason of a rule whose failure means a value must not be there ("Forbidden").</summary>
    public const string ForbiddenReason = "FieldValueForbidden";

    /// <summary>How the API server reports a failure: <see cref="RequiredReason"/>, <see cref="ForbiddenReason"/>, or null for "Invalid value".</summary>
    public string? Reason { get; init; }

    /// <summary>
    /// The property whose value (each item, for a list) the rule sits on, for a rule that holds for
    /// <see cref="Target"/> only there; null when the rule applies to every <see cref="Target"/> object.
    /// </summary>
    public PropertyInfo? Within { get; init; }

    /// <summary>Creates a rule for every object of type <typeparamref name="T"/>; the C# check reads the object as JSON binds it.</summary>
    public static CrossFieldRule For<T>(string expression, string message, string? fieldPath, Func<T, bool> holds)
        where T : class =>
        new(typeof(T), expression, message, fieldPath, node => holds(OperatorJson.Deserialize<T>(node)));

    /// <summary>Creates a rule for the values of <typeparamref name="TOwner"/>'s <paramref name="property"/> (each item of a list).</summary>
    public static CrossFieldRule ForItemsOf<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOwner, T>(string property, string expression, string message, string? fieldPath, Func<T, bool> holds)
        where T : class =>
        For(expression, message, fieldPath, holds) with
        {
            Within = typeof(TOwner).GetProperty(property) ?? throw new ArgumentException($"{typeof(TOwner).Name} has no property {property}", nameof(property)),
        };
}
