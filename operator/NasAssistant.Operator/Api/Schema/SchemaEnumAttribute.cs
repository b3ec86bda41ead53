namespace NasAssistant.Operator.Api.Schema;

/// <summary>The values a string field may take (OpenAPI enum), for Kubernetes fields typed as plain strings.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaEnumAttribute(params string[] values) : Attribute
{
    /// <summary>The allowed values.</summary>
    public IReadOnlyList<string> Values { get; } = values;
}
