using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidateService / ValidateServiceUpdate, cases after pkg/apis/core/validation/validation_test.go.</summary>
public sealed class ServiceValidationTests : ValidationTest
{
    private static JsonObject Service => Json("""
        {'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},
         'spec':{'selector':{'app':'web'},'ports':[{'name':'http','port':80,'targetPort':'http'}]}}
        """);

    [Theory]
    [InlineData("{}")]
    [InlineData("{'spec':{'type':'NodePort','ports':[{'name':'http','port':80,'targetPort':8080,'nodePort':30080}]}}")]
    [InlineData("{'spec':{'type':'LoadBalancer'}}")]
    [InlineData("{'spec':{'clusterIP':'None'}}")]
    [InlineData("{'spec':{'sessionAffinity':'ClientIP'}}")]
    [InlineData("{'spec':{'ports':[{'name':'http','port':80,'appProtocol':'https'},{'name':'metrics','port':9090,'protocol':'UDP'}]}}")]
    [InlineData("{'spec':{'type':'ExternalName','externalName':'db.example.com.','selector':null,'ports':null}}")]
    public async Task Accepts_ValidService(string patch) => await CreateAsync(With(Service, patch));

    [Theory]
    [InlineData("{'metadata':{'name':'1web'}}", "metadata.name",
        "Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("{'spec':{'ports':[]}}", "spec.ports", "Required value")]
    [InlineData("{'spec':{'ports':[{'port':80},{'port':81}]}}", "spec.ports[0].name", "Required value")]
    [InlineData("{'spec':{'ports':[{'name':'http','port':80},{'name':'http','port':81}]}}", "spec.ports[1].name", "Duplicate value: \"http\"")]
    [InlineData("{'spec':{'ports':[{'name':'HTTP','port':80}]}}", "spec.ports[0].name",
        "Invalid value: \"HTTP\": " + Messages.Dns1123Label)]
    [InlineData("{'spec':{'ports':[{'name':'http','port':0,'targetPort':80}]}}", "spec.ports[0].port", "Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("{'spec':{'ports':[{'name':'http','port':80,'protocol':'HTTP'}]}}", "spec.ports[0].protocol", "Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("{'spec':{'ports':[{'name':'http','port':80,'targetPort':'Http'}]}}", "spec.ports[0].targetPort",
        "Invalid value: \"Http\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("{'spec':{'ports':[{'name':'a','port':80},{'name':'b','port':80}]}}", "spec.ports[1]",
        "Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}")]
    [InlineData("{'spec':{'type':'Internal'}}", "spec.type", "Unsupported value: \"Internal\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"")]
    [InlineData("{'spec':{'ports':[{'name':'http','port':80,'nodePort':30080}]}}", "spec.ports[0].nodePort", "Forbidden: may not be used when `type` is 'ClusterIP'")]
    [InlineData("{'spec':{'type':'NodePort','ports':[{'name':'a','port':80,'nodePort':30080},{'name':'b','port':81,'nodePort':30080}]}}", "spec.ports[1].nodePort", "Duplicate value: 30080")]
    [InlineData("{'spec':{'selector':{'app':'web!'}}}", "spec.selector",
        "Invalid value: \"web!\": " + Messages.LabelValue)]
    [InlineData("{'spec':{'sessionAffinity':'Sticky'}}", "spec.sessionAffinity", "Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"")]
    [InlineData("{'spec':{'externalTrafficPolicy':'Local'}}", "spec.externalTrafficPolicy", "Invalid value: \"Local\": may only be set for externally-accessible services")]
    [InlineData("{'spec':{'type':'NodePort','externalTrafficPolicy':'Nearest'}}", "spec.externalTrafficPolicy", "Unsupported value: \"Nearest\": supported values: \"Cluster\", \"Local\"")]
    [InlineData("{'spec':{'type':'ExternalName','ports':null}}", "spec.externalName", "Required value")]
    [InlineData("{'spec':{'type':'NodePort','clusterIP':'None'}}", "spec.clusterIPs[0]", "Invalid value: \"None\": may not be set to 'None' for NodePort services")]
    [InlineData("{'spec':{'clusterIP':'10.96.0.300'}}", "spec.clusterIPs[0]", "Invalid value: \"10.96.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("{'spec':{'clusterIP':'10.96.0.10','clusterIPs':['10.96.0.11']}}", "spec.clusterIPs", "Invalid value: []string{\"10.96.0.11\"}: first value must match `clusterIP`")]
    [InlineData("{'spec':{'type':'LoadBalancer','loadBalancerSourceRanges':['10.0.0.0/40']}}", "spec.LoadBalancerSourceRanges[0]",
        "Invalid value: \"10.0.0.0/40\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    public async Task Rejects_InvalidService(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Service, patch)), field, message);

    [Fact]
    public async Task Rejects_ServiceClusterIpChange()
    {
        var created = await CreateAsync(Service);
        var allocated = created["spec"]!["clusterIP"]!.GetValue<string>();
        var changed = With(created, "{'spec':{'clusterIP':'10.96.99.99'}}");
        var status = await InvalidAsync(() => ReplaceAsync(changed), "spec.clusterIPs[0]", "Invalid value: []string{\"10.96.99.99\"}: may not change once set");
        Assert.StartsWith("Service \"web\" is invalid: ", status.Message, StringComparison.Ordinal);

        // Omitting the clusterIP keeps the allocated one, as the real server patches it back.
        var kept = await ReplaceAsync(With(created, "{'spec':{'clusterIP':null,'clusterIPs':null}}"));
        Assert.Equal(allocated, kept["spec"]!["clusterIP"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rejects_ServiceIpFamilyChange()
    {
        var created = await CreateAsync(Service);
        await InvalidAsync(() => ReplaceAsync(With(created, "{'spec':{'ipFamilies':['IPv6']}}")), "spec.ipFamilies[0]",
            "Invalid value: []string{\"IPv6\"}: may not change once set");
    }

    [Fact]
    public async Task Defaults_TrafficPolicies_ForExternallyAccessibleServices()
    {
        var created = await CreateAsync(With(Service, "{'spec':{'type':'LoadBalancer'}}"));
        Assert.Equal("Cluster", created["spec"]!["externalTrafficPolicy"]!.GetValue<string>());
        Assert.Equal("Cluster", created["spec"]!["internalTrafficPolicy"]!.GetValue<string>());
        Assert.True(created["spec"]!["allocateLoadBalancerNodePorts"]!.GetValue<bool>());
    }
}
