using System.Net;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>Quantities in built-in kinds: stored as resource.Quantity serialises them, refused as its decoding refuses them.</summary>
public sealed class QuantityDecodingTests : ValidationTest
{
    private const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private static JsonObject Deployment(string cpu) => Json("""
        {'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},
         'spec':{'selector':{'matchLabels':{'app':'web'}},
                 'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'main','image':'runtime:1','resources':{'requests':{'cpu':'CPU'}}}]}}}}
        """.Replace("CPU", cpu, StringComparison.Ordinal));

    private static JsonObject Claim(string storage) => Json("""
        {'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'data'},
         'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'STORAGE'}}}}
        """.Replace("STORAGE", storage, StringComparison.Ordinal));

    [Theory]
    [InlineData("0.5", "500m")]
    [InlineData("2000m", "2")]
    [InlineData("100m", "100m")]
    [InlineData("1e3", "1e3")]
    [InlineData("0.1m", "1m")]
    [InlineData(" 2 ", "2")]
    public async Task Stores_ContainerResources_InCanonicalForm(string written, string stored)
    {
        var created = await CreateAsync(Deployment(written));
        Assert.Equal(stored, created["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("10G", "10G")]
    public async Task Stores_ClaimStorage_InCanonicalForm(string written, string stored)
    {
        var created = await CreateAsync(Claim(written));
        Assert.Equal(stored, created["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stores_EmptyDirSizeLimit_AndAutoscalerTargets_InCanonicalForm()
    {
        var deployment = With(Deployment("1"), "{'spec':{'template':{'spec':{'volumes':[{'name':'tmp','emptyDir':{'sizeLimit':'0.5Gi'}}]}}}}");
        var created = await CreateAsync(deployment);
        Assert.Equal("512Mi", created["spec"]!["template"]!["spec"]!["volumes"]![0]!["emptyDir"]!["sizeLimit"]!.GetValue<string>());

        var autoscaler = await CreateAsync(Json("""
            {'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},
             'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},'maxReplicas':3,
                     'metrics':[{'type':'Pods','pods':{'metric':{'name':'load'},'target':{'type':'AverageValue','averageValue':'0.5'}}}]}}
            """));
        Assert.Equal("500m", autoscaler["spec"]!["metrics"]![0]!["pods"]!["target"]!["averageValue"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("abc", FormatError)]
    [InlineData("1Gb", FormatError)]
    [InlineData("1mi", "unable to parse quantity's suffix")]
    public async Task Rejects_InvalidQuantity_AsADecodingError(string cpu, string error)
    {
        var status = await RefusedAsync(() => CreateAsync(Deployment(cpu)), HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal($"Deployment in version \"v1\" cannot be handled as a Deployment: {error}", status.Message);
    }

    [Fact]
    public async Task Rejects_InvalidClaimStorage_AsADecodingError()
    {
        var status = await RefusedAsync(() => CreateAsync(Claim("ten gigs")), HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal($"PersistentVolumeClaim in version \"v1\" cannot be handled as a PersistentVolumeClaim: {FormatError}", status.Message);
    }

    [Fact]
    public async Task Rejects_PatchWithInvalidQuantity_AsThePatcherDoes()
    {
        await CreateAsync(Claim("1Gi"));
        var status = await RefusedAsync(() => PatchAsync(Claim("1Gi"), "{'spec':{'resources':{'requests':{'storage':'big'}}}}"),
            HttpStatusCode.UnprocessableEntity, "Invalid");
        var cause = status.Details.Causes.Single();
        Assert.Equal("patch", cause.Field);
        Assert.StartsWith("Invalid value: \"{", cause.Message, StringComparison.Ordinal);
        Assert.EndsWith(": " + FormatError, cause.Message, StringComparison.Ordinal);
    }
}
