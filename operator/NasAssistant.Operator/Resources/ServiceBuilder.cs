using k8s.Models;
using NasAssistant.Operator.Api;

namespace NasAssistant.Operator.Resources;

/// <summary>The Service in front of the inference pods: the API port and the metrics port.</summary>
internal static class ServiceBuilder
{
    public static V1Service Build(AssistantDeployment ad)
    {
        var service = ad.Spec.Service;
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.For(ad, Naming.Service(ad)),
            Spec = new V1ServiceSpec
            {
                Type = service.Type.ToString(),
                Selector = Naming.SelectorLabels(ad),
                Ports =
                [
                    new V1ServicePort
                    {
                        Name = PodLayout.ApiPortName,
                        Port = service.Port,
                        TargetPort = PodLayout.ApiPortName,
                        NodePort = service.NodePort,
                        Protocol = "TCP",
                        AppProtocol = ad.Spec.Tls.ServesHttps() ? "https" : "http",
                    },
                    new V1ServicePort
                    {
                        Name = PodLayout.MetricsPortName,
                        Port = PodLayout.MetricsPort,
                        TargetPort = PodLayout.MetricsPortName,
                        Protocol = "TCP",
                        AppProtocol = "http",
                    },
                ],
            },
        };
    }

    /// <summary>The API's address inside the cluster (status.endpoint).</summary>
    public static string Endpoint(AssistantDeployment ad, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var scheme = ad.Spec.Tls.ServesHttps() ? "https" : "http";
        var host = ad.Metadata.NamespaceProperty is { } ns ? $"{Naming.Service(ad)}.{ns}.svc" : Naming.Service(ad);
        return $"{scheme}://{host}:{ad.Spec.Service.Port}";
    }
}
