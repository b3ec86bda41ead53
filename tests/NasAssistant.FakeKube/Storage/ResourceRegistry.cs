namespace NasAssistant.FakeKube.Storage;

/// <summary>The resources currently served: the built-ins plus those of established CRDs.</summary>
internal sealed class ResourceRegistry
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceType> _byResource = new(StringComparer.Ordinal);

    public ResourceRegistry()
    {
        foreach (var type in BuiltInResources.All)
        {
            Register(type);
        }
    }

    public IReadOnlyList<ResourceType> All
    {
        get
        {
            lock (_gate)
            {
                return _byResource.Values.ToList();
            }
        }
    }

    public void Register(ResourceType type)
    {
        lock (_gate)
        {
            _byResource[type.QualifiedResource] = type;
        }
    }

    public void Unregister(ResourceType type)
    {
        lock (_gate)
        {
            _byResource.Remove(type.QualifiedResource);
        }
    }

    /// <summary>Resolves a URL's group/version/resource; null when not served (404 on the real server).</summary>
    public ResourceType? Find(string group, string version, string plural)
    {
        lock (_gate)
        {
            var key = group.Length == 0 ? plural : $"{plural}.{group}";
            return _byResource.TryGetValue(key, out var type) && type.Versions.Contains(version) ? type : null;
        }
    }

    public ResourceType? FindKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        lock (_gate)
        {
            return _byResource.Values.FirstOrDefault(t => t.Group == group && t.Kind == kind && t.Versions.Contains(version));
        }
    }
}
