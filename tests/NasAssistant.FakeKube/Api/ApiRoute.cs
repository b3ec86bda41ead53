namespace NasAssistant.FakeKube.Api;

/// <summary>
/// A resource URL taken apart: <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c> or
/// <c>/apis/{group}/{version}/...</c>, with or without the namespace part.
/// </summary>
internal sealed record ApiRoute(string Group, string Version, string? Namespace, string Resource, string? Name, string? Subresource)
{
    public static ApiRoute? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];

        // "namespaces/{ns}/{resource}..." addresses a namespaced resource, but "namespaces/{name}" and
        // "namespaces/{name}/status" address the Namespace object itself.
        if (tail.Length >= 3 && tail[0] == "namespaces" && tail[2] is not ("status" or "finalize"))
        {
            return tail.Length <= 5
                ? new ApiRoute(group, version, tail[1], tail[2], tail.ElementAtOrDefault(3), tail.ElementAtOrDefault(4))
                : null;
        }

        return tail.Length <= 3
            ? new ApiRoute(group, version, null, tail[0], tail.ElementAtOrDefault(1), tail.ElementAtOrDefault(2))
            : null;
    }
}
