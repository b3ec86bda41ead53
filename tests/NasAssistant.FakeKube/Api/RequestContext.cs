using Microsoft.AspNetCore.Http;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Api;

/// <summary>A resource request after routing: what is addressed, with which verb.</summary>
internal sealed record RequestContext(HttpContext Http, ApiRoute Route, ResourceType Type, string Verb)
{
    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var values) ? values.ToString() : null;

    public bool Flag(string name) => Query(name) is "true" or "1";

    /// <summary>The namespace to operate in: the path's for namespaced kinds, none for cluster-scoped ones.</summary>
    public string? Namespace => Type.Namespaced ? Route.Namespace : null;

    public string Name => Route.Name ?? string.Empty;
}
