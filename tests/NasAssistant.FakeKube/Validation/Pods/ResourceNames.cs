namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>Resource name classes of pkg/apis/core/helper (IsStandardResourceName, IsExtendedResourceName, ...).</summary>
internal static class ResourceNames
{
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services",
        "replicationcontrollers", "secrets", "persistentvolumeclaims", "configmaps", "services.nodeports",
        "services.loadbalancers", "storage", "requests.storage",
    };

    private static readonly HashSet<string> StandardContainer = new(StringComparer.Ordinal) { "cpu", "memory", "ephemeral-storage" };

    private static readonly HashSet<string> Integer = new(StringComparer.Ordinal)
    {
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "persistentvolumeclaims",
        "configmaps", "services.nodeports", "services.loadbalancers",
    };

    public static bool IsStandard(string name) =>
        Standard.Contains(name) || name.StartsWith("requests.hugepages-", StringComparison.Ordinal) || name.StartsWith("limits.hugepages-", StringComparison.Ordinal);

    public static bool IsStandardContainer(string name) => StandardContainer.Contains(name) || IsHugePages(name);

    public static bool IsHugePages(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    /// <summary>IsNativeResource: no domain, or a kubernetes.io one.</summary>
    public static bool IsNative(string name) => !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>IsExtendedResourceName: a domain-prefixed name that also works as a quota name.</summary>
    public static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && Names.QualifiedName("requests." + name).Count == 0;

    /// <summary>IsIntegerResourceName: counted resources and extended resources.</summary>
    public static bool IsInteger(string name) => Integer.Contains(name) || IsExtended(name);

    /// <summary>IsOvercommitAllowed: native resources other than huge pages.</summary>
    public static bool OvercommitAllowed(string name) => IsNative(name) && !IsHugePages(name);
}
