using System.Text.Json.Nodes;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>A change an informer observed; for deletions, <see cref="Object"/> is the last state it knew.</summary>
/// <param name="Kind">The kind of the object.</param>
/// <param name="Type">What happened to it.</param>
/// <param name="Object">The object as it is now (as it was last, for a deletion).</param>
/// <param name="Previous">For a modification, the object as the cache held it before; otherwise null.</param>
internal sealed record ResourceEvent(KubernetesKind Kind, ResourceEventType Type, JsonObject Object, JsonObject? Previous = null);
