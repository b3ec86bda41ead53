using System.Text.Json.Nodes;
using static NasAssistant.FakeKube.Tests.TestSupport.TestCrds;

namespace NasAssistant.FakeKube.Tests.Crd;

/// <summary>The rest of ValidateCustomResourceDefinitionSpec: group, scope, names, versions, printer columns, subresources, conversion.</summary>
public sealed class CrdSpecTests
{
    private const string Schema = """{"type":"object","properties":{"spec":{"type":"object","properties":{"replicas":{"type":"integer"}}},"status":{"type":"object","properties":{"replicas":{"type":"integer"},"selector":{"type":"string"}}}}}""";

    private static JsonObject Crd(Action<JsonObject> change)
    {
        var crd = WithSchema(Schema);
        change(crd);
        return crd;
    }

    private static JsonObject Spec(JsonObject crd) => crd["spec"]!.AsObject();

    private static JsonObject Version(JsonObject crd) => crd["spec"]!["versions"]![0]!.AsObject();

    public static TheoryData<string, Action<JsonObject>, string[]> Refused() => new()
    {
        {
            "group without a dot", c => { Spec(c)["group"] = "example"; c["metadata"]!["name"] = "widgets.example"; },
            ["spec.group: Invalid value: \"example\": should be a domain with at least one dot"]
        },
        {
            "scope", c => Spec(c)["scope"] = "Global",
            ["spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\""]
        },
        {
            "name not plural.group", c => c["metadata"]!["name"] = "gadgets.example.com",
            ["metadata.name: Invalid value: \"gadgets.example.com\": must be spec.names.plural+\".\"+spec.group"]
        },
        {
            "kind equal to listKind", c => Spec(c)["names"]!["listKind"] = "Widget",
            ["spec.names.listKind: Invalid value: \"Widget\": kind and listKind may not be the same"]
        },
        {
            "short name", c => Spec(c)["names"]!["shortNames"] = new JsonArray("w_d"),
            ["spec.names.shortNames[0]: Invalid value: \"w_d\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
        },
        {
            "no storage version", c => Version(c)["storage"] = false,
            ["spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version"]
        },
        {
            "version name", c => Version(c)["name"] = "V1",
            ["spec.versions[0].name: Invalid value: \"V1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"]
        },
        {
            "deprecation warning on a current version", c => Version(c)["deprecationWarning"] = "old",
            ["spec.versions[0].deprecationWarning: Invalid value: \"old\": can only be set for deprecated versions"]
        },
        {
            "no schema", c => Version(c).Remove("schema"),
            ["spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required"]
        },
        {
            "printer column type and path", c => Version(c)["additionalPrinterColumns"] = JsonNode.Parse("""[{"name":"Replicas","type":"int","jsonPath":"spec.replicas"}]"""),
            [
                "spec.additionalPrinterColumns[0].type: Invalid value: \"int\": must be one of boolean,date,integer,number,string",
                "spec.additionalPrinterColumns[0].JSONPath: Invalid value: \"spec.replicas\": must be a simple json path starting with .",
            ]
        },
        {
            "printer column without name, path or known format", c => Version(c)["additionalPrinterColumns"] = JsonNode.Parse("""[{"type":"integer","format":"big"}]"""),
            [
                "spec.additionalPrinterColumns[0].name: Required value",
                "spec.additionalPrinterColumns[0].format: Invalid value: \"big\": must be one of byte,date,date-time,double,float,int32,int64,password",
                "spec.additionalPrinterColumns[0].JSONPath: Required value",
            ]
        },
        {
            "scale paths", c => Version(c)["subresources"] = JsonNode.Parse("""{"scale":{"specReplicasPath":".status.replicas","statusReplicasPath":"","labelSelectorPath":".metadata.labels"}}"""),
            [
                "spec.subresources.scale.specReplicasPath: Invalid value: \".status.replicas\": should be a json path under .spec",
                "spec.subresources.scale.statusReplicasPath: Required value",
                "spec.subresources.scale.labelSelectorPath: Invalid value: \".metadata.labels\": should be a json path under either .spec or .status",
            ]
        },
        {
            "preserveUnknownFields", c => Spec(c)["preserveUnknownFields"] = true,
            ["spec.preserveUnknownFields: Invalid value: true: cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"]
        },
        {
            "conversion strategy", c => Spec(c)["conversion"] = new JsonObject { ["strategy"] = "Magic" },
            ["spec.conversion.strategy: Unsupported value: \"Magic\": supported values: \"None\", \"Webhook\""]
        },
        {
            "selectable field in metadata", c => Version(c)["selectableFields"] = JsonNode.Parse("""[{"jsonPath":".spec.replicas"},{"jsonPath":".spec.nope"}]"""),
            ["spec.versions[0].selectableFields[1].jsonPath: Invalid value: \".spec.nope\": is an invalid path: does not refer to a valid field"]
        },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_InvalidSpecs(string change, Action<JsonObject> apply, string[] problems)
    {
        Assert.NotEmpty(change);
        Assert.Equal(problems, Problems(Crd(apply)));
    }

    [Fact]
    public void Accepts_AComplete_CrdAndFillsTheV1Defaults()
    {
        var crd = Crd(c => Version(c)["subresources"] = JsonNode.Parse("""{"status":{},"scale":{"specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas","labelSelectorPath":".status.selector"}}"""));

        Assert.Empty(Problems(crd));
        Assert.Equal("widget", crd["spec"]!["names"]!["singular"]!.GetValue<string>());
        Assert.Equal("WidgetList", crd["spec"]!["names"]!["listKind"]!.GetValue<string>());
        Assert.Equal("None", crd["spec"]!["conversion"]!["strategy"]!.GetValue<string>());
    }

    [Fact]
    public void Names_EachVersionsOwnSchema_WhenVersionsDiffer()
    {
        var crd = WithSchema("""{"type":"object","properties":{"a":{}}}""");
        var second = Version(crd).DeepClone().AsObject();
        second["name"] = "v2";
        second["storage"] = false;
        second["schema"] = JsonNode.Parse("""{"openAPIV3Schema":{"type":"object","properties":{"b":{"type":"string"}}}}""");
        crd["spec"]!["versions"]!.AsArray().Add(second);

        Assert.Equal(["spec.versions[0].schema.openAPIV3Schema.properties[a].type: Required value: must not be empty for specified object fields"], Problems(crd));
    }
}
