using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidateConfigMap / ValidateConfigMapUpdate, cases after pkg/apis/core/validation/validation_test.go.</summary>
public sealed class ConfigMapValidationTests : ValidationTest
{

    private static JsonObject ConfigMap => Json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'settings'},'data':{'runtime.yaml':'x: 1'}}");

    [Theory]
    [InlineData("{}")]
    [InlineData("{'data':{'KEY_NAME':'1','key-name':'2','.hidden':'3'},'binaryData':{'blob':'AAEC'}}")]
    [InlineData("{'immutable':true}")]
    public async Task Accepts_ValidConfigMap(string patch) => await CreateAsync(With(ConfigMap, patch));

    [Theory]
    [InlineData("{'data':{'a b':'1'}}", "data[a b]", "Invalid value: \"a b\": " + Messages.ConfigMapKey)]
    [InlineData("{'data':{'..':'1'}}", "data[..]", "Invalid value: \"..\": must not be '..'")]
    [InlineData("{'data':{'..secret':'1'}}", "data[..secret]", "Invalid value: \"..secret\": must not start with '..'")]
    [InlineData("{'binaryData':{'a/b':'AA=='}}", "binaryData[a/b]", "Invalid value: \"a/b\": " + Messages.ConfigMapKey)]
    [InlineData("{'data':{'x':'1'},'binaryData':{'x':'AA=='}}", "data[x]", "Invalid value: \"x\": duplicate of key present in binaryData")]
    public async Task Rejects_InvalidConfigMap(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(ConfigMap, patch)), field, message);

    [Fact]
    public async Task Rejects_ConfigMapOverOneMebibyte()
    {
        var big = With(ConfigMap, "{}");
        big["data"]!["big"] = new string('x', 1024 * 1024);
        await InvalidAsync(() => CreateAsync(big), string.Empty, "Too long: must have at most 1048576 bytes");
    }

    [Fact]
    public async Task Rejects_ImmutableConfigMapChange()
    {
        var created = await CreateAsync(With(ConfigMap, "{'immutable':true}"));
        await InvalidAsync(() => ReplaceAsync(With(created, "{'data':{'runtime.yaml':'x: 2'}}")), "data", "Forbidden: field is immutable when `immutable` is set");
        await InvalidAsync(() => ReplaceAsync(With(created, "{'immutable':false}")), "immutable", "Forbidden: field is immutable when `immutable` is set");

        // Metadata stays writable.
        await ReplaceAsync(With(created, "{'metadata':{'labels':{'team':'a'}}}"));
    }
}
