using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Validation;

/// <summary>ValidateRole, ValidateRoleBinding and their updates, cases after pkg/apis/rbac/validation/validation_test.go.</summary>
public sealed class RbacValidationTests : ValidationTest
{
    private static JsonObject Role => Json("{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'Role','metadata':{'name':'gateway'},'rules':[{'apiGroups':['coordination.k8s.io'],'resources':['leases'],'resourceNames':['family-gateway'],'verbs':['get','update']}]}");

    private static JsonObject Binding => Json("{'apiVersion':'rbac.authorization.k8s.io/v1','kind':'RoleBinding','metadata':{'name':'gateway'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'gateway'},'subjects':[{'kind':'ServiceAccount','name':'gateway','namespace':'default'}]}");

    [Theory]
    [InlineData("{}")]
    [InlineData("{'metadata':{'name':'system:gateway'}}")]
    [InlineData("{'rules':[]}")]
    public async Task Accepts_ValidRole(string patch) => await CreateAsync(With(Role, patch));

    [Theory]
    [InlineData("{'rules':[{'apiGroups':[''],'resources':['configmaps'],'verbs':[]}]}", "rules[0].verbs", "Required value: verbs must contain at least one value")]
    [InlineData("{'rules':[{'resources':['configmaps'],'verbs':['get']}]}", "rules[0].apiGroups", "Required value: resource rules must supply at least one api group")]
    [InlineData("{'rules':[{'apiGroups':[''],'verbs':['get']}]}", "rules[0].resources", "Required value: resource rules must supply at least one resource")]
    [InlineData("{'rules':[{'nonResourceURLs':['/healthz'],'verbs':['get']}]}", "rules[0].nonResourceURLs", "Invalid value: []string{\"/healthz\"}: namespaced rules cannot apply to non-resource URLs")]
    [InlineData("{'metadata':{'name':'a/b'}}", "metadata.name", "Invalid value: \"a/b\": may not contain '/'")]
    public async Task Rejects_InvalidRole(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Role, patch)), field, message);

    [Fact]
    public async Task Defaults_TheApiGroupsOfTheRoleRefAndOfUserSubjects()
    {
        var created = await CreateAsync(With(Binding, "{'roleRef':{'apiGroup':null},'subjects':[{'kind':'ServiceAccount','name':'gateway','namespace':'default'},{'kind':'User','name':'alice'}]}"));

        Assert.Equal("rbac.authorization.k8s.io", created["roleRef"]!["apiGroup"]!.GetValue<string>());
        Assert.Null(created["subjects"]![0]!["apiGroup"]);
        Assert.Equal("rbac.authorization.k8s.io", created["subjects"]![1]!["apiGroup"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{'roleRef':{'apiGroup':'example.com'}}", "roleRef.apiGroup", "Unsupported value: \"example.com\": supported values: \"rbac.authorization.k8s.io\"")]
    [InlineData("{'roleRef':{'kind':'Lease'}}", "roleRef.kind", "Unsupported value: \"Lease\": supported values: \"Role\", \"ClusterRole\"")]
    [InlineData("{'roleRef':{'name':''}}", "roleRef.name", "Required value")]
    [InlineData("{'subjects':[{'kind':'ServiceAccount','name':'Gateway_1'}]}", "subjects[0].name", "Invalid value: \"Gateway_1\": " + Messages.Dns1123Subdomain)]
    [InlineData("{'subjects':[{'kind':'ServiceAccount','name':'gateway','apiGroup':'rbac.authorization.k8s.io'}]}", "subjects[0].apiGroup", "Unsupported value: \"rbac.authorization.k8s.io\": supported values: \"\"")]
    [InlineData("{'subjects':[{'kind':'Robot','name':'r2'}]}", "subjects[0].kind", "Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"")]
    [InlineData("{'subjects':[{'kind':'User'}]}", "subjects[0].name", "Required value")]
    public async Task Rejects_InvalidRoleBinding(string patch, string field, string message) =>
        await InvalidAsync(() => CreateAsync(With(Binding, patch)), field, message);

    [Fact]
    public async Task Rejects_ARoleRefChange_ButTakesNewSubjects()
    {
        var created = await CreateAsync(Binding);

        await InvalidAsync(
            () => ReplaceAsync(With(created, "{'roleRef':{'name':'admin'}}")),
            "roleRef",
            "Invalid value: rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"Role\", Name:\"admin\"}: cannot change roleRef");
        await ReplaceAsync(With(created, "{'subjects':[{'kind':'ServiceAccount','name':'other','namespace':'default'}]}"));
    }
}
