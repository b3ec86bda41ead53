using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.FieldManagement;

/// <summary>
/// A set of field paths as a tree (sigs.k8s.io/structured-merge-diff fieldpath/set.go): the members at
/// this level, and child sets for paths that go deeper. A path is in the set only where it is a member;
/// a parent with children is not a member by itself.
/// </summary>
internal sealed class FieldSet
{
    private readonly List<PathElement> _members;
    private readonly List<(PathElement Element, FieldSet Set)> _children;

    public FieldSet()
        : this([], [])
    {
    }

    private FieldSet(List<PathElement> members, List<(PathElement Element, FieldSet Set)> children)
    {
        _members = members;
        _children = children;
    }

    /// <summary>Empty: no member anywhere in the tree.</summary>
    public bool IsEmpty => _members.Count == 0 && _children.All(c => c.Set.IsEmpty);

    public static FieldSet Of(params IReadOnlyList<PathElement>[] paths)
    {
        var set = new FieldSet();
        foreach (var path in paths)
        {
            set.Insert(path);
        }

        return set;
    }

    /// <summary>Adds a path (parents are not added); the empty path is never tracked.</summary>
    public void Insert(IReadOnlyList<PathElement> path)
    {
        var set = this;
        for (var i = 0; i < path.Count; i++)
        {
            if (i == path.Count - 1)
            {
                InsertSorted(set._members, path[i]);
                return;
            }

            set = set.Descend(path[i]);
        }
    }

    public bool Has(IReadOnlyList<PathElement> path)
    {
        var set = this;
        for (var i = 0; i < path.Count; i++)
        {
            if (i == path.Count - 1)
            {
                return set.HasMember(path[i]);
            }

            if (set.Child(path[i]) is not { } child)
            {
                return false;
            }

            set = child;
        }

        return false;
    }

    public bool HasMember(PathElement element) => _members.BinarySearch(element) >= 0;

    /// <summary>The paths below <paramref name="element"/>, without it.</summary>
    public FieldSet WithPrefix(PathElement element) => Child(element) ?? new FieldSet();

    public FieldSet Union(FieldSet other)
    {
        var members = _members.Union(other._members).Order().ToList();
        var children = new List<(PathElement, FieldSet)>();
        foreach (var element in _children.Select(c => c.Element).Union(other._children.Select(c => c.Element)).Order())
        {
            var (mine, theirs) = (Child(element), other.Child(element));
            children.Add((element, mine is null ? theirs! : theirs is null ? mine : mine.Union(theirs)));
        }

        return new FieldSet(members, children);
    }

    public FieldSet Intersection(FieldSet other)
    {
        var members = _members.Where(other.HasMember).ToList();
        var children = new List<(PathElement, FieldSet)>();
        foreach (var (element, set) in _children)
        {
            if (other.Child(element) is { } theirs && set.Intersection(theirs) is { IsEmpty: false } common)
            {
                children.Add((element, common));
            }
        }

        return new FieldSet(members, children);
    }

    /// <summary>Members of this set that <paramref name="other"/> lacks; only other's children go deeper.</summary>
    public FieldSet Difference(FieldSet other)
    {
        var members = _members.Where(m => !other.HasMember(m)).ToList();
        var children = new List<(PathElement, FieldSet)>();
        foreach (var (element, set) in _children)
        {
            if (other.Child(element) is not { } theirs)
            {
                children.Add((element, set));
            }
            else if (set.Difference(theirs) is { IsEmpty: false } rest)
            {
                children.Add((element, rest));
            }
        }

        return new FieldSet(members, children);
    }

    /// <summary>Like <see cref="Difference"/>, but a member of <paramref name="other"/> removes its whole subtree.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
        var members = _members.Where(m => !other.HasMember(m)).ToList();
        var children = new List<(PathElement, FieldSet)>();
        foreach (var (element, set) in _children)
        {
            if (other.HasMember(element))
            {
                continue;
            }

            if (other.Child(element) is not { } theirs)
            {
                children.Add((element, set));
            }
            else if (set.RecursiveDifference(theirs) is { IsEmpty: false } rest)
            {
                children.Add((element, rest));
            }
        }

        return new FieldSet(members, children);
    }

    /// <summary>Adds, as members, the struct fields that have children (but not map keys or list items).</summary>
    public FieldSet EnsureNamedFieldsAreMembers(SmdType? type)
    {
        var members = _members.ToList();
        var children = new List<(PathElement, FieldSet)>();
        foreach (var (element, set) in _children)
        {
            SmdType? childType = null;
            if (element.FieldName is { } name && type is { Kind: SmdKind.Map })
            {
                if (type.HasField(name))
                {
                    InsertSorted(members, element);
                }

                childType = type.FieldOrElement(name);
            }
            else if (element.Key is not null && type is { Kind: SmdKind.List })
            {
                childType = type.Element;
            }

            children.Add((element, set.EnsureNamedFieldsAreMembers(childType)));
        }

        return new FieldSet(members, children);
    }

    /// <summary>Every member path, depth first: a level's members before its children.</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Paths() => Paths([]);

    /// <summary>The FieldsV1 encoding (fieldpath/serialize.go): one key per element, "." marks a member that has children.</summary>
    public JsonObject ToFieldsV1() => Emit(includeSelf: false);

    public static FieldSet FromFieldsV1(JsonObject fields) => Read(fields).Children ?? new FieldSet();

    private IEnumerable<IReadOnlyList<PathElement>> Paths(List<PathElement> prefix)
    {
        foreach (var member in _members)
        {
            yield return [.. prefix, member];
        }

        foreach (var (element, set) in _children)
        {
            foreach (var path in set.Paths([.. prefix, element]))
            {
                yield return path;
            }
        }
    }

    private JsonObject Emit(bool includeSelf)
    {
        var result = new JsonObject();
        if (includeSelf && (_members.Count > 0 || _children.Count > 0))
        {
            result["."] = new JsonObject();
        }

        foreach (var element in _members.Select(m => m).Union(_children.Select(c => c.Element)).Order())
        {
            var child = Child(element);
            result[element.Serialize()] = child is null ? new JsonObject() : child.Emit(includeSelf: HasMember(element));
        }

        return result;
    }

    // readIterV1: returns the children set and whether the node itself is a member.
    private static (FieldSet? Children, bool IsMember) Read(JsonObject node)
    {
        FieldSet? children = null;
        var isMember = false;
        foreach (var (key, value) in node)
        {
            if (key == ".")
            {
                isMember = true;
                continue;
            }

            if (PathElement.Parse(key) is not { } element)
            {
                continue;
            }

            var (grandchildren, childIsMember) = Read(value as JsonObject ?? []);
            children ??= new FieldSet();
            if (childIsMember)
            {
                InsertSorted(children._members, element);
            }

            if (grandchildren is not null)
            {
                var slot = children.Descend(element);
                slot._members.AddRange(grandchildren._members);
                slot._children.AddRange(grandchildren._children);
            }
        }

        return (children, children is null || isMember);
    }

    private FieldSet? Child(PathElement element)
    {
        var index = _children.BinarySearch((element, null!), ChildOrder.Instance);
        return index >= 0 ? _children[index].Set : null;
    }

    private FieldSet Descend(PathElement element)
    {
        var index = _children.BinarySearch((element, null!), ChildOrder.Instance);
        if (index >= 0)
        {
            return _children[index].Set;
        }

        var set = new FieldSet();
        _children.Insert(~index, (element, set));
        return set;
    }

    private static void InsertSorted(List<PathElement> members, PathElement element)
    {
        var index = members.BinarySearch(element);
        if (index < 0)
        {
            members.Insert(~index, element);
        }
    }

    private sealed class ChildOrder : IComparer<(PathElement Element, FieldSet Set)>
    {
        public static readonly ChildOrder Instance = new();

        public int Compare((PathElement Element, FieldSet Set) x, (PathElement Element, FieldSet Set) y) => x.Element.CompareTo(y.Element);
    }
}
