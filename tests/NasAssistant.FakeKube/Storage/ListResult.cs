using System.Text.Json.Nodes;

namespace NasAssistant.FakeKube.Storage;

/// <summary>One page of a list: items, the list's resourceVersion and the continue token, if more remain.</summary>
internal sealed record ListResult(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
