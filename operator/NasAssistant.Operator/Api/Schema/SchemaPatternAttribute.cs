namespace NasAssistant.Operator.Api.Schema;

/// <summary>Regular expression a string field must match (OpenAPI pattern, RE2 syntax).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaPatternAttribute(string pattern) : Attribute
{
    /// <summary>The expression.</summary>
    public string Pattern { get; } = pattern;
}
