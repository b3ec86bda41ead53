namespace NasAssistant.Operator.Api.Schema;

/// <summary>Inclusive bounds on the number of items of a list field (OpenAPI minItems/maxItems).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaItemsAttribute(int minimum, int maximum) : Attribute
{
    /// <summary>Fewest items.</summary>
    public int Minimum { get; } = minimum;

    /// <summary>Most items.</summary>
    public int Maximum { get; } = maximum;
}
