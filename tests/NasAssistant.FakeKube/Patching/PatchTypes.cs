namespace NasAssistant.FakeKube.Patching;

/// <summary>The patch content types, and which the server accepts for built-in kinds and custom resources.</summary>
internal static class PatchTypes
{
    public const string Json = "application/json-patch+json";
    public const string Merge = "application/merge-patch+json";
    public const string Strategic = "application/strategic-merge-patch+json";
    public const string Apply = "application/apply-patch+yaml";

    /// <summary>Built-in kinds (staging/src/k8s.io/apiserver/pkg/endpoints/installer.go).</summary>
    public static IReadOnlyList<string> BuiltIn { get; } = [Json, Merge, Strategic, Apply];

    /// <summary>Custom resources have no Go struct, so no strategic merge patch (apiextensions-apiserver).</summary>
    public static IReadOnlyList<string> Custom { get; } = [Json, Merge, Apply];
}
