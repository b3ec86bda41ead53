using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.OpenApi;

/// <summary>A served resource in one version, with the definitions of its kind and list kind.</summary>
internal sealed record PublishedResource(ResourceType Type, string Version, string Definition, string ListDefinition)
{
    /// <summary>The group-version's path segment in the v3 index: <c>api/v1</c> or <c>apis/apps/v1</c>.</summary>
    public string GroupVersionPath => Type.Group.Length == 0 ? $"api/{Version}" : $"apis/{Type.Group}/{Version}";
}
