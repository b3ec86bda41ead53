using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Validation;

namespace NasAssistant.FakeKube.Storage;

/// <summary>
/// The core/v1 defaults of a pod spec and what it contains (pkg/apis/core/v1/defaults.go:
/// SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume, ...), applied
/// wherever a pod spec is embedded.
/// </summary>
internal static class PodSpecDefaults
{
    private const int DefaultFileMode = 420; // 0644

    public static void Apply(JsonNode? podSpec)
    {
        if (podSpec is not JsonObject spec)
        {
            return;
        }

        // SetDefaults_PodSpec.
        Defaulting.Value(spec, "dnsPolicy", "ClusterFirst");
        Defaulting.Value(spec, "restartPolicy", "Always");
        Defaulting.Pointer(spec, "securityContext", new JsonObject());
        Defaulting.Pointer(spec, "terminationGracePeriodSeconds", 30);
        Defaulting.Value(spec, "schedulerName", "default-scheduler");
        foreach (var container in JsonRead.Objects(spec["containers"]).Concat(JsonRead.Objects(spec["initContainers"])))
        {
            Container(container);
        }

        foreach (var volume in JsonRead.Objects(spec["volumes"]))
        {
            Volume(volume);
        }
    }

    // SetDefaults_Container, SetDefaults_ContainerPort, probes, handlers and downward API references.
    private static void Container(JsonObject container)
    {
        Defaulting.Value(container, "imagePullPolicy", PullsAlways(JsonRead.Text(container["image"])) ? "Always" : "IfNotPresent");
        Defaulting.Value(container, "terminationMessagePath", "/dev/termination-log");
        Defaulting.Value(container, "terminationMessagePolicy", "File");
        foreach (var port in JsonRead.Objects(container["ports"]))
        {
            Defaulting.Value(port, "protocol", "TCP");
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" }.Select(p => container[p]).OfType<JsonObject>())
        {
            Defaulting.Value(probe, "timeoutSeconds", 1);
            Defaulting.Value(probe, "periodSeconds", 10);
            Defaulting.Value(probe, "successThreshold", 1);
            Defaulting.Value(probe, "failureThreshold", 3);
            HttpGet(probe);
        }

        if (container["lifecycle"] is JsonObject lifecycle)
        {
            HttpGet(lifecycle["postStart"]);
            HttpGet(lifecycle["preStop"]);
        }

        foreach (var variable in JsonRead.Objects(container["env"]))
        {
            FieldRef(variable["valueFrom"]?["fieldRef"]);
        }
    }

    // SetDefaults_HTTPGetAction.
    private static void HttpGet(JsonNode? handler)
    {
        if (handler?["httpGet"] is JsonObject httpGet)
        {
            Defaulting.Value(httpGet, "path", "/");
            Defaulting.Value(httpGet, "scheme", "HTTP");
        }
    }

    // SetDefaults_ObjectFieldSelector.
    private static void FieldRef(JsonNode? fieldRef)
    {
        if (fieldRef is JsonObject selector)
        {
            Defaulting.Value(selector, "apiVersion", "v1");
        }
    }

    // SetDefaults_Volume (no source means an emptyDir) and the volume sources' default modes.
    private static void Volume(JsonObject volume)
    {
        if (!volume.Any(p => p.Key != "name" && p.Value is not null))
        {
            volume["emptyDir"] = new JsonObject();
        }

        foreach (var source in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            if (volume[source] is JsonObject mounted)
            {
                Defaulting.Pointer(mounted, "defaultMode", DefaultFileMode);
            }
        }

        if (volume["hostPath"] is JsonObject hostPath)
        {
            Defaulting.Pointer(hostPath, "type", string.Empty);
        }

        foreach (var item in JsonRead.Objects(volume["downwardAPI"]?["items"]))
        {
            FieldRef(item["fieldRef"]);
        }

        foreach (var projection in JsonRead.Objects(volume["projected"]?["sources"]))
        {
            if (projection["serviceAccountToken"] is JsonObject token)
            {
                Defaulting.Pointer(token, "expirationSeconds", 3600);
            }

            foreach (var item in JsonRead.Objects(projection["downwardAPI"]?["items"]))
            {
                FieldRef(item["fieldRef"]);
            }
        }
    }

    // parsers.ParseImageName: no tag and no digest means "latest", which is pulled always.
    private static bool PullsAlways(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return false;
        }

        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var tag = colon > lastSlash ? image[(colon + 1)..] : "latest";
        return tag == "latest";
    }
}
