namespace NasAssistant.Hosting.Kube;

/// <summary>The patch formats the API server takes, each by its media type.</summary>
public enum PatchKind
{
    /// <summary>Server-side apply: the fields the manager wants, as a whole object.</summary>
    Apply,

    /// <summary>RFC 6902 operations (test, remove...).</summary>
    Json,

    /// <summary>RFC 7386 merge patch.</summary>
    Merge,
}

internal static class PatchKinds
{
    public static string MediaType(this PatchKind kind) => kind switch
    {
        PatchKind.Apply => "application/apply-patch+yaml",
        PatchKind.Json => "application/json-patch+json",
        PatchKind.Merge => "application/merge-patch+json",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
