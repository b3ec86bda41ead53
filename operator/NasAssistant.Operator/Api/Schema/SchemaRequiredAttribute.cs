namespace NasAssistant.Operator.Api.Schema;

/// <summary>The field must be present whenever its parent object is.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SchemaRequiredAttribute : Attribute
{
}
