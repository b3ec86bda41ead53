using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;
using NasAssistant.FakeKube.Validation.Pods;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// core/v1 Service: ValidateService, validateServicePort, ValidateServiceClusterIPsRelatedFields and
/// ValidateServiceUpdate (clusterIPs and ipFamilies may not change). Health check node ports are not
/// allocated by the fake, so their rules are not checked.
/// </summary>
internal sealed class ServiceValidator() : SpecValidator(Names.NameIsDns1035Label)
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];

    // ValidateServiceUpdate: what may not change, then everything ValidateService checks.
    public override List<FieldError> ValidateUpdate(JsonObject obj, JsonObject old)
    {
        var errors = ObjectMetaValidator.ValidateUpdate(obj, old);
        var spec = SpecOf(obj);
        var oldSpec = SpecOf(old);
        errors.AddRange(ClusterIpsChange(spec, oldSpec));
        errors.AddRange(IpFamiliesChange(spec, oldSpec));
        if (JsonRead.Text(spec["type"]) == "LoadBalancer" && JsonRead.Text(oldSpec["type"]) == "LoadBalancer" &&
            !JsonNode.DeepEquals(spec["loadBalancerClass"], oldSpec["loadBalancerClass"]))
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("loadBalancerClass"), GoValue.Scalar(spec["loadBalancerClass"]), "may not change once set"));
        }

        errors.AddRange(Validate(obj));
        return errors;
    }

    // ValidateService's spec rules.
    protected override List<FieldError> Spec(JsonObject spec, JsonObject? oldSpec)
    {
        var errors = new List<FieldError>();
        var type = JsonRead.Text(spec["type"]);
        var ports = JsonRead.Objects(spec["ports"]);
        var headless = IsHeadless(spec);
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errors.Add(Checks.Required(SpecPath.Child("ports")));
        }

        switch (type)
        {
            case "LoadBalancer":
                for (var i = 0; i < ports.Count; i++)
                {
                    if (JsonRead.Long(ports[i]["port"]) == 10250)
                    {
                        errors.Add(FieldError.Invalid(SpecPath.Child("ports").Index(i), "10250", "may not expose port 10250 externally since it is used by kubelet"));
                    }
                }

                if (headless)
                {
                    errors.Add(FieldError.Invalid(SpecPath.Child("clusterIPs").Index(0), "\"None\"", "may not be set to 'None' for LoadBalancer services"));
                }

                break;
            case "NodePort" when headless:
                errors.Add(FieldError.Invalid(SpecPath.Child("clusterIPs").Index(0), "\"None\"", "may not be set to 'None' for NodePort services"));
                break;
            case "ExternalName":
                errors.AddRange(ExternalName(spec));
                break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            errors.AddRange(Port(ports[i], ports.Count > 1, names, SpecPath.Child("ports").Index(i)));
        }

        if (spec["selector"] is not null)
        {
            errors.AddRange(LabelSelectorValidator.Labels(spec["selector"], SpecPath.Child("selector")));
        }

        errors.AddRange(SessionAffinity(spec));
        if (type != "ExternalName")
        {
            errors.AddRange(ClusterIps(spec));
        }

        var externalIps = JsonRead.Strings(spec["externalIPs"]);
        for (var i = 0; i < externalIps.Count; i++)
        {
            errors.AddRange(Checks.Each(SpecPath.Child("externalIPs").Index(i), externalIps[i], Addresses.Ip(externalIps[i])));
        }

        if (type.Length == 0)
        {
            errors.Add(Checks.Required(SpecPath.Child("type")));
        }
        else if (!Types.Contains(type))
        {
            errors.Add(Checks.NotSupported(SpecPath.Child("type"), type, Types));
        }

        if (type == "ClusterIP")
        {
            for (var i = 0; i < ports.Count; i++)
            {
                if ((JsonRead.Long(ports[i]["nodePort"]) ?? 0) != 0)
                {
                    errors.Add(Checks.Forbidden(SpecPath.Child("ports").Index(i).Child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
                }
            }
        }

        errors.AddRange(DuplicatePorts(ports));
        errors.AddRange(SourceRanges(spec, type));
        if (spec["allocateLoadBalancerNodePorts"] is not null && type != "LoadBalancer")
        {
            errors.Add(Checks.Forbidden(SpecPath.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"));
        }

        if (type == "LoadBalancer" && spec["allocateLoadBalancerNodePorts"] is null)
        {
            errors.Add(Checks.Required(FieldPath.Root("allocateLoadBalancerNodePorts")));
        }

        if (JsonRead.OptionalText(spec["loadBalancerClass"]) is { } lbClass)
        {
            errors.AddRange(type == "LoadBalancer"
                ? Checks.Each(SpecPath.Child("loadBalancerClass"), lbClass, Names.QualifiedName(lbClass))
                : [Checks.Forbidden(SpecPath.Child("loadBalancerClass"), "may only be used when `type` is 'LoadBalancer'")]);
        }

        errors.AddRange(TrafficPolicies(spec, type));
        return errors;
    }

    // validateServicePort: names required when there are several, unique DNS labels.
    private static List<FieldError> Port(JsonObject port, bool requireName, HashSet<string> names, FieldPath path)
    {
        var errors = new List<FieldError>();
        var name = JsonRead.Text(port["name"]);
        if (requireName && name.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("name")));
        }
        else if (name.Length > 0)
        {
            errors.AddRange(Checks.Each(path.Child("name"), name, Names.Dns1123Label(name)));
            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(path.Child("name"), GoSyntax.Quote(name)));
            }
        }

        var number = JsonRead.Long(port["port"]) ?? 0;
        errors.AddRange(Names.PortNumber(number).Select(m => FieldError.Invalid(path.Child("port"), GoValue.Int(number), m)));
        var protocol = JsonRead.Text(port["protocol"]);
        if (protocol.Length == 0)
        {
            errors.Add(Checks.Required(path.Child("protocol")));
        }
        else if (!Protocols.Contains(protocol))
        {
            errors.Add(Checks.NotSupported(path.Child("protocol"), protocol, Protocols));
        }

        errors.AddRange(ContainerValidator.PortNumberOrName(port["targetPort"], path.Child("targetPort")));
        if (JsonRead.OptionalText(port["appProtocol"]) is { } appProtocol)
        {
            errors.AddRange(Checks.Each(path.Child("appProtocol"), appProtocol, Names.QualifiedName(appProtocol)));
        }

        return errors;
    }

    private static List<FieldError> ExternalName(JsonObject spec)
    {
        var errors = new List<FieldError>();
        if (JsonRead.HasEntries(spec["clusterIPs"]))
        {
            errors.Add(Checks.Forbidden(SpecPath.Child("clusterIPs"), "may not be set for ExternalName services"));
        }

        if (JsonRead.HasEntries(spec["ipFamilies"]))
        {
            errors.Add(Checks.Forbidden(SpecPath.Child("ipFamilies"), "may not be set for ExternalName services"));
        }

        if (spec["ipFamilyPolicy"] is not null)
        {
            errors.Add(Checks.Forbidden(SpecPath.Child("ipFamilyPolicy"), "may not be set for ExternalName services"));
        }

        var cname = JsonRead.Text(spec["externalName"]).TrimEnd('.');
        errors.AddRange(cname.Length > 0
            ? Checks.Each(SpecPath.Child("externalName"), cname, Names.Dns1123Subdomain(cname))
            : [Checks.Required(SpecPath.Child("externalName"))]);
        return errors;
    }

    private static List<FieldError> SessionAffinity(JsonObject spec)
    {
        var affinity = JsonRead.Text(spec["sessionAffinity"]);
        if (affinity.Length == 0)
        {
            return [Checks.Required(SpecPath.Child("sessionAffinity"))];
        }

        if (affinity is not ("ClientIP" or "None"))
        {
            return [Checks.NotSupported(SpecPath.Child("sessionAffinity"), affinity, "ClientIP", "None")];
        }

        var config = spec["sessionAffinityConfig"];
        if (affinity == "None")
        {
            return config is null ? [] : [Checks.Forbidden(SpecPath.Child("sessionAffinityConfig"), "must not be set when session affinity is None")];
        }

        var timeout = JsonRead.Long(config?["clientIP"]?["timeoutSeconds"]);
        var timeoutPath = SpecPath.Child("sessionAffinityConfig", "clientIP").Child("timeoutSeconds");
        return timeout switch
        {
            null => [Checks.Required(timeoutPath, "when session affinity type is ClientIP")],
            <= 0 or > 86400 => [FieldError.Invalid(timeoutPath, GoValue.Int(timeout.Value), "must be greater than 0 and less than 86400")],
            _ => [],
        };
    }

    // ValidateServiceClusterIPsRelatedFields.
    private static List<FieldError> ClusterIps(JsonObject spec)
    {
        var errors = new List<FieldError>();
        var clusterIp = JsonRead.Text(spec["clusterIP"]);
        var clusterIps = JsonRead.Strings(spec["clusterIPs"]);
        var ipsPath = SpecPath.Child("clusterIPs");
        var rendered = GoValue.StringSlice(spec["clusterIPs"]);
        if (clusterIp.Length > 0)
        {
            if (clusterIps.Count == 0)
            {
                errors.Add(Checks.Required(ipsPath));
            }
            else if (clusterIps[0] != clusterIp)
            {
                errors.Add(FieldError.Invalid(ipsPath, rendered, "first value must match `clusterIP`"));
            }
        }
        else if (clusterIps.Count > 0)
        {
            errors.Add(FieldError.Invalid(ipsPath, rendered, "must be empty when `clusterIP` is not specified"));
        }

        var families = JsonRead.Strings(spec["ipFamilies"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < families.Count; i++)
        {
            if (families[i] is not ("IPv4" or "IPv6"))
            {
                errors.Add(Checks.NotSupported(SpecPath.Child("ipFamilies").Index(i), families[i], "IPv4", "IPv6"));
            }

            if (!seen.Add(families[i]))
            {
                errors.Add(FieldError.Duplicate(SpecPath.Child("ipFamilies").Index(i), GoSyntax.Quote(families[i])));
            }
        }

        if (JsonRead.OptionalText(spec["ipFamilyPolicy"]) is { } policy && policy is not ("SingleStack" or "PreferDualStack" or "RequireDualStack"))
        {
            errors.Add(Checks.NotSupported(SpecPath.Child("ipFamilyPolicy"), policy, "PreferDualStack", "RequireDualStack", "SingleStack"));
        }

        var invalid = false;
        for (var i = 0; i < clusterIps.Count; i++)
        {
            if (i == 0 && clusterIps[i] == "None")
            {
                if (clusterIps.Count > 1)
                {
                    invalid = true;
                    errors.Add(FieldError.Invalid(ipsPath, rendered, "'None' must be the first and only value"));
                }

                continue;
            }

            var messages = Addresses.Ip(clusterIps[i]);
            invalid |= messages.Count > 0;
            errors.AddRange(Checks.Each(ipsPath.Index(i), clusterIps[i], messages));
        }

        if (clusterIps.Count > 2)
        {
            errors.Add(FieldError.Invalid(ipsPath, rendered, "may only hold up to 2 values"));
        }

        if (invalid)
        {
            return errors;
        }

        if (clusterIps.Count > 1 && Addresses.IsIPv6(clusterIps[0]) == Addresses.IsIPv6(clusterIps[1]))
        {
            errors.Add(FieldError.Invalid(ipsPath, rendered, "may specify no more than one IP for each IP family"));
        }

        if (!IsHeadless(spec))
        {
            for (var i = 0; i < Math.Min(clusterIps.Count, families.Count); i++)
            {
                var v6 = Addresses.IsIPv6(clusterIps[i]);
                if (families[i] == "IPv4" && v6)
                {
                    errors.Add(FieldError.Invalid(ipsPath.Index(i), GoSyntax.Quote(clusterIps[i]), $"expected an IPv4 value as indicated by `ipFamilies[{i}]`"));
                }

                if (families[i] == "IPv6" && !v6)
                {
                    errors.Add(FieldError.Invalid(ipsPath.Index(i), GoSyntax.Quote(clusterIps[i]), $"expected an IPv6 value as indicated by `ipFamilies[{i}]`"));
                }
            }
        }

        return errors;
    }

    // Duplicate node ports and ports, each keyed by protocol.
    private static List<FieldError> DuplicatePorts(IReadOnlyList<JsonObject> ports)
    {
        var errors = new List<FieldError>();
        var nodePorts = new HashSet<string>(StringComparer.Ordinal);
        var servicePorts = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var protocol = JsonRead.Text(ports[i]["protocol"]);
            var nodePort = JsonRead.Long(ports[i]["nodePort"]) ?? 0;
            if (nodePort != 0 && !nodePorts.Add($"{protocol}/{nodePort}"))
            {
                errors.Add(FieldError.Duplicate(SpecPath.Child("ports").Index(i).Child("nodePort"), GoValue.Int(nodePort)));
            }
        }

        for (var i = 0; i < ports.Count; i++)
        {
            var protocol = JsonRead.Text(ports[i]["protocol"]);
            var port = JsonRead.Long(ports[i]["port"]) ?? 0;
            if (!servicePorts.Add($"{protocol}/{port}"))
            {
                var key = GoValue.Struct("core.ServicePort", ("Name", "\"\""), ("Protocol", GoSyntax.Quote(protocol)), ("AppProtocol", "(*string)(nil)"),
                    ("Port", GoValue.Int(port)), ("TargetPort", GoValue.IntOrString(null)), ("NodePort", "0"));
                errors.Add(FieldError.Duplicate(SpecPath.Child("ports").Index(i), key));
            }
        }

        return errors;
    }

    private static List<FieldError> SourceRanges(JsonObject spec, string type)
    {
        var ranges = JsonRead.Strings(spec["loadBalancerSourceRanges"]);
        var errors = new List<FieldError>();
        if (ranges.Count == 0)
        {
            return errors;
        }

        var path = SpecPath.Child("LoadBalancerSourceRanges");
        if (type != "LoadBalancer")
        {
            errors.Add(Checks.Forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
        }

        for (var i = 0; i < ranges.Count; i++)
        {
            var value = ranges[i].Trim();
            errors.AddRange(Checks.Each(path.Index(i), value, Addresses.LegacyCidr(value)));
        }

        return errors;
    }

    // validateServiceExternalTrafficPolicy and validateServiceInternalTrafficFieldsValue.
    private static List<FieldError> TrafficPolicies(JsonObject spec, string type)
    {
        var errors = new List<FieldError>();
        var external = JsonRead.Text(spec["externalTrafficPolicy"]);
        var accessible = type is "LoadBalancer" or "NodePort" || (type == "ClusterIP" && JsonRead.HasEntries(spec["externalIPs"]));
        if (!accessible && external.Length > 0)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("externalTrafficPolicy"), GoSyntax.Quote(external), "may only be set for externally-accessible services"));
        }
        else if (accessible && external.Length == 0)
        {
            errors.Add(Checks.Required(SpecPath.Child("externalTrafficPolicy")));
        }
        else if (accessible && external is not ("Cluster" or "Local"))
        {
            errors.Add(Checks.NotSupported(SpecPath.Child("externalTrafficPolicy"), external, "Cluster", "Local"));
        }

        var internalPolicy = JsonRead.OptionalText(spec["internalTrafficPolicy"]);
        if (internalPolicy is null && type is "NodePort" or "LoadBalancer" or "ClusterIP")
        {
            errors.Add(Checks.Required(SpecPath.Child("internalTrafficPolicy")));
        }
        else if (internalPolicy is not null and not ("Cluster" or "Local"))
        {
            errors.Add(Checks.NotSupported(SpecPath.Child("internalTrafficPolicy"), internalPolicy, "Cluster", "Local"));
        }

        return errors;
    }

    // validateUpgradeDowngradeClusterIPs: the primary clusterIP may not change.
    private static List<FieldError> ClusterIpsChange(JsonObject spec, JsonObject oldSpec)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Text(spec["type"]) == "ExternalName" || JsonRead.Text(oldSpec["type"]) == "ExternalName" || (IsHeadless(spec) && IsHeadless(oldSpec)))
        {
            return errors;
        }

        var ips = JsonRead.Strings(spec["clusterIPs"]);
        var oldIps = JsonRead.Strings(oldSpec["clusterIPs"]);
        var rendered = GoValue.StringSlice(spec["clusterIPs"]);
        var path = SpecPath.Child("clusterIPs");
        if (ips.Count == oldIps.Count)
        {
            for (var i = 0; i < oldIps.Count; i++)
            {
                if (oldIps[i] != ips[i])
                {
                    errors.Add(FieldError.Invalid(path.Index(i), rendered, "may not change once set"));
                }
            }
        }
        else if (oldIps.Count > ips.Count)
        {
            if (ips.Count == 0)
            {
                errors.Add(FieldError.Invalid(path.Index(0), rendered, "primary clusterIP can not be unset"));
            }
            else if (ips[0] != oldIps[0])
            {
                errors.Add(FieldError.Invalid(path.Index(0), rendered, "may not change once set"));
            }

            if (ips.Count == 1 && JsonRead.Text(spec["ipFamilyPolicy"]) != "SingleStack")
            {
                errors.Add(FieldError.Invalid(SpecPath.Child("ipFamilyPolicy"), GoValue.Scalar(spec["ipFamilyPolicy"]), "must be set to 'SingleStack' when releasing the secondary clusterIP"));
            }
        }
        else if (oldIps.Count > 0 && ips[0] != oldIps[0])
        {
            errors.Add(FieldError.Invalid(path.Index(0), rendered, "may not change once set"));
        }

        return errors;
    }

    // validateUpgradeDowngradeIPFamilies: the primary family may not change.
    private static List<FieldError> IpFamiliesChange(JsonObject spec, JsonObject oldSpec)
    {
        var errors = new List<FieldError>();
        if (JsonRead.Text(spec["type"]) == "ExternalName" || JsonRead.Text(oldSpec["type"]) == "ExternalName" || IsHeadless(spec) || IsHeadless(oldSpec))
        {
            return errors;
        }

        var families = JsonRead.Strings(spec["ipFamilies"]);
        var oldFamilies = JsonRead.Strings(oldSpec["ipFamilies"]);
        var path = SpecPath.Child("ipFamilies").Index(0);
        if (families.Count == oldFamilies.Count)
        {
            errors.AddRange(oldFamilies.Where((family, i) => family != families[i])
                .Select(_ => FieldError.Invalid(path, GoValue.StringSlice(spec["ipFamilies"]), "may not change once set")));
        }
        else if (oldFamilies.Count > families.Count)
        {
            if (families.Count > 0 && families[0] != oldFamilies[0])
            {
                errors.Add(FieldError.Invalid(path, GoValue.StringSlice(spec["clusterIPs"]), "may not change once set"));
            }

            if (families.Count == 1 && JsonRead.Text(spec["ipFamilyPolicy"]) != "SingleStack")
            {
                errors.Add(FieldError.Invalid(SpecPath.Child("ipFamilyPolicy"), GoValue.Scalar(spec["ipFamilyPolicy"]), "must be set to 'SingleStack' when releasing the secondary ipFamily"));
            }
        }
        else if (oldFamilies.Count > 0 && families.Count > 0 && families[0] != oldFamilies[0])
        {
            errors.Add(FieldError.Invalid(path, GoValue.StringSlice(spec["clusterIPs"]), "may not change once set"));
        }

        return errors;
    }

    private static bool IsHeadless(JsonObject spec) => JsonRead.Strings(spec["clusterIPs"]) is [ "None" ];
}
