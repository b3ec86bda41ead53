using System.Text.Json.Nodes;
using k8s;
using NasAssistant.FakeKube.Storage;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>The served StorageClasses, ValidateStorageClass and ValidateStorageClassUpdate.</summary>
public sealed class StorageClassValidationTests : ValidationTest
{
    private static JsonObject StorageClass => Json("{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'fast'},'provisioner':'example.com/fast'}");

    [Fact]
    public async Task Serves_K3sLocalPath_AsTheDefault_AndAnExpandableClass()
    {
        var classes = (await Client.StorageV1.ListStorageClassAsync()).Items.ToDictionary(c => c.Metadata.Name);
        var localPath = classes[FakeStorageClasses.LocalPath];
        Assert.Equal("true", localPath.Metadata.Annotations["storageclass.kubernetes.io/is-default-class"]);
        Assert.Equal("rancher.io/local-path", localPath.Provisioner);
        Assert.Equal("WaitForFirstConsumer", localPath.VolumeBindingMode);
        Assert.Equal("Delete", localPath.ReclaimPolicy);
        Assert.Null(localPath.AllowVolumeExpansion);
        Assert.True(classes[FakeStorageClasses.Expandable].AllowVolumeExpansion);
        var discovery = await Client.Apis.GetAPIVersionsAsync();
        Assert.Contains(discovery.Groups, g => g.Name == "storage.k8s.io");
    }

    [Fact]
    public async Task Defaults_ReclaimPolicyAndBindingMode()
    {
        var created = await CreateAsync(StorageClass);
        Assert.Equal("Delete", created["reclaimPolicy"]!.GetValue<string>());
        Assert.Equal("Immediate", created["volumeBindingMode"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{'provisioner':''}", "provisioner", "Required value")]
    [InlineData("{'provisioner':'example.com/fast disk'}", "provisioner",
        "Invalid value: \"example.com/fast disk\": " + Messages.LabelKeyName)]
    [InlineData("{'reclaimPolicy':'Recycle'}", "reclaimPolicy", "Unsupported value: \"Recycle\": supported values: \"Delete\", \"Retain\"")]
    [InlineData("{'volumeBindingMode':'Later'}", "volumeBindingMode", "Unsupported value: \"Later\": supported values: \"Immediate\", \"WaitForFirstConsumer\"")]
    public async Task Rejects_InvalidStorageClass(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(StorageClass, patch)), field, message);

    [Theory]
    [InlineData("{'provisioner':'example.com/other'}", "provisioner", "Forbidden: updates to provisioner are forbidden.")]
    [InlineData("{'parameters':{'type':'ssd'}}", "parameters", "Forbidden: updates to parameters are forbidden.")]
    [InlineData("{'reclaimPolicy':'Retain'}", "reclaimPolicy", "Forbidden: updates to reclaimPolicy are forbidden.")]
    [InlineData("{'volumeBindingMode':'WaitForFirstConsumer'}", "volumeBindingMode", "Invalid value: \"WaitForFirstConsumer\": field is immutable")]
    public async Task Rejects_StorageClassFieldChange(string patch, string field, string message)
    {
        var created = await CreateAsync(StorageClass);
        await InvalidAsync(() => ReplaceAsync(With(created, patch)), field, message);
    }

    [Fact]
    public async Task Allows_ExpansionToBeSwitchedOn()
    {
        var created = await CreateAsync(StorageClass);
        var updated = await ReplaceAsync(With(created, "{'allowVolumeExpansion':true}"));
        Assert.True(updated["allowVolumeExpansion"]!.GetValue<bool>());
    }
}
