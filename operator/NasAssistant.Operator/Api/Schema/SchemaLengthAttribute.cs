namespace NasAssistant.Operator.Api.Schema;

/// <summary>Inclusive length bounds of a string field (OpenAPI minLength/maxLength).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaLengthAttribute(int minimum, int maximum) : Attribute
{
    /// <summary>Shortest allowed length.</summary>
    public int Minimum { get; } = minimum;

    /// <summary>Longest allowed length.</summary>
    public int Maximum { get; } = maximum;
}
