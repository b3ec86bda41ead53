using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using static NasAssistant.FakeKube.Printing.ObjectFields;

namespace NasAssistant.FakeKube.Printing;

/// <summary>
/// The event printer (printEvent in printers.go), wide as the server prints. events.k8s.io/v1 Events are
/// printed through the core fields they convert to (Convert_v1_Event_To_core_Event).
/// </summary>
internal static class EventPrinter
{
    private static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "The object that this event is about."),
        new("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].", Priority: 1),
        new("Source", "string", "The component reporting this event. Should be a short machine understandable string.", Priority: 1),
        new("Message", "string", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", Priority: 1),
        new("Count", "string", "The number of times this event has occurred.", Priority: 1),
        new("Name", "string", TableColumn.NameDescription, Format: "name", Priority: 1),
    ];

    /// <summary>core/v1 Event.</summary>
    public static Printer Core { get; } = new(Columns, (obj, now) => Row(obj, Fields.Core, now));

    /// <summary>events.k8s.io/v1 Event, read through its core equivalents.</summary>
    public static Printer Events { get; } = new(Columns, (obj, now) => Row(obj, Fields.Events, now));

    private static JsonArray Row(JsonObject obj, Fields fields, DateTimeOffset now)
    {
        var firstTimestamp = Since(Text(obj, fields.FirstTimestamp), now) ?? Since(Text(obj, "eventTime"), now) ?? "<unknown>";
        var lastTimestamp = Since(Text(obj, fields.LastTimestamp), now) ?? firstTimestamp;
        var count = Number(obj, fields.Count);
        if (obj["series"] is JsonObject series)
        {
            lastTimestamp = Since(Text(series, "lastObservedTime"), now) ?? "<unknown>";
            count = Number(series, "count");
        }
        else if (count == 0)
        {
            // Singleton events of the new API carry no count.
            count = 1;
        }

        var involved = obj[fields.InvolvedObject];
        var kind = Text(involved, "kind").ToLowerInvariant();
        var name = Text(involved, "name");
        var source = FormatSource(
            FirstNonEmpty(Text(obj, fields.Source, "component"), Text(obj, "reportingController")),
            FirstNonEmpty(Text(obj, fields.Source, "host"), Text(obj, "reportingInstance")));
        return
        [
            lastTimestamp, Text(obj, "type"), Text(obj, "reason"), name.Length > 0 ? $"{kind}/{name}" : kind,
            Text(involved, "fieldPath"), source, Text(obj, fields.Message).Trim(), firstTimestamp, count, Meta.Name(obj),
        ];
    }

    private static string? Since(string timestamp, DateTimeOffset now) =>
        timestamp.Length == 0 ? null : HumanDuration.Since(timestamp, now, HumanDuration.Long);

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;

    // formatEventSourceComponentInstance
    private static string FormatSource(string component, string instance) => instance.Length == 0 ? component : $"{component}, {instance}";

    // Where each core field lives in the object of either API.
    private sealed record Fields(string FirstTimestamp, string LastTimestamp, string Count, string InvolvedObject, string Source, string Message)
    {
        public static Fields Core { get; } = new("firstTimestamp", "lastTimestamp", "count", "involvedObject", "source", "message");

        public static Fields Events { get; } = new("deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "regarding", "deprecatedSource", "note");
    }
}
