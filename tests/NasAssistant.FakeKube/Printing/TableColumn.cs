using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Printing;

/// <summary>One column of a <c>meta.k8s.io</c> Table (metav1.TableColumnDefinition).</summary>
internal sealed record TableColumn(string Name, string Type, string Description, string Format = "", int Priority = 0)
{
    /// <summary>ObjectMeta's field documentation, which the name and age columns carry.</summary>
    public const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public const string CreationTimestampDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    /// <summary>The Name column every printer starts with.</summary>
    public static TableColumn ObjectName { get; } = new("Name", "string", NameDescription, Format: "name");

    /// <summary>The Age column of the built-in printers (a string cell, already rendered).</summary>
    public static TableColumn Age { get; } = new("Age", "string", CreationTimestampDescription);

    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
