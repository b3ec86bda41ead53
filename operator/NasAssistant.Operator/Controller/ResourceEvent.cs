using System.Text.Json.Nodes;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Controller;

/// <summary>A change an informer observed; for deletions, <see cref="Object"/> is the last state it knew.</summary>
internal sealed record ResourceEvent(KubernetesKind Kind, ResourceEventType Type, JsonObject Object);
