using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidateNetworkPolicy, cases after pkg/apis/networking/validation/validation_test.go.</summary>
public sealed class NetworkPolicyValidationTests : ValidationTest
{
    private static JsonObject Policy => Json("""
        {'apiVersion':'networking.k8s.io/v1','kind':'NetworkPolicy','metadata':{'name':'web'},
         'spec':{'podSelector':{'matchLabels':{'app':'web'}},'policyTypes':['Ingress','Egress']}}
        """);

    [Theory]
    // The policy the operator writes, in shape.
    [InlineData("""
        {'spec':{'ingress':[{'from':[{'ipBlock':{'cidr':'192.168.0.0/16','except':['192.168.1.0/24']}},{'namespaceSelector':{'matchLabels':{'kubernetes.io/metadata.name':'apps'}}}],'ports':[{'protocol':'TCP','port':'api'}]},
                            {'from':[{'namespaceSelector':{'matchLabels':{'kubernetes.io/metadata.name':'monitoring'}}}],'ports':[{'port':'metrics'}]}],
                 'egress':[{'to':[{'namespaceSelector':{}}],'ports':[{'protocol':'UDP','port':53},{'protocol':'TCP','port':53}]},{'to':[{'ipBlock':{'cidr':'10.0.0.0/8'}}]}]}}
        """)]
    [InlineData("{'spec':{'ingress':[{'ports':[{'port':8000,'endPort':8100}]}]}}")]
    [InlineData("{'spec':{'ingress':[{'from':[{'podSelector':{'matchLabels':{'app':'a'}},'namespaceSelector':{'matchLabels':{'team':'b'}}}]}]}}")]
    [InlineData("{'spec':{'podSelector':{},'policyTypes':null}}")]
    public async Task Accepts_ValidNetworkPolicy(string patch) => await CreateAsync(With(Policy, patch));

    [Theory]
    [InlineData("{'spec':{'ingress':[{'ports':[{'port':0}]}]}}", "spec.ingress[0].ports[0].port", "Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("{'spec':{'ingress':[{'ports':[{'port':'Web'}]}]}}", "spec.ingress[0].ports[0].port", "Invalid value: \"Web\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("{'spec':{'ingress':[{'ports':[{'protocol':'ICMP','port':80}]}]}}", "spec.ingress[0].ports[0].protocol", "Unsupported value: \"ICMP\": supported values: \"TCP\", \"UDP\", \"SCTP\"")]
    [InlineData("{'spec':{'ingress':[{'ports':[{'port':8100,'endPort':8000}]}]}}", "spec.ingress[0].ports[0].endPort", "Invalid value: 8000: must be greater than or equal to `port`")]
    [InlineData("{'spec':{'ingress':[{'ports':[{'port':'api','endPort':8000}]}]}}", "spec.ingress[0].ports[0].endPort", "Invalid value: 8000: may not be specified when `port` is non-numeric")]
    [InlineData("{'spec':{'ingress':[{'from':[{}]}]}}", "spec.ingress[0].from[0]", "Required value: must specify a peer")]
    [InlineData("{'spec':{'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/8'},'podSelector':{}}]}]}}", "spec.egress[0].to[0]", "Forbidden: may not specify both ipBlock and another peer")]
    [InlineData("{'spec':{'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/33'}}]}]}}", "spec.egress[0].to[0].ipBlock.cidr",
        "Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    [InlineData("{'spec':{'egress':[{'to':[{'ipBlock':{'cidr':''}}]}]}}", "spec.egress[0].to[0].ipBlock.cidr", "Required value")]
    [InlineData("{'spec':{'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/8','except':['11.0.0.0/16']}}]}]}}", "spec.egress[0].to[0].ipBlock.except[0]",
        "Invalid value: \"11.0.0.0/16\": must be a strict subset of `cidr`")]
    [InlineData("{'spec':{'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/8','except':['10.0.0.0/8']}}]}]}}", "spec.egress[0].to[0].ipBlock.except[0]",
        "Invalid value: \"10.0.0.0/8\": must be a strict subset of `cidr`")]
    [InlineData("{'spec':{'policyTypes':['Both']}}", "spec.policyTypes[0]", "Unsupported value: \"Both\": supported values: \"Ingress\", \"Egress\"")]
    [InlineData("{'spec':{'podSelector':{'matchExpressions':[{'key':'app','operator':'Exists','values':['x']}]}}}", "spec.podSelector.matchExpressions[0].values",
        "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")]
    public async Task Rejects_InvalidNetworkPolicy(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Policy, patch)), field, message);

    [Fact]
    public async Task Defaults_PolicyTypesAndPortProtocol()
    {
        var created = await CreateAsync(With(Policy, "{'spec':{'policyTypes':null,'egress':[{'ports':[{'port':53}]}]}}"));
        Assert.Equal(["Ingress", "Egress"], created["spec"]!["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("TCP", created["spec"]!["egress"]![0]!["ports"]![0]!["protocol"]!.GetValue<string>());
    }
}
