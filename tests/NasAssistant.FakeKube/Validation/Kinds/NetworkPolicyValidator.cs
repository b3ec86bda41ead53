using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Errors;

namespace NasAssistant.FakeKube.Validation.Kinds;

/// <summary>
/// networking.k8s.io/v1 NetworkPolicy: ValidateNetworkPolicy, ValidateNetworkPolicyPort,
/// ValidateNetworkPolicyPeer and ValidateIPBlock (pkg/apis/networking/validation/validation.go).
/// CIDRs get the legacy, non-strict parsing.
/// </summary>
internal sealed class NetworkPolicyValidator() : SpecValidator(Names.NameIsDnsSubdomain)
{
    // ValidateNetworkPolicySpec.
    protected override List<FieldError> Spec(JsonObject spec, JsonObject? oldSpec)
    {
        var errors = LabelSelectorValidator.Validate(spec["podSelector"] as JsonObject ?? new JsonObject(), SpecPath.Child("podSelector")).ToList();
        foreach (var (direction, peers) in new[] { ("ingress", "from"), ("egress", "to") })
        {
            var rules = JsonRead.Objects(spec[direction]);
            for (var i = 0; i < rules.Count; i++)
            {
                var rulePath = SpecPath.Child(direction).Index(i);
                var ports = JsonRead.Objects(rules[i]["ports"]);
                for (var j = 0; j < ports.Count; j++)
                {
                    errors.AddRange(Port(ports[j], rulePath.Child("ports").Index(j)));
                }

                var list = JsonRead.Objects(rules[i][peers]);
                for (var j = 0; j < list.Count; j++)
                {
                    errors.AddRange(Peer(list[j], rulePath.Child(peers).Index(j)));
                }
            }
        }

        var types = JsonRead.Strings(spec["policyTypes"]);
        if (types.Count > 2)
        {
            errors.Add(FieldError.Invalid(SpecPath.Child("policyTypes"), GoValue.StringSlice(spec["policyTypes"]), "may not specify more than two policyTypes"));
            return errors;
        }

        for (var i = 0; i < types.Count; i++)
        {
            if (types[i] is not ("Ingress" or "Egress"))
            {
                errors.Add(Checks.NotSupported(SpecPath.Child("policyTypes").Index(i), types[i], "Ingress", "Egress"));
            }
        }

        return errors;
    }

    // ValidateNetworkPolicyPort.
    private static List<FieldError> Port(JsonObject port, FieldPath path)
    {
        var errors = new List<FieldError>();
        if (JsonRead.OptionalText(port["protocol"]) is { } protocol && protocol is not ("TCP" or "UDP" or "SCTP"))
        {
            errors.Add(Checks.NotSupported(path.Child("protocol"), protocol, "TCP", "UDP", "SCTP"));
        }

        var endPort = JsonRead.Long(port["endPort"]);
        if (port["port"] is null)
        {
            if (endPort is { } end)
            {
                errors.Add(FieldError.Invalid(path.Child("endPort"), GoValue.Int(end), "may not be specified when `port` is not specified"));
            }
        }
        else if (JsonRead.IsString(port["port"]))
        {
            if (endPort is { } end)
            {
                errors.Add(FieldError.Invalid(path.Child("endPort"), GoValue.Int(end), "may not be specified when `port` is non-numeric"));
            }

            var name = JsonRead.Text(port["port"]);
            errors.AddRange(Checks.Each(path.Child("port"), name, Names.PortName(name)));
        }
        else
        {
            var number = JsonRead.Long(port["port"]) ?? 0;
            errors.AddRange(Names.PortNumber(number).Select(m => FieldError.Invalid(path.Child("port"), GoValue.Int(number), m)));
            if (endPort is { } end)
            {
                if (end < number)
                {
                    errors.Add(FieldError.Invalid(path.Child("endPort"), GoValue.Int(end), "must be greater than or equal to `port`"));
                }

                errors.AddRange(Names.PortNumber(end).Select(m => FieldError.Invalid(path.Child("endPort"), GoValue.Int(end), m)));
            }
        }

        return errors;
    }

    // ValidateNetworkPolicyPeer: a peer, and an ipBlock only on its own.
    private static List<FieldError> Peer(JsonObject peer, FieldPath path)
    {
        var errors = new List<FieldError>();
        var count = 0;
        foreach (var selector in new[] { "podSelector", "namespaceSelector" })
        {
            if (peer[selector] is JsonObject labelSelector)
            {
                count++;
                errors.AddRange(LabelSelectorValidator.Validate(labelSelector, path.Child(selector)));
            }
        }

        var ipBlock = peer["ipBlock"] as JsonObject;
        if (ipBlock is not null)
        {
            count++;
            errors.AddRange(IpBlock(ipBlock, path.Child("ipBlock")));
        }

        if (count == 0)
        {
            errors.Add(Checks.Required(path, "must specify a peer"));
        }
        else if (count > 1 && ipBlock is not null)
        {
            errors.Add(Checks.Forbidden(path, "may not specify both ipBlock and another peer"));
        }

        return errors;
    }

    // ValidateIPBlock: a CIDR, and exceptions strictly inside it.
    private static List<FieldError> IpBlock(JsonObject block, FieldPath path)
    {
        var cidr = JsonRead.Text(block["cidr"]);
        if (cidr.Length == 0)
        {
            return [Checks.Required(path.Child("cidr"))];
        }

        var errors = Checks.Each(path.Child("cidr"), cidr, Addresses.LegacyCidr(cidr)).ToList();
        if (errors.Count > 0)
        {
            return errors;
        }

        var except = JsonRead.Strings(block["except"]);
        for (var i = 0; i < except.Count; i++)
        {
            var exceptPath = path.Child("except").Index(i);
            var messages = Addresses.LegacyCidr(except[i]);
            errors.AddRange(Checks.Each(exceptPath, except[i], messages));
            if (messages.Count == 0 && !Addresses.StrictlyInside(except[i], cidr))
            {
                errors.Add(FieldError.Invalid(exceptPath, GoSyntax.Quote(except[i]), "must be a strict subset of `cidr`"));
            }
        }

        return errors;
    }
}
