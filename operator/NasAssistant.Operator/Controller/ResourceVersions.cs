namespace NasAssistant.Operator.Controller;

/// <summary>
/// Orders two resourceVersions of objects of the same resource, as Kubernetes 1.35 allows clients to
/// (KEP-5504, client-go's <c>CompareResourceVersion</c>): a resourceVersion is a positive decimal integer
/// without leading zeros, so the longer one is newer, and of two equally long ones the one that sorts
/// later. Null when either is not such a number (an API server that predates the guarantee).
/// </summary>
internal static class ResourceVersions
{
    public static int? Compare(string? a, string? b)
    {
        if (!IsWellFormed(a) || !IsWellFormed(b))
        {
            return null;
        }

        return a!.Length != b!.Length ? a.Length.CompareTo(b.Length) : Math.Sign(string.CompareOrdinal(a, b));
    }

    private static bool IsWellFormed(string? version) =>
        version is { Length: > 0 } && version[0] is >= '1' and <= '9' && version.All(char.IsAsciiDigit);
}
