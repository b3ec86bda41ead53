using k8s.Models;
using Microsoft.Extensions.Logging;
using NasAssistant.Hosting.Kube;
using NasAssistant.Operator.Api;
using NasAssistant.Operator.Json;
using NasAssistant.Operator.Resources;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>Records Kubernetes Events on an AssistantDeployment (kubectl describe shows them).</summary>
internal sealed partial class EventRecorder(KubeApi api, TimeProvider time, ILogger logger)
{
    public Task NormalAsync(AssistantDeployment ad, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(ad, "Normal", reason, message, cancellationToken);

    public Task WarningAsync(AssistantDeployment ad, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(ad, "Warning", reason, message, cancellationToken);

    private async Task RecordAsync(AssistantDeployment ad, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ns = ad.Metadata.NamespaceProperty;
        var record = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { GenerateName = ad.Metadata.Name + ".", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = AssistantDeployment.GroupVersion,
                Kind = AssistantDeployment.KindName,
                Name = ad.Metadata.Name,
                NamespaceProperty = ns,
                Uid = ad.Metadata.Uid,
                ResourceVersion = ad.Metadata.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length > 1024 ? message[..1021] + "..." : message,
            Source = new V1EventSource { Component = Naming.ManagedBy },
            ReportingComponent = Naming.ManagedBy,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await api.CreateAsync(KubernetesKind.Event.Path(ns), OperatorJson.ToTree(record), cancellationToken);
        }
        catch (Exception e) when (e is k8s.Autorest.HttpOperationException or HttpRequestException)
        {
            // An event is a courtesy to the user; failing to record one must not fail the reconcile.
            LogEventFailed(logger, reason, ad.Metadata.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not record event {Reason} on {Name}: {Error}")]
    private static partial void LogEventFailed(ILogger logger, string reason, string name, string error);
}
