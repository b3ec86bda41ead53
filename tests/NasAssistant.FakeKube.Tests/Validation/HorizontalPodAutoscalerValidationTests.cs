using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidateHorizontalPodAutoscaler (autoscaling/v2), cases after pkg/apis/autoscaling/validation/validation_test.go.</summary>
public sealed class HorizontalPodAutoscalerValidationTests : ValidationTest
{
    private static JsonObject Autoscaler => Json("""
        {'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},
         'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':3,
                 'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':70}}}]}}
        """);

    [Theory]
    [InlineData("{}")]
    [InlineData("{'spec':{'behavior':{'scaleDown':{'stabilizationWindowSeconds':300}}}}")]
    [InlineData("{'spec':{'metrics':[{'type':'Pods','pods':{'metric':{'name':'requests'},'target':{'type':'AverageValue','averageValue':'10'}}}]}}")]
    [InlineData("{'spec':{'metrics':[{'type':'ContainerResource','containerResource':{'name':'memory','container':'runtime','target':{'type':'AverageValue','averageValue':'1Gi'}}}]}}")]
    [InlineData("{'spec':{'metrics':null,'minReplicas':null}}")]
    public async Task Accepts_ValidAutoscaler(string patch) => await CreateAsync(With(Autoscaler, patch));

    [Theory]
    [InlineData("{'spec':{'minReplicas':0}}", "spec.minReplicas", "Invalid value: 0: must be greater than or equal to 1")]
    [InlineData("{'spec':{'maxReplicas':0,'minReplicas':null}}", "spec.maxReplicas", "Invalid value: 0: must be greater than 0")]
    [InlineData("{'spec':{'minReplicas':4}}", "spec.maxReplicas", "Invalid value: 3: must be greater than or equal to `minReplicas`")]
    [InlineData("{'spec':{'scaleTargetRef':{'name':''}}}", "spec.scaleTargetRef.name", "Required value")]
    [InlineData("{'spec':{'scaleTargetRef':{'name':'a/b'}}}", "spec.scaleTargetRef.name", "Invalid value: \"a/b\": may not contain '/'")]
    [InlineData("{'spec':{'metrics':[{'type':'Memory'}]}}", "spec.metrics[0].type",
        "Unsupported value: \"Memory\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"")]
    [InlineData("{'spec':{'metrics':[{'type':'Pods'}]}}", "spec.metrics[0].pods", "Required value: must populate information for the given metric source")]
    [InlineData("{'spec':{'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':0}}}]}}",
        "spec.metrics[0].resource.target.averageUtilization", "Invalid value: 0: must be greater than 0")]
    [InlineData("{'spec':{'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Average'}}}]}}",
        "spec.metrics[0].resource.target.type", "Invalid value: \"Average\": must be either Utilization, Value, or AverageValue")]
    [InlineData("{'spec':{'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization'}}}]}}",
        "spec.metrics[0].resource.target.averageUtilization", "Required value: must set either a target raw value or a target utilization")]
    [InlineData("{'spec':{'metrics':[{'type':'Pods','pods':{'metric':{'name':'rps'},'target':{'type':'AverageValue','averageValue':'-1'}}}]}}",
        "spec.metrics[0].pods.target.averageValue", "Invalid value: -1: must be positive")]
    [InlineData("{'spec':{'behavior':{'scaleDown':{'stabilizationWindowSeconds':4000}}}}", "spec.behavior.scaleDown.stabilizationWindowSeconds",
        "Invalid value: 4000: must be less than or equal to 3600")]
    [InlineData("{'spec':{'behavior':{'scaleUp':{'selectPolicy':'Avg'}}}}", "spec.behavior.scaleUp.selectPolicy", "Unsupported value: \"Avg\": supported values: \"Disabled\", \"Max\", \"Min\"")]
    [InlineData("{'spec':{'behavior':{'scaleUp':{'policies':[]}}}}", "spec.behavior.scaleUp.policies", "Required value: must specify at least one Policy")]
    [InlineData("{'spec':{'behavior':{'scaleUp':{'policies':[{'type':'Pods','value':1,'periodSeconds':0}]}}}}", "spec.behavior.scaleUp.policies[0].periodSeconds",
        "Invalid value: 0: must be greater than zero")]
    [InlineData("{'spec':{'behavior':{'scaleDown':{'policies':[{'type':'Nodes','value':1,'periodSeconds':60}]}}}}", "spec.behavior.scaleDown.policies[0].type",
        "Unsupported value: \"Nodes\": supported values: \"Percent\", \"Pods\"")]
    public async Task Rejects_InvalidAutoscaler(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Autoscaler, patch)), field, message);

    [Fact]
    public async Task Defaults_ScalingRules_OnceABehaviorIsSet()
    {
        var created = await CreateAsync(With(Autoscaler, "{'spec':{'behavior':{'scaleDown':{'stabilizationWindowSeconds':120}}}}"));
        var behavior = created["spec"]!["behavior"]!;
        Assert.Equal(120, behavior["scaleDown"]!["stabilizationWindowSeconds"]!.GetValue<int>());
        Assert.Equal("Max", behavior["scaleDown"]!["selectPolicy"]!.GetValue<string>());
        Assert.Equal("Percent", behavior["scaleDown"]!["policies"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(0, behavior["scaleUp"]!["stabilizationWindowSeconds"]!.GetValue<int>());
        Assert.Equal(2, behavior["scaleUp"]!["policies"]!.AsArray().Count);
    }
}
