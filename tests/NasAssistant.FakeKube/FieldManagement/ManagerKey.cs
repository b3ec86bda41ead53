using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Who owns a managedFields entry (BuildManagerIdentifier in managedfields/internal/managedfields.go):
/// manager, operation, the API version for updaters (appliers keep one identity across versions) and
/// the subresource.
/// </summary>
internal sealed record ManagerKey(string Manager, string Operation, string ApiVersion, string Subresource) : IComparable<ManagerKey>
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    /// <summary>The identifier string (the entry as JSON, without time and fields), which orders managers.</summary>
    public string Identifier
    {
        get
        {
            var entry = new JsonObject();
            Add(entry, "manager", Manager);
            Add(entry, "operation", Operation);
            Add(entry, "apiVersion", Operation == Apply ? string.Empty : ApiVersion);
            Add(entry, "subresource", Subresource);
            return entry.ToJsonString(Json.Compact);
        }
    }

    public static ManagerKey ForUpdate(string manager, string apiVersion, string subresource) =>
        new(manager.Length == 0 ? "unknown" : manager, Update, apiVersion, subresource);

    public static ManagerKey ForApply(string manager, string subresource) =>
        new(manager.Length == 0 ? "unknown" : manager, Apply, string.Empty, subresource);

    public int CompareTo(ManagerKey? other) => string.CompareOrdinal(Identifier, other?.Identifier);

    /// <summary>printManager: <c>"mgr"</c>, <c>"mgr" with subresource "scale"</c>, plus <c>using apps/v1</c> for updaters.</summary>
    public string Describe()
    {
        var text = System.Text.Json.JsonSerializer.Serialize(Manager, Json.Compact);
        if (Subresource.Length > 0)
        {
            text += $" with subresource {System.Text.Json.JsonSerializer.Serialize(Subresource, Json.Compact)}";
        }

        return Operation == Update ? $"{text} using {ApiVersion}" : text;
    }

    private static void Add(JsonObject entry, string name, string value)
    {
        if (value.Length > 0)
        {
            entry[name] = value;
        }
    }
}
