using System.Net;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidateSecret / ValidateSecretUpdate, cases after pkg/apis/core/validation/validation_test.go.</summary>
public sealed class SecretValidationTests : ValidationTest
{
    private static JsonObject Secret => Json("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'keys'},'data':{'key':'c2VjcmV0'}}");

    [Theory]
    [InlineData("{}")]
    [InlineData("{'type':'kubernetes.io/tls','data':{'tls.crt':'Y2VydA==','tls.key':'a2V5'}}")]
    [InlineData("{'type':'kubernetes.io/basic-auth','data':{'username':'dXNlcg=='}}")]
    [InlineData("{'type':'kubernetes.io/dockerconfigjson','data':{'.dockerconfigjson':'e30='}}")]
    [InlineData("{'type':'example.com/custom'}")]
    [InlineData("{'stringData':{'token':'plain'}}")]
    public async Task Accepts_ValidSecret(string patch) => await CreateAsync(With(Secret, patch));

    [Theory]
    [InlineData("{'type':'kubernetes.io/tls'}", "data[tls.crt]", "Required value")]
    [InlineData("{'type':'kubernetes.io/tls','data':{'tls.crt':'Y2VydA=='}}", "data[tls.key]", "Required value")]
    [InlineData("{'type':'kubernetes.io/basic-auth'}", "data[password]", "Required value")]
    [InlineData("{'type':'kubernetes.io/ssh-auth'}", "data[ssh-privatekey]", "Required value")]
    [InlineData("{'type':'kubernetes.io/dockerconfigjson'}", "data[.dockerconfigjson]", "Required value")]
    [InlineData("{'type':'kubernetes.io/service-account-token'}", "metadata.annotations[kubernetes.io/service-account.name]", "Required value")]
    [InlineData("{'data':{'bad key':'eA=='}}", "data[bad key]",
        "Invalid value: \"bad key\": " + Messages.ConfigMapKey)]
    public async Task Rejects_InvalidSecret(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Secret, patch)), field, message);

    [Fact]
    public async Task Rejects_DataThatIsNotBase64_AsADecodingError()
    {
        var status = await RefusedAsync(() => CreateAsync(With(Secret, "{'data':{'key':'abc$'}}")), HttpStatusCode.BadRequest, "BadRequest");
        Assert.Equal("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 3", status.Message);
    }

    [Fact]
    public async Task Rejects_SecretTypeChange()
    {
        var created = await CreateAsync(Secret);
        await InvalidAsync(() => ReplaceAsync(With(created, "{'type':'example.com/other'}")), "type", "Invalid value: \"example.com/other\": field is immutable");
    }

    [Fact]
    public async Task Rejects_ImmutableSecretChange()
    {
        var created = await CreateAsync(With(Secret, "{'immutable':true}"));
        await InvalidAsync(() => ReplaceAsync(With(created, "{'data':{'key':'b3RoZXI='}}")), "data", "Forbidden: field is immutable when `immutable` is set");
        await InvalidAsync(() => PatchAsync(created, "{'immutable':false}"), "immutable", "Forbidden: field is immutable when `immutable` is set");
    }
}
