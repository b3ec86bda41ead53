namespace NasAssistant.Operator.Api.Schema;

/// <summary>Inclusive length bounds of every item of a string list, or every value of a string map.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaItemLengthAttribute(int minimum, int maximum) : Attribute
{
    /// <summary>Shortest allowed length.</summary>
    public int Minimum { get; } = minimum;

    /// <summary>Longest allowed length.</summary>
    public int Maximum { get; } = maximum;
}
