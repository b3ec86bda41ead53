using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidateDeployment / ValidateDeploymentUpdate, cases after pkg/apis/apps/validation/validation_test.go.</summary>
public sealed class DeploymentValidationTests : ValidationTest
{
    private static JsonObject Deployment => Json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
         'spec':{'selector':{'matchLabels':{'app':'web'}},
                 'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'main','image':'runtime:1'}]}}}}
        """);

    [Theory]
    [InlineData("{}")]
    [InlineData("{'metadata':{'name':'web.v1'}}")]
    [InlineData("{'spec':{'strategy':{'type':'Recreate'}}}")]
    [InlineData("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'50%','maxUnavailable':0}}}}")]
    [InlineData("{'spec':{'selector':{'matchLabels':null,'matchExpressions':[{'key':'app','operator':'In','values':['web','api']}]}}}")]
    [InlineData("{'spec':{'replicas':0,'minReadySeconds':10,'progressDeadlineSeconds':11}}")]
    public async Task Accepts_ValidDeployment(string patch) => await CreateAsync(With(Deployment, patch));

    [Theory]
    [InlineData("{'metadata':{'name':'Web'}}", "metadata.name",
        "Invalid value: \"Web\": " + Messages.Dns1123Subdomain)]
    [InlineData("{'spec':{'replicas':-1}}", "spec.replicas", "Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("{'spec':{'selector':null}}", "spec.selector", "Required value")]
    [InlineData("{'spec':{'selector':{'matchLabels':null}}}", "spec.selector",
        "Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment")]
    [InlineData("{'spec':{'selector':{'matchLabels':{'app':'other'}}}}", "spec.template.metadata.labels",
        "Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`")]
    [InlineData("{'spec':{'selector':{'matchLabels':{'app':'-web'}}}}", "spec.selector.matchLabels",
        "Invalid value: \"-web\": " + Messages.LabelValue)]
    [InlineData("{'spec':{'selector':{'matchLabels':null,'matchExpressions':[{'key':'app','operator':'In'}]}}}", "spec.selector.matchExpressions[0].values",
        "Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData("{'spec':{'strategy':{'type':'Recreate','rollingUpdate':{'maxSurge':1}}}}", "spec.strategy.rollingUpdate",
        "Forbidden: may not be specified when strategy `type` is 'Recreate'")]
    [InlineData("{'spec':{'strategy':{'type':'BlueGreen'}}}", "spec.strategy",
        "Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: \"Recreate\", \"RollingUpdate\"")]
    [InlineData("{'spec':{'strategy':{'rollingUpdate':{'maxSurge':0,'maxUnavailable':0}}}}", "spec.strategy.rollingUpdate.maxUnavailable",
        "Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0")]
    [InlineData("{'spec':{'strategy':{'rollingUpdate':{'maxUnavailable':'120%'}}}}", "spec.strategy.rollingUpdate.maxUnavailable",
        "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"120%\"}: must not be greater than 100%")]
    [InlineData("{'spec':{'strategy':{'rollingUpdate':{'maxSurge':'half'}}}}", "spec.strategy.rollingUpdate.maxSurge",
        "Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"half\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    [InlineData("{'spec':{'strategy':{'rollingUpdate':{'maxSurge':-1}}}}", "spec.strategy.rollingUpdate.maxSurge", "Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("{'spec':{'minReadySeconds':30,'progressDeadlineSeconds':30}}", "spec.progressDeadlineSeconds", "Invalid value: 30: must be greater than minReadySeconds")]
    [InlineData("{'spec':{'revisionHistoryLimit':-1}}", "spec.revisionHistoryLimit", "Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("{'spec':{'template':{'spec':{'restartPolicy':'Never'}}}}", "spec.template.spec.restartPolicy", "Unsupported value: \"Never\": supported values: \"Always\"")]
    [InlineData("{'spec':{'template':{'spec':{'activeDeadlineSeconds':60}}}}", "spec.template.spec.activeDeadlineSeconds", "Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported")]
    [InlineData("{'spec':{'template':{'metadata':{'labels':{'app':'web','bad key':'x'}}}}}", "spec.template.labels",
        "Invalid value: \"bad key\": " + Messages.LabelKeyName)]
    public async Task Rejects_InvalidDeployment(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Deployment, patch)), field, message);

    [Fact]
    public async Task Rejects_AllErrorsAtOnce_InTheServersMessageForm()
    {
        var status = await InvalidAsync(() => CreateAsync(With(Deployment, "{'spec':{'replicas':-1,'strategy':{'type':'Recreate','rollingUpdate':{}}}}")),
            "spec.replicas", "Invalid value: -1: must be greater than or equal to 0");
        Assert.Equal(2, status.Details.Causes.Count);
        Assert.Equal("Deployment.apps \"web\" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, " +
            "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate']", status.Message);
        Assert.Equal(("web", "apps", "Deployment"), (status.Details.Name, status.Details.Group, status.Details.Kind));
    }

    [Fact]
    public async Task Rejects_DeploymentSelectorChange()
    {
        await CreateAsync(Deployment);
        var changed = With(Deployment, "{'spec':{'selector':{'matchLabels':{'app':'web2'}},'template':{'metadata':{'labels':{'app':'web2'}}}}}");
        var status = await InvalidAsync(() => ReplaceAsync(changed), "spec.selector",
            "Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable");
        Assert.Equal("Deployment.apps \"web\" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"}, " +
            "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable", status.Message);
    }

    [Fact]
    public async Task Rejects_PatchTurningRollingUpdateIntoRecreate_WithoutDroppingRollingUpdate()
    {
        await CreateAsync(Deployment);
        await InvalidAsync(() => PatchAsync(Deployment, "{'spec':{'strategy':{'type':'Recreate'}}}"), "spec.strategy.rollingUpdate",
            "Forbidden: may not be specified when strategy `type` is 'Recreate'");
        var switched = await PatchAsync(Deployment, "{'spec':{'strategy':{'type':'Recreate','rollingUpdate':null}}}");
        Assert.Equal("Recreate", switched["spec"]!["strategy"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Defaults_StrategyAndPodTemplate_AsTheRealServer()
    {
        var created = await CreateAsync(Deployment);
        var spec = created["spec"]!;
        Assert.Equal("25%", spec["strategy"]!["rollingUpdate"]!["maxSurge"]!.GetValue<string>());
        Assert.Equal("ClusterFirst", spec["template"]!["spec"]!["dnsPolicy"]!.GetValue<string>());
        Assert.Equal(30, spec["template"]!["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>());
        var container = spec["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("IfNotPresent", container["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("File", container["terminationMessagePolicy"]!.GetValue<string>());
    }
}
