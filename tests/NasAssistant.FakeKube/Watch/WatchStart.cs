namespace NasAssistant.FakeKube.Watch;

/// <summary>
/// Where a watch begins: with the current objects as ADDED events (and, for a watch-list with bookmarks,
/// the BOOKMARK that ends them), or after <see cref="ResourceVersion"/>, or now when that is null. With
/// initial events the version is the oldest state the client accepts (resourceVersionMatch=NotOlderThan).
/// </summary>
internal sealed record WatchStart(bool InitialEvents, bool InitialEventsEndBookmark, long? ResourceVersion)
{
    /// <summary>The annotation of the bookmark that ends a watch-list's initial events.</summary>
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";
}
