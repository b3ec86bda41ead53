namespace NasAssistant.FakeKube.Diagnostics;

/// <summary>One request the fake API server answered.</summary>
/// <param name="Time">When the request was answered (or, for a watch, opened).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">URL path, e.g. <c>/apis/apps/v1/namespaces/a/deployments/web</c>.</param>
/// <param name="Query">Query string including the leading '?', or empty.</param>
/// <param name="Verb">Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection (discovery for /api, /apis).</param>
/// <param name="Group">API group ("" for core).</param>
/// <param name="Resource">Plural resource name, e.g. <c>deployments</c>.</param>
/// <param name="Subresource">status, scale or null.</param>
/// <param name="Namespace">Namespace from the path, or null.</param>
/// <param name="Name">Object name from the path, or null.</param>
/// <param name="StatusCode">HTTP status code sent.</param>
/// <param name="FaultInjected">True when the response came from fault injection.</param>
public sealed record RequestRecord(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    string Verb,
    string? Group,
    string? Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    int StatusCode,
    bool FaultInjected)
{
    /// <summary>True for verbs that change state: create, update, patch, delete, deletecollection.</summary>
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";
}
