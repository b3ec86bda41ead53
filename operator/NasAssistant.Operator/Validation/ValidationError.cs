namespace NasAssistant.Operator.Validation;

/// <summary>One reason a resource is invalid: the field's path and what is wrong with it.</summary>
public sealed record ValidationError(string Field, string Message)
{
    /// <summary>The error as the API server would print it: <c>field: message</c>.</summary>
    public override string ToString() => $"{Field}: {Message}";
}
