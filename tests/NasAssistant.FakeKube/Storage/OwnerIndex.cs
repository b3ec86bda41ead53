using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// Where each uid lives and which objects name it in their ownerReferences, so the garbage collector
/// finds dependents without scanning the whole store on every deletion. Maintained under the store lock.
/// </summary>
internal sealed class OwnerIndex
{
    private readonly Dictionary<string, (ResourceType Type, string Key)> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(ResourceType Type, string Key)>> _dependents = new(StringComparer.Ordinal);

    /// <summary>Records a change of the object stored at <paramref name="key"/> (null <paramref name="current"/>: removed).</summary>
    public void Track(ResourceType type, string key, JsonObject? previous, JsonObject? current)
    {
        if (previous is not null)
        {
            _byUid.Remove(Meta.Uid(previous));
            foreach (var owner in Owners(previous))
            {
                if (_dependents.TryGetValue(owner, out var set) && set.Remove((type, key)) && set.Count == 0)
                {
                    _dependents.Remove(owner);
                }
            }
        }

        if (current is not null)
        {
            _byUid[Meta.Uid(current)] = (type, key);
            foreach (var owner in Owners(current))
            {
                if (!_dependents.TryGetValue(owner, out var set))
                {
                    set = [];
                    _dependents[owner] = set;
                }

                set.Add((type, key));
            }
        }
    }

    public IReadOnlyList<(ResourceType Type, string Key)> DependentsOf(string ownerUid) =>
        _dependents.TryGetValue(ownerUid, out var set) ? set.ToList() : [];

    public (ResourceType Type, string Key)? Locate(string uid) => _byUid.TryGetValue(uid, out var location) ? location : null;

    private static IEnumerable<string> Owners(JsonObject obj) =>
        Meta.OwnerReferences(obj).Select(r => r["uid"]?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal);
}
