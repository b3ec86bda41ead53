namespace NasAssistant.Chart.Tests.Chart;

/// <summary>The value sets the chart is rendered with: defaults and the combinations users pick.</summary>
internal static class ChartValueSets
{
    public const string Defaults = "defaults";
    public const string MonitoringOn = "monitoring-on";
    public const string MonitoringOff = "monitoring-off";
    public const string DashboardOn = "dashboard-on";
    public const string TwoReplicas = "two-replicas";
    public const string SingleNamespace = "single-namespace";
    public const string Everything = "everything";

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [Defaults] = "",
        [MonitoringOn] = "serviceMonitor: {enabled: true, labels: {release: kube-prometheus-stack}}\nprometheusRule: {enabled: true}\n",
        [MonitoringOff] = "serviceMonitor: {enabled: false}\nprometheusRule: {enabled: false}\ndashboard: {enabled: false}\n",
        [DashboardOn] = "dashboard: {enabled: true, namespace: monitoring}\n",
        [TwoReplicas] = "replicaCount: 2\n",
        [SingleNamespace] = "watchNamespace: assistants\n",
        [Everything] = """
            replicaCount: 3
            watchNamespace: assistants
            image: {tag: "0.2.0-rc.1", pullPolicy: Always}
            runtimeImage: {repository: registry.lan/nas/runtime, tag: "0.2.0"}
            imagePullSecrets: [{name: regcred}]
            logLevel: Debug
            logFormat: text
            serviceAccount: {name: assistant-operator, annotations: {owner: it}}
            metrics: {port: 9100, service: {type: NodePort}}
            resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: "1", memory: 512Mi}}
            nodeSelector: {kubernetes.io/arch: arm64}
            tolerations: [{key: nas, operator: Exists, effect: NoSchedule}]
            priorityClassName: system-cluster-critical
            podLabels: {team: home}
            podAnnotations: {backup: "false"}
            serviceMonitor: {enabled: true, interval: 15s}
            prometheusRule: {enabled: true, queueBacklogThreshold: 5}
            dashboard: {enabled: true}
            """,
    };

    public static TheoryData<string, string> WithHelms()
    {
        var data = new TheoryData<string, string>();
        foreach (var helm in Tools.ExternalTool.Helms.Keys)
        {
            foreach (var set in All.Keys)
            {
                data.Add(helm, set);
            }
        }

        return data;
    }
}
