using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Controllers;

/// <summary>
/// The conditions the namespace controller keeps on a terminating namespace: what content and which
/// finalizers still hold it up (namespaceConditionUpdater, pkg/controller/namespace/deletion/status_condition_utils.go).
/// </summary>
internal static class NamespaceDeletionConditions
{
    private const string ContentRemaining = "NamespaceContentRemaining";
    private const string FinalizersRemaining = "NamespaceFinalizersRemaining";

    // conditionTypes with their okReasons and okMessages, in the order the controller adds them.
    private static readonly (string Type, string Reason, string Message)[] Successful =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        (ContentRemaining, "ContentRemoved", "All content successfully removed"),
        (FinalizersRemaining, "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    /// <summary>
    /// Sets the five conditions from what is left: instances per resource (keyed <c>resource.group</c>)
    /// and per finalizer they carry.
    /// </summary>
    public static void Update(JsonObject status, IReadOnlyDictionary<string, int> remainingByResource, IReadOnlyDictionary<string, int> remainingByFinalizer, string now)
    {
        foreach (var (type, reason, message) in Successful)
        {
            var (value, actualReason, actualMessage) = type switch
            {
                ContentRemaining when remainingByResource.Count > 0 =>
                    ("True", "SomeResourcesRemain", "Some resources are remaining: " + Describe(remainingByResource, "{0} has {1} resource instances")),
                FinalizersRemaining when remainingByFinalizer.Count > 0 =>
                    ("True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: " + Describe(remainingByFinalizer, "{0} in {1} resource instances")),
                _ => ("False", reason, message),
            };
            StatusConditions.Set(status, type, value, actualReason, actualMessage, now);
        }
    }

    // ProcessContentTotals: one entry per resource or finalizer, sorted for stable updates.
    private static string Describe(IReadOnlyDictionary<string, int> counts, string format) =>
        string.Join(", ", counts.Select(c => string.Format(CultureInfo.InvariantCulture, format, c.Key, c.Value)).Order(StringComparer.Ordinal));
}
