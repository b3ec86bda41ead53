using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Watch;

/// <summary>
/// A change to one object. <see cref="Object"/> and <see cref="Previous"/> are frozen snapshots that are
/// never mutated, so every watcher can serialise them without copying.
/// </summary>
internal sealed record WatchEvent(string Type, long ResourceVersion, ResourceType Resource, JsonObject Object, JsonObject? Previous)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
    public const string Error = "ERROR";
}
