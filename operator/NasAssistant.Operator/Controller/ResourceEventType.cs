namespace NasAssistant.Operator.Controller;

/// <summary>What happened to a cached object.</summary>
internal enum ResourceEventType
{
    Added,
    Modified,
    Deleted,
}
