using NasAssistant.FakeKube.Storage;

namespace NasAssistant.FakeKube.Printing;

/// <summary>Which table a resource is printed with: its CRD columns, its built-in printer, or the default.</summary>
internal static class BuiltInPrinters
{
    private static readonly Dictionary<string, Printer> ByResource = new(StringComparer.Ordinal)
    {
        ["namespaces"] = CorePrinters.Namespace,
        ["configmaps"] = CorePrinters.ConfigMap,
        ["secrets"] = CorePrinters.Secret,
        ["serviceaccounts"] = CorePrinters.ServiceAccount,
        ["persistentvolumeclaims"] = CorePrinters.PersistentVolumeClaim,
        ["leases.coordination.k8s.io"] = CorePrinters.Lease,
        ["services"] = NetworkPrinters.Service,
        ["networkpolicies.networking.k8s.io"] = NetworkPrinters.NetworkPolicy,
        ["pods"] = PodPrinter.Pod,
        ["events"] = EventPrinter.Core,
        ["events.events.k8s.io"] = EventPrinter.Events,
        ["deployments.apps"] = WorkloadPrinters.Deployment,
        ["statefulsets.apps"] = WorkloadPrinters.StatefulSet,
        ["horizontalpodautoscalers.autoscaling"] = WorkloadPrinters.HorizontalPodAutoscaler,
        ["poddisruptionbudgets.policy"] = WorkloadPrinters.PodDisruptionBudget,
    };

    /// <summary>The convertor for <paramref name="type"/> served at <paramref name="version"/>, or for its scale subresource.</summary>
    public static ITableConvertor For(ResourceType type, string version, bool scale)
    {
        if (scale)
        {
            return WorkloadPrinters.Scale;
        }

        if (type.IsCustom)
        {
            return type.TableConvertors.GetValueOrDefault(version) ?? DefaultTableConvertor.Instance;
        }

        return ByResource.TryGetValue(type.QualifiedResource, out var printer) ? printer : DefaultTableConvertor.Instance;
    }
}
