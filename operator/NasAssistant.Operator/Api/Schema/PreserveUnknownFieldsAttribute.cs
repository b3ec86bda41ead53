namespace NasAssistant.Operator.Api.Schema;

/// <summary>
/// A pass-through Kubernetes structure (affinity, tolerations) whose fields the API server keeps
/// without validating; the kubelet's own validation applies when the pod is created.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute
{
}
