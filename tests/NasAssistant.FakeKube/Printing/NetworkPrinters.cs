using System.Globalization;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Storage;
using static NasAssistant.FakeKube.Printing.ObjectFields;

namespace NasAssistant.FakeKube.Printing;

/// <summary>Printers of Service and NetworkPolicy (printService, printNetworkPolicy in printers.go).</summary>
internal static class NetworkPrinters
{
    public static Printer Service { get; } = new(
        [
            TableColumn.ObjectName,
            new("Type", "string", "type determines how the Service is exposed."),
            new("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly."),
            new("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            new("Port(s)", "string", "The list of ports that are exposed by this service."),
            TableColumn.Age,
            new("Selector", "string", "Route service traffic to pods with label keys and values matching this selector.", Priority: 1),
        ],
        (obj, now) =>
        {
            var clusterIps = At(obj, "spec", "clusterIPs") as JsonArray;
            var clusterIp = clusterIps is { Count: > 0 } ? clusterIps[0]?.GetValue<string>() ?? "<none>" : "<none>";
            var ports = PortString(Items(obj, "spec", "ports"));
            return
            [
                Meta.Name(obj), Text(obj, "spec", "type"), clusterIp, ExternalIp(obj),
                ports.Length == 0 ? "<none>" : ports, Age(obj, now), FormatLabels(At(obj, "spec", "selector")),
            ];
        });

    public static Printer NetworkPolicy { get; } = new(
        [
            TableColumn.ObjectName,
            new("Pod-Selector", "string", "Selects the pods to which this NetworkPolicy object applies."),
            TableColumn.Age,
        ],
        (obj, now) => [Meta.Name(obj), FormatLabelSelector(At(obj, "spec", "podSelector")), Age(obj, now)]);

    // getServiceExternalIP, wide as the server prints.
    private static string ExternalIp(JsonObject obj)
    {
        var externalIps = (At(obj, "spec", "externalIPs") as JsonArray)?.Select(ip => ip?.GetValue<string>() ?? string.Empty).ToList() ?? [];
        switch (Text(obj, "spec", "type"))
        {
            case "ClusterIP" or "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                var loadBalancer = LoadBalancerStatus(obj);
                if (externalIps.Count > 0)
                {
                    var all = loadBalancer.Length > 0 ? loadBalancer.Split(',').ToList() : [];
                    all.AddRange(externalIps);
                    return string.Join(",", all);
                }

                return loadBalancer.Length > 0 ? loadBalancer : "<pending>";
            case "ExternalName":
                return Text(obj, "spec", "externalName");
            default:
                return "<unknown>";
        }
    }

    // loadBalancerStatusStringer: sorted, distinct IPs or hostnames (not clipped: the output is wide).
    private static string LoadBalancerStatus(JsonObject obj)
    {
        var addresses = Items(obj, "status", "loadBalancer", "ingress")
            .Select(i => Text(i, "ip") is { Length: > 0 } ip ? ip : Text(i, "hostname"))
            .Where(a => a.Length > 0)
            .Distinct()
            .Order(StringComparer.Ordinal);
        return string.Join(",", addresses);
    }

    // makePortString: port/protocol, or port:nodePort/protocol.
    private static string PortString(IReadOnlyList<JsonObject> ports) => string.Join(",", ports.Select(p =>
    {
        var port = Number(p, "port").ToString(CultureInfo.InvariantCulture);
        var nodePort = Number(p, "nodePort");
        var protocol = Text(p, "protocol");
        return nodePort > 0 ? $"{port}:{nodePort.ToString(CultureInfo.InvariantCulture)}/{protocol}" : $"{port}/{protocol}";
    }));
}
