namespace NasAssistant.Hosting.Kube;

/// <summary>
/// Where a resource lives in the API: <c>/api/v1/...</c> for the core group, <c>/apis/{group}/{version}/...</c> for the
/// others, then the namespace, the plural, the name and a subresource, each only where given.
/// </summary>
public sealed record ResourcePath(string Group, string Version, string Plural, string? Namespace = null, string? Name = null, string? Subresource = null)
{
    /// <summary>The ConfigMaps of namespace <paramref name="ns"/>.</summary>
    public static ResourcePath ConfigMaps(string ns) => new(string.Empty, "v1", "configmaps", ns);

    /// <summary>The object of that name in this path's collection.</summary>
    public ResourcePath Named(string name) => this with { Name = name };

    /// <summary>A subresource of the named object (<c>status</c>).</summary>
    public ResourcePath Sub(string subresource) => this with { Subresource = subresource };

    /// <summary>The path relative to the API server's root, every segment escaped.</summary>
    public override string ToString()
    {
        var path = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        if (Namespace is not null)
        {
            path += $"/namespaces/{Uri.EscapeDataString(Namespace)}";
        }

        path += $"/{Plural}";
        if (Name is not null)
        {
            path += $"/{Uri.EscapeDataString(Name)}";
            if (Subresource is not null)
            {
                path += $"/{Subresource}";
            }
        }

        return path;
    }
}
