namespace NasAssistant.Operator.Api.Schema;

/// <summary>A list whose items are identified by the given keys (x-kubernetes-list-type: map).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListMapKeysAttribute(params string[] keys) : Attribute
{
    /// <summary>Keys identifying an item.</summary>
    public IReadOnlyList<string> Keys { get; } = keys;
}
