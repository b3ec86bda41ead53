using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// Fields an apply would take from other managers (merge.Conflicts), and the 409 the server answers
/// (NewConflictError in managedfields/internal/conflict.go): one cause per field, reason
/// FieldManagerConflict, and a message naming each manager.
/// </summary>
internal sealed class ApplyConflicts : Exception
{
    public ApplyConflicts(IReadOnlyList<(ManagerKey Manager, IReadOnlyList<PathElement> Path)> conflicts)
        : base("apply conflicts")
    {
        Conflicts = conflicts;
    }

    public IReadOnlyList<(ManagerKey Manager, IReadOnlyList<PathElement> Path)> Conflicts { get; }

    public static ApplyConflicts From(IReadOnlyDictionary<ManagerKey, FieldSet> sets) =>
        new([.. sets.OrderBy(s => s.Key).SelectMany(s => s.Value.Paths().Select(p => (s.Key, p)))]);

    public KubeApiException ToStatusError()
    {
        var causes = new JsonArray();
        foreach (var (manager, path) in Conflicts)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with {manager.Describe()}",
                ["field"] = Format(path),
            });
        }

        return new KubeApiException(409, "Conflict", Message(), new JsonObject { ["causes"] = causes });
    }

    public static string Format(IReadOnlyList<PathElement> path) => string.Concat(path.Select(p => p.ToString()));

    // getConflictMessage
    private new string Message()
    {
        if (Conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {Conflicts[0].Manager.Describe()}: {Format(Conflicts[0].Path)}";
        }

        var lines = Conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key)
            .SelectMany(g => new[] { $"conflicts with {g.Key.Describe()}:" }.Concat(g.Select(c => $"- {Format(c.Path)}")));
        return $"Apply failed with {Conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
