using System.Net;
using System.Text.Json.Nodes;
using k8s.Models;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>
/// ValidatePersistentVolumeClaim / ValidatePersistentVolumeClaimUpdate with the DefaultStorageClass and
/// PersistentVolumeClaimResize admission plugins; cases after pkg/apis/core/validation/validation_test.go
/// and plugin/pkg/admission/storage/persistentvolume/resize/admission_test.go.
/// </summary>
public sealed class PersistentVolumeClaimValidationTests : ValidationTest
{
    private const string ImmutableSpec = "Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n";

    private static JsonObject Claim => Json("""
        {'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'data'},
         'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}}
        """);

    [Theory]
    [InlineData("{}")]
    [InlineData("{'spec':{'accessModes':['ReadWriteOncePod'],'storageClassName':'expandable'}}")]
    [InlineData("{'spec':{'accessModes':['ReadWriteMany','ReadOnlyMany'],'volumeMode':'Block'}}")]
    [InlineData("{'spec':{'selector':{'matchLabels':{'tier':'fast'}}}}")]
    public async Task Accepts_ValidClaim(string patch) => await CreateAsync(With(Claim, patch));

    [Theory]
    [InlineData("{'spec':{'accessModes':[]}}", "spec.accessModes", "Required value: at least 1 access mode is required")]
    [InlineData("{'spec':{'accessModes':['ReadWriteSometimes']}}", "spec.accessModes",
        "Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"")]
    [InlineData("{'spec':{'accessModes':['ReadWriteOncePod','ReadWriteOnce']}}", "spec.accessModes", "Forbidden: may not use ReadWriteOncePod with other access modes")]
    [InlineData("{'spec':{'resources':{'requests':null}}}", "spec.resources[storage]", "Required value")]
    [InlineData("{'spec':{'resources':{'requests':{'storage':'0'}}}}", "spec.resources[storage]", "Invalid value: \"0\": must be greater than zero")]
    [InlineData("{'spec':{'storageClassName':'Fast'}}", "spec.storageClassName",
        "Invalid value: \"Fast\": " + Messages.Dns1123Subdomain)]
    [InlineData("{'spec':{'volumeMode':'Raw'}}", "spec.volumeMode", "Unsupported value: \"Raw\": supported values: \"Block\", \"Filesystem\"")]
    public async Task Rejects_InvalidClaim(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Claim, patch)), field, message);

    [Theory]
    [InlineData("{}", FakeStorageClasses.LocalPath)]
    [InlineData("{'spec':{'storageClassName':'expandable'}}", FakeStorageClasses.Expandable)]
    [InlineData("{'spec':{'storageClassName':''}}", "")]
    public async Task DefaultStorageClass_FillsOnlyAMissingClass(string patch, string expected)
    {
        var created = await CreateAsync(With(Claim, patch));
        Assert.Equal(expected, created["spec"]!["storageClassName"]!.GetValue<string>());
        Assert.Equal("Pending", created["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rejects_AccessModesChange()
    {
        var created = await CreateAsync(Claim);
        var status = await RefusedAsync(() => ReplaceAsync(With(created, "{'spec':{'accessModes':['ReadWriteMany']}}")), HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.Equal("spec", status.Details.Causes.Single().Field);
        Assert.StartsWith(ImmutableSpec, status.Details.Causes.Single().Message, StringComparison.Ordinal);
        Assert.StartsWith("PersistentVolumeClaim \"data\" is invalid: spec: " + ImmutableSpec, status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_StorageClassNameChange()
    {
        var created = await CreateAsync(Claim);
        var status = await RefusedAsync(() => ReplaceAsync(With(created, "{'spec':{'storageClassName':'expandable'}}")), HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.StartsWith(ImmutableSpec, status.Details.Causes.Single(c => c.Field == "spec").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_StorageChange_OfAClaimThatIsNotBound()
    {
        var created = await CreateAsync(Claim);
        var status = await RefusedAsync(() => PatchAsync(created, "{'spec':{'resources':{'requests':{'storage':'2Gi'}}}}"), HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.StartsWith(ImmutableSpec, status.Details.Causes.Single(c => c.Field == "spec").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_ShrinkBelowCapacity_OfABoundClaim()
    {
        var created = await CreateAsync(With(Claim, "{'spec':{'storageClassName':'expandable'}}"));
        Bind("data", "1Gi");
        await InvalidAsync(() => PatchAsync(created, "{'spec':{'resources':{'requests':{'storage':'512Mi'}}}}"),
            "spec.resources.requests.storage", "Forbidden: field can not be less than status.capacity");
    }

    [Fact]
    public async Task Rejects_ResizeWithoutExpansion_With403()
    {
        var created = await CreateAsync(Claim);
        Bind("data", "1Gi");
        var status = await RefusedAsync(() => PatchAsync(created, "{'spec':{'resources':{'requests':{'storage':'2Gi'}}}}"), HttpStatusCode.Forbidden, "Forbidden");
        Assert.Equal("persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize",
            status.Message);
        Assert.Equal(("data", "persistentvolumeclaims"), (status.Details.Name, status.Details.Kind));
    }

    [Fact]
    public async Task Resizes_BoundClaim_WhenTheClassAllowsExpansion()
    {
        var created = await CreateAsync(With(Claim, "{'spec':{'storageClassName':'expandable'}}"));
        Bind("data", "1Gi");
        var resized = await PatchAsync(created, "{'spec':{'resources':{'requests':{'storage':'2048Mi'}}}}");
        Assert.Equal("2Gi", resized["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
    }

    // The fake has no volume controller: a test binds a claim as one would.
    private void Bind(string name, string capacity) =>
        Fake.Store.Update<V1PersistentVolumeClaim>("default", name, claim => claim.Status = new V1PersistentVolumeClaimStatus
        {
            Phase = "Bound",
            Capacity = new Dictionary<string, ResourceQuantity> { ["storage"] = new(capacity) },
        });
}
