using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>
/// ValidateObjectMeta / ValidateObjectMetaUpdate and the generic name check every kind gets, cases after
/// staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta_test.go.
/// </summary>
public sealed class ObjectMetaValidationTests : ValidationTest
{

    private static JsonObject ConfigMap => Json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'settings'}}");

    [Theory]
    [InlineData("{'metadata':{'labels':{'app.kubernetes.io/name':'nas-assistant','tier':''}}}")]
    [InlineData("{'metadata':{'annotations':{'Example.COM/Mixed-Case':'ok','note':'any value at all'}}}")]
    [InlineData("{'metadata':{'finalizers':['example.com/cleanup','kubernetes','orphan']}}")]
    [InlineData("{'metadata':{'ownerReferences':[{'apiVersion':'apps/v1','kind':'Deployment','name':'web','uid':'1','controller':true},{'apiVersion':'v1','kind':'Secret','name':'s','uid':'2'}]}}")]
    public async Task Accepts_ValidMetadata(string patch) => await CreateAsync(With(ConfigMap, patch));

    [Theory]
    [InlineData("{'metadata':{'name':'Settings'}}", "metadata.name",
        "Invalid value: \"Settings\": " + Messages.Dns1123Subdomain)]
    [InlineData("{'metadata':{'labels':{'bad key':'x'}}}", "metadata.labels", "Invalid value: \"bad key\": " + Messages.LabelKeyName)]
    [InlineData("{'metadata':{'labels':{'/app':'x'}}}", "metadata.labels", "Invalid value: \"/app\": prefix part must be non-empty")]
    [InlineData("{'metadata':{'labels':{'Example.com/app':'x'}}}", "metadata.labels",
        "Invalid value: \"Example.com/app\": prefix part " + Messages.Dns1123Subdomain)]
    [InlineData("{'metadata':{'labels':{'a/b/c':'x'}}}", "metadata.labels",
        "Invalid value: \"a/b/c\": a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("{'metadata':{'labels':{'app':'0123456789012345678901234567890123456789012345678901234567890123'}}}", "metadata.labels",
        "Invalid value: \"0123456789012345678901234567890123456789012345678901234567890123\": must be no more than 63 characters")]
    [InlineData("{'metadata':{'annotations':{'bad key':'x'}}}", "metadata.annotations", "Invalid value: \"bad key\": " + Messages.LabelKeyName)]
    [InlineData("{'metadata':{'ownerReferences':[{'apiVersion':'apps/v1','kind':'Deployment','name':'web','uid':''}]}}", "metadata.ownerReferences.uid", "Invalid value: \"\": must not be empty")]
    [InlineData("{'metadata':{'ownerReferences':[{'apiVersion':'apps/','kind':'Deployment','name':'web','uid':'1'}]}}", "metadata.ownerReferences.apiVersion",
        "Invalid value: \"apps/\": version must not be empty")]
    [InlineData("{'metadata':{'ownerReferences':[{'apiVersion':'v1','kind':'','name':'web','uid':'1'}]}}", "metadata.ownerReferences.kind", "Invalid value: \"\": must not be empty")]
    [InlineData("{'metadata':{'finalizers':['cleanup']}}", "metadata.finalizers[0]", "Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified")]
    [InlineData("{'metadata':{'finalizers':['example.com/bad name']}}", "metadata.finalizers", "Invalid value: \"example.com/bad name\": " + Messages.LabelKeyName)]
    [InlineData("{'metadata':{'finalizers':['orphan','foregroundDeletion']}}", "metadata.finalizers",
        "Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set")]
    public async Task Rejects_InvalidMetadata(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(ConfigMap, patch)), field, message);

    [Fact]
    public async Task Rejects_TwoControllerOwners()
    {
        var patch = "{'metadata':{'ownerReferences':[{'apiVersion':'apps/v1','kind':'Deployment','name':'a','uid':'1','controller':true},{'apiVersion':'apps/v1','kind':'Deployment','name':'b','uid':'2','controller':true}]}}";
        var status = await RefusedAsync(() => CreateAsync(With(ConfigMap, patch)), HttpStatusCode.UnprocessableEntity, "Invalid");
        Assert.EndsWith(": Only one reference can have Controller set to true. Found \"true\" in references for Deployment/a and Deployment/b",
            status.Details.Causes.Single(c => c.Field == "metadata.ownerReferences").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejects_AnnotationsOver256KiB()
    {
        var big = With(ConfigMap, "{'metadata':{'annotations':{}}}");
        big["metadata"]!["annotations"]!["big"] = new string('x', 256 * 1024);
        await InvalidAsync(() => CreateAsync(big), "metadata.annotations", "Too long: must have at most 262144 bytes");
    }

    [Fact]
    public async Task Rejects_InvalidGenerateName_OnNameAndPrefix()
    {
        var generated = With(ConfigMap, "{'metadata':{'name':null,'generateName':'Settings-'}}");
        var status = await InvalidAsync(() => CreateAsync(generated), "metadata.generateName",
            "Invalid value: \"Settings-\": " + Messages.Dns1123Subdomain);
        Assert.Contains(status.Details.Causes, c => c.Field == "metadata.name");
    }

    [Fact]
    public async Task Rejects_NewFinalizer_OnAnObjectBeingDeleted()
    {
        await CreateAsync(With(ConfigMap, "{'metadata':{'finalizers':['example.com/a']}}"));
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("settings", "default");
        var deleting = await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", "default");
        deleting.Metadata.Finalizers = ["example.com/a", "example.com/b"];
        await InvalidAsync(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(deleting, "settings", "default"), "metadata.finalizers",
            "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/b\"}");
    }

    [Fact]
    public async Task Rejects_NameUnusableInAPath_ForKindsWithoutOwnRules()
    {
        var account = Json("{'apiVersion':'v1','kind':'ServiceAccount','metadata':{'name':'runner%1'}}");
        await InvalidAsync(() => CreateAsync(account), "metadata.name", "Invalid value: \"runner%1\": may not contain '%'");
    }

    [Theory]
    [InlineData("{'metadata':{'name':'Team'}}", "metadata.name",
        "Invalid value: \"Team\": " + Messages.Dns1123Label)]
    [InlineData("{'metadata':{'name':'team.a'}}", "metadata.name", "Invalid value: \"team.a\": must not contain dots")]
    [InlineData("{'spec':{'finalizers':['custom']}}", "spec.finalizers", "Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified")]
    public async Task Rejects_InvalidNamespace(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'team'}}"), patch)), field, message);

    [Fact]
    public async Task Labels_NamespaceWithItsName()
    {
        var created = await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        Assert.Equal("team", created.Metadata.Labels["kubernetes.io/metadata.name"]);
    }

    [Theory]
    [InlineData("{'spec':{'leaseDurationSeconds':0}}", "spec.leaseDurationSeconds", "Invalid value: 0: must be greater than 0")]
    [InlineData("{'spec':{'leaseTransitions':-1}}", "spec.leaseTransitions", "Invalid value: -1: must be greater than or equal to 0")]
    public async Task Rejects_InvalidLease(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Json("{'apiVersion':'coordination.k8s.io/v1','kind':'Lease','metadata':{'name':'leader'},'spec':{'holderIdentity':'a'}}"), patch)), field, message);
}
