using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using NasAssistant.FakeKube.Printing;
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

    /// <summary>How the response is written, negotiated from the Accept header.</summary>
    public ResponseFormat Format { get; init; } = ResponseFormat.Object;

    /// <summary>
    /// The Table of <paramref name="objects"/> printed for this resource (or its scale subresource), with the
    /// request's includeObject.
    /// </summary>
    public JsonObject Table(IReadOnlyList<JsonObject> objects, JsonObject listMeta, DateTimeOffset now, bool noHeaders = false) =>
        TableBuilder.Build(
            BuiltInPrinters.For(Type, Route.Version, Route.Subresource == "scale"),
            objects,
            listMeta,
            TableOptions.FromQuery(Query("includeObject")) with { NoHeaders = noHeaders },
            Format.TableVersion!,
            now);
}
