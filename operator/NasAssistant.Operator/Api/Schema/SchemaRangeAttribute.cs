namespace NasAssistant.Operator.Api.Schema;

/// <summary>Inclusive bounds of an integer field (OpenAPI minimum/maximum).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaRangeAttribute(long minimum, long maximum) : Attribute
{
    /// <summary>Smallest allowed value.</summary>
    public long Minimum { get; } = minimum;

    /// <summary>Largest allowed value.</summary>
    public long Maximum { get; } = maximum;
}
