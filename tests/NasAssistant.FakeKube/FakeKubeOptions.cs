using Microsoft.Extensions.Logging;
using NasAssistant.FakeKube.Controllers;

namespace NasAssistant.FakeKube;

/// <summary>Settings for a <see cref="FakeKubeServer"/>.</summary>
public sealed record FakeKubeOptions
{
    /// <summary>
    /// How many recent events watches can replay; a watch from an older resourceVersion gets 410 Gone.
    /// </summary>
    public int WatchHistorySize { get; init; } = 10_000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK when idle.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Seed for fault injection's random choices (null: unseeded).</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Namespaces that exist from the start.</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = ["default", "kube-system"];

    /// <summary>
    /// Nodes registered at start, for the simulated scheduler; by default one, like a single-node k3s
    /// NAS. The StorageClasses of <see cref="Storage.FakeStorageClasses"/> are registered too.
    /// </summary>
    public IReadOnlyList<FakeNode> Nodes { get; init; } = [new("nas")];

    /// <summary>Clock for timestamps (creation, deletion, conditions) and the simulated controllers' delays.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the fake logs injected faults and controller activity; null: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
