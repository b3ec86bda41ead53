using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Pods;

/// <summary>
/// Containers and init containers: validateContainers, validateInitContainers and
/// validateContainerCommon (name, image, ports, env, mounts, pull policy, resources, security
/// context), with probes and lifecycle handlers.
/// </summary>
internal sealed class ContainerValidator(ISet<string> volumes, ISet<string> podClaims, bool hostUsers)
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <summary>validateContainers: at least one, names unique among them.</summary>
    public List<FieldError> Containers(JsonNode? node, FieldPath path)
    {
        var containers = JsonRead.Objects(node);
        if (containers.Count == 0)
        {
            return [Checks.Required(path)];
        }

        var errors = new List<FieldError>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var itemPath = path.Index(i);
            errors.AddRange(Common(container, itemPath));
            var name = JsonRead.Text(container["name"]);
            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(itemPath.Child("name"), GoSyntax.Quote(name)));
            }

            errors.AddRange(Lifecycle(container, itemPath));
            errors.AddRange(Probes(container, itemPath));
            if (container["restartPolicy"] is not null)
            {
                errors.Add(Checks.Forbidden(itemPath.Child("restartPolicy"), "may not be set for non-init containers"));
            }
        }

        errors.AddRange(HostPortConflicts(containers, path));
        return errors;
    }

    /// <summary>validateInitContainers: names unique across both lists; probes only for restartable (sidecar) ones.</summary>
    public List<FieldError> InitContainers(JsonNode? node, JsonNode? regular, FieldPath path)
    {
        var errors = new List<FieldError>();
        var names = JsonRead.Objects(regular).Select(c => JsonRead.Text(c["name"])).ToHashSet(StringComparer.Ordinal);
        var containers = JsonRead.Objects(node);
        for (var i = 0; i < containers.Count; i++)
        {
            var container = containers[i];
            var itemPath = path.Index(i);
            errors.AddRange(Common(container, itemPath));
            var restartAlways = false;
            if (JsonRead.OptionalText(container["restartPolicy"]) is { } restartPolicy)
            {
                if (restartPolicy != "Always")
                {
                    errors.Add(Checks.NotSupported(itemPath.Child("restartPolicy"), restartPolicy, "Always"));
                }

                restartAlways = restartPolicy == "Always";
            }

            var name = JsonRead.Text(container["name"]);
            if (names.Contains(name))
            {
                errors.Add(FieldError.Duplicate(itemPath.Child("name"), GoSyntax.Quote(name)));
            }
            else if (name.Length > 0)
            {
                names.Add(name);
            }

            errors.AddRange(HostPortConflicts([container], path));
            if (restartAlways)
            {
                errors.AddRange(Lifecycle(container, itemPath));
                errors.AddRange(Probes(container, itemPath));
            }
            else
            {
                foreach (var field in new[] { "lifecycle", "livenessProbe", "readinessProbe", "startupProbe" }.Where(f => container[f] is not null))
                {
                    errors.Add(Checks.Forbidden(itemPath.Child(field), "may not be set for init containers without restartPolicy=Always"));
                }
            }

            if (JsonRead.HasEntries(container["resizePolicy"]))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("resizePolicy"), "[]core.ContainerResizePolicy{...}", "must not be set for init containers"));
            }
        }

        return errors;
    }

    // validateContainerCommon.
    private List<FieldError> Common(JsonObject container, FieldPath path)
    {
        var errors = new List<FieldError>();
        var name = JsonRead.Text(container["name"]);
        errors.AddRange(name.Length == 0
            ? [Checks.Required(path.Child("name"))]
            : Checks.Each(path.Child("name"), name, Names.Dns1123Label(name)));
        if (JsonRead.Text(container["image"]).Length == 0)
        {
            errors.Add(Checks.Required(path.Child("image")));
        }

        var messagePolicy = JsonRead.Text(container["terminationMessagePolicy"]);
        if (messagePolicy.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("terminationMessagePolicy")));
        }
        else if (messagePolicy is not ("File" or "FallbackToLogsOnError"))
        {
            errors.Add(Checks.NotSupported(path.Child("terminationMessagePolicy"), messagePolicy, "File", "FallbackToLogsOnError"));
        }

        errors.AddRange(Ports(container["ports"], path.Child("ports")));
        errors.AddRange(EnvValidator.Env(container["env"], path.Child("env")));
        errors.AddRange(EnvValidator.EnvFrom(container["envFrom"], path.Child("envFrom")));
        errors.AddRange(VolumeMounts(container, path.Child("volumeMounts")));
        var pullPolicy = JsonRead.Text(container["imagePullPolicy"]);
        if (pullPolicy.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("imagePullPolicy")));
        }
        else if (pullPolicy is not ("Always" or "IfNotPresent" or "Never"))
        {
            errors.Add(Checks.NotSupported(path.Child("imagePullPolicy"), pullPolicy, "Always", "IfNotPresent", "Never"));
        }

        errors.AddRange(ResourceRequirementsValidator.Validate(container["resources"], path.Child("resources"), podClaims));
        errors.AddRange(SecurityContextValidator.Container(container["securityContext"], path.Child("securityContext"), hostUsers));
        return errors;
    }

    // validateContainerPorts.
    private static List<FieldError> Ports(JsonNode? node, FieldPath path)
    {
        var errors = new List<FieldError>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var ports = JsonRead.Objects(node);
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var itemPath = path.Index(i);
            var name = JsonRead.Text(port["name"]);
            if (name.Length > 0)
            {
                var messages = Names.PortName(name);
                if (messages.Count > 0)
                {
                    errors.AddRange(Checks.Each(itemPath.Child("name"), name, messages));
                }
                else if (!names.Add(name))
                {
                    errors.Add(FieldError.Duplicate(itemPath.Child("name"), GoSyntax.Quote(name)));
                }
            }

            var containerPort = JsonRead.Long(port["containerPort"]) ?? 0;
            if (containerPort == 0)
            {
                errors.Add(Checks.Required(itemPath.Child("containerPort")));
            }
            else
            {
                errors.AddRange(Names.PortNumber(containerPort).Select(m => FieldError.Invalid(itemPath.Child("containerPort"), GoValue.Int(containerPort), m)));
            }

            var hostPort = JsonRead.Long(port["hostPort"]) ?? 0;
            if (hostPort != 0)
            {
                errors.AddRange(Names.PortNumber(hostPort).Select(m => FieldError.Invalid(itemPath.Child("hostPort"), GoValue.Int(hostPort), m)));
            }

            var protocol = JsonRead.Text(port["protocol"]);
            if (protocol.Length == 0)
            {
                errors.Add(Checks.Required(itemPath.Child("protocol")));
            }
            else if (!Protocols.Contains(protocol))
            {
                errors.Add(Checks.NotSupported(itemPath.Child("protocol"), protocol, Protocols));
            }
        }

        return errors;
    }

    // ValidateVolumeMounts: a declared volume, a unique mount path, relative sub paths.
    private List<FieldError> VolumeMounts(JsonObject container, FieldPath path)
    {
        var errors = new List<FieldError>();
        var mountPoints = new HashSet<string>(StringComparer.Ordinal);
        var devices = JsonRead.Objects(container["volumeDevices"]).ToDictionary(d => JsonRead.Text(d["name"]), d => JsonRead.Text(d["devicePath"]), StringComparer.Ordinal);
        var mounts = JsonRead.Objects(container["volumeMounts"]);
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var itemPath = path.Index(i);
            var name = JsonRead.Text(mount["name"]);
            var mountPath = JsonRead.Text(mount["mountPath"]);
            if (name.Length == 0)
            {
                errors.Add(Checks.Required(itemPath.Child("name")));
            }

            if (!volumes.Contains(name))
            {
                errors.Add(FieldError.NotFound(itemPath.Child("name"), GoSyntax.Quote(name)));
            }

            if (mountPath.Length == 0)
            {
                errors.Add(Checks.Required(itemPath.Child("mountPath")));
            }

            if (!mountPoints.Add(mountPath))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("mountPath"), GoSyntax.Quote(mountPath), "must be unique"));
            }

            if (devices.ContainsKey(name))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("name"), GoSyntax.Quote(name), "must not already exist in volumeDevices"));
            }

            if (devices.ContainsValue(mountPath))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("mountPath"), GoSyntax.Quote(mountPath), "must not already exist as a path in volumeDevices"));
            }

            var subPath = JsonRead.Text(mount["subPath"]);
            if (subPath.Length > 0)
            {
                errors.AddRange(VolumeValidator.LocalDescendingPath(subPath, path.Child("subPath")));
            }

            var subPathExpr = JsonRead.Text(mount["subPathExpr"]);
            if (subPathExpr.Length > 0)
            {
                if (subPath.Length > 0)
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("subPathExpr"), GoSyntax.Quote(subPathExpr), "subPathExpr and subPath are mutually exclusive"));
                }

                errors.AddRange(VolumeValidator.LocalDescendingPath(subPathExpr, path.Child("subPathExpr")));
            }

            if (JsonRead.OptionalText(mount["mountPropagation"]) is { } propagation)
            {
                errors.AddRange(MountPropagation(propagation, container, path.Child("mountPropagation")));
            }
        }

        return errors;
    }

    // validateMountPropagation: Bidirectional needs a privileged container.
    private static IEnumerable<FieldError> MountPropagation(string propagation, JsonObject container, FieldPath path)
    {
        if (propagation is not ("Bidirectional" or "HostToContainer" or "None"))
        {
            yield return Checks.NotSupported(path, propagation, "Bidirectional", "HostToContainer", "None");
        }

        if (propagation == "Bidirectional" && JsonRead.Bool(container["securityContext"]?["privileged"]) != true)
        {
            yield return Checks.Forbidden(path, "Bidirectional mount propagation is available only to privileged containers");
        }
    }

    // validateLivenessProbe, validateReadinessProbe and validateStartupProbe.
    private static List<FieldError> Probes(JsonObject container, FieldPath path)
    {
        var errors = new List<FieldError>();
        foreach (var kind in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container[kind] is not JsonObject probe)
            {
                continue;
            }

            var probePath = path.Child(kind);
            errors.AddRange(Handler(probe, probePath, ["exec", "httpGet", "tcpSocket", "grpc"]));
            foreach (var field in new[] { "initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold" })
            {
                errors.AddRange(Checks.NonNegative(probePath.Child(field), JsonRead.Long(probe[field])));
            }

            if (JsonRead.Long(probe["terminationGracePeriodSeconds"]) is { } grace && grace <= 0)
            {
                errors.Add(FieldError.Invalid(probePath.Child("terminationGracePeriodSeconds"), GoValue.Int(grace), "must be greater than 0"));
            }

            var success = JsonRead.Long(probe["successThreshold"]) ?? 0;
            if (kind != "readinessProbe" && success != 1)
            {
                errors.Add(FieldError.Invalid(probePath.Child("successThreshold"), GoValue.Int(success), "must be 1"));
            }

            if (kind == "readinessProbe" && JsonRead.Long(probe["terminationGracePeriodSeconds"]) is { } readinessGrace)
            {
                errors.Add(FieldError.Invalid(probePath.Child("terminationGracePeriodSeconds"), GoValue.Int(readinessGrace), "must not be set for readinessProbes"));
            }
        }

        return errors;
    }

    // validateLifecycle: postStart and preStop handlers.
    private static List<FieldError> Lifecycle(JsonObject container, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (container["lifecycle"] is not JsonObject lifecycle)
        {
            return errors;
        }

        foreach (var hook in new[] { "postStart", "preStop" })
        {
            if (lifecycle[hook] is JsonObject handler)
            {
                errors.AddRange(Handler(handler, path.Child("lifecycle", hook), ["exec", "httpGet", "tcpSocket", "sleep"]));
            }
        }

        return errors;
    }

    // validateHandler: exactly one handler type.
    private static List<FieldError> Handler(JsonObject handler, FieldPath path, string[] kinds) =>
        Checks.ExactlyOne(handler, path, kinds, "handler", (kind, action, actionPath) => kind switch
        {
            "exec" => JsonRead.HasEntries(action["command"]) ? [] : [Checks.Required(actionPath.Child("command"))],
            "httpGet" => HttpGet(action, actionPath),
            "grpc" => PortNumberOrName(action["port"], actionPath.Child("port")),
            "tcpSocket" => PortNumberOrName(action["port"], actionPath.Child("port")),
            _ => [],
        });

    // validateHTTPGetAction.
    private static List<FieldError> HttpGet(JsonObject action, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Text(action["path"]).Length == 0)
        {
            errors.Add(Checks.Required(path.Child("path")));
        }

        errors.AddRange(PortNumberOrName(action["port"], path.Child("port")));
        var scheme = JsonRead.Text(action["scheme"]);
        if (scheme is not ("HTTP" or "HTTPS"))
        {
            errors.Add(Checks.NotSupported(path.Child("scheme"), scheme, "HTTP", "HTTPS"));
        }

        foreach (var header in JsonRead.Objects(action["httpHeaders"]))
        {
            var name = JsonRead.Text(header["name"]);
            errors.AddRange(Checks.Each(path.Child("httpHeaders"), name, Names.HttpHeaderName(name)));
        }

        return errors;
    }

    /// <summary>ValidatePortNumOrName: a port number, or an IANA_SVC_NAME.</summary>
    public static IEnumerable<FieldError> PortNumberOrName(JsonNode? port, FieldPath path)
    {
        if (JsonRead.IsString(port))
        {
            var name = JsonRead.Text(port);
            return Checks.Each(path, name, Names.PortName(name));
        }

        var number = JsonRead.Long(port) ?? 0;
        return Names.PortNumber(number).Select(m => FieldError.Invalid(path, GoValue.Int(number), m));
    }

    // checkHostPortConflicts: protocol/hostIP/hostPort used once.
    private static List<FieldError> HostPortConflicts(IReadOnlyList<JsonObject> containers, FieldPath path)
    {
        var errors = new List<FieldError>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            var ports = JsonRead.Objects(containers[i]["ports"]);
            for (var j = 0; j < ports.Count; j++)
            {
                var hostPort = JsonRead.Long(ports[j]["hostPort"]) ?? 0;
                if (hostPort == 0)
                {
                    continue;
                }

                var key = $"{JsonRead.Text(ports[j]["protocol"])}/{JsonRead.Text(ports[j]["hostIP"])}/{hostPort}";
                if (!used.Add(key))
                {
                    errors.Add(FieldError.Duplicate(path.Index(i).Child("ports").Index(j).Child("hostPort"), GoSyntax.Quote(key)));
                }
            }
        }

        return errors;
    }
}
