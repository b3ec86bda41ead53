namespace NasAssistant.Operator.Api.Schema;

/// <summary>Regular expression every item of a string list, or every value of a string map, must match.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaItemPatternAttribute(string pattern) : Attribute
{
    /// <summary>The expression.</summary>
    public string Pattern { get; } = pattern;
}
