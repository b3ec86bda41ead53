using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Api;

/// <summary>
/// Table responses for <c>Accept: application/json;as=Table;g=meta.k8s.io;v=v1</c>: a CRD's printer columns,
/// the built-in printers, and the object each row carries (asTable, tableconvertor, printers.go).
/// </summary>
public sealed class TableResponseTests : FakeKubeTest
{
    private const string TableV1 = "application/json;as=Table;g=meta.k8s.io;v=v1";

    private const string GadgetCrd = """
        {
          "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
          "metadata": {"name": "gadgets.test.nasassistant.io"},
          "spec": {
            "group": "test.nasassistant.io", "scope": "Namespaced",
            "names": {"plural": "gadgets", "singular": "gadget", "kind": "Gadget", "listKind": "GadgetList"},
            "versions": [{
              "name": "v1", "served": true, "storage": true, "subresources": {"status": {}},
              "additionalPrinterColumns": [
                {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"},
                {"name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas", "description": "Desired pods."},
                {"name": "Load", "type": "number", "jsonPath": ".status.load"},
                {"name": "Paused", "type": "boolean", "jsonPath": ".spec.paused"},
                {"name": "Size", "type": "integer", "jsonPath": ".spec.size"},
                {"name": "Started", "type": "date", "jsonPath": ".status.startedAt"},
                {"name": "Zone", "type": "string", "jsonPath": ".spec.zone", "priority": 1}
              ],
              "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                "spec": {"type": "object", "properties": {"replicas": {"type": "integer"}, "paused": {"type": "boolean"}, "size": {"type": "string"}, "zone": {"type": "string"}}},
                "status": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
              }}}
            }]
          }
        }
        """;

    [Fact]
    public async Task CustomResource_PrintsNameThenThePrinterColumns()
    {
        await CreateGadgetAsync("""{"replicas": 3, "paused": true, "size": "large", "zone": "attic"}""",
            """{"load": 0.75, "startedAt": "2020-01-01T00:00:00Z", "conditions": [{"type": "Ready", "status": "True"}]}""");

        var table = await GetJsonAsync("/apis/test.nasassistant.io/v1/namespaces/default/gadgets", TableV1);

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "Ready", "Replicas", "Load", "Paused", "Size", "Started", "Zone"], columns.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("name", columns[0]!["format"]!.GetValue<string>());
        Assert.Equal("Desired pods.", columns[2]!["description"]!.GetValue<string>());
        Assert.Equal("Custom resource definition column (in JSONPath format): .status.load", columns[3]!["description"]!.GetValue<string>());
        Assert.Equal(1, columns[7]!["priority"]!.GetValue<int>());
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("gizmo", cells[0]!.GetValue<string>());
        Assert.Equal("True", cells[1]!.GetValue<string>());
        Assert.Equal(3, cells[2]!.GetValue<long>());
        Assert.Equal(0.75, cells[3]!.GetValue<double>());
        Assert.True(cells[4]!.GetValue<bool>());
        Assert.Null(cells[5]);
        Assert.Matches("^[0-9]+y$", cells[6]!.GetValue<string>());
        Assert.Equal("attic", cells[7]!.GetValue<string>());
    }

    [Fact]
    public async Task CustomResource_WithoutStatus_HasEmptyCellsForWhatIsMissing()
    {
        await CreateGadgetAsync("{}", status: null);

        var cells = (await GetJsonAsync("/apis/test.nasassistant.io/v1/namespaces/default/gadgets/gizmo", TableV1))["rows"]![0]!["cells"]!.AsArray();

        Assert.Equal("gizmo", cells[0]!.GetValue<string>());
        Assert.All(cells.Skip(1), Assert.Null);
    }

    [Fact]
    public async Task CustomResource_WithoutPrinterColumns_ShowsItsAge()
    {
        var crd = JsonNode.Parse(GadgetCrd)!.AsObject();
        crd["spec"]!["versions"]![0]!.AsObject().Remove("additionalPrinterColumns");
        Fake.Store.Create(crd);
        await CreateGadgetAsync("{}", status: null);

        var table = await GetJsonAsync("/apis/test.nasassistant.io/v1/namespaces/default/gadgets", TableV1);

        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("date", table["columnDefinitions"]![1]!["type"]!.GetValue<string>());
        Assert.Matches("^[0-9]+s$", table["rows"]![0]!["cells"]![1]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null, "PartialObjectMetadata")]
    [InlineData("Metadata", "PartialObjectMetadata")]
    [InlineData("Object", "Service")]
    [InlineData("None", null)]
    public async Task Rows_CarryTheObjectAsIncludeObjectAsks(string? includeObject, string? kind)
    {
        await CreateServiceAsync();
        var query = includeObject is null ? string.Empty : $"?includeObject={includeObject}";

        var row = (await GetJsonAsync($"/api/v1/namespaces/default/services{query}", TableV1))["rows"]![0]!;

        Assert.Equal(kind, row["object"]?["kind"]?.GetValue<string>());
        if (kind is not null)
        {
            Assert.Equal("web", row["object"]!["metadata"]!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task IncludeObject_Unknown_IsBadRequest()
    {
        await CreateServiceAsync();

        var (status, body) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/services?includeObject=unrecognized", TableV1);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Invalid value: \"unrecognized\": must be 'Metadata', 'Object', 'None', or empty", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/namespaces", "Name,Status,Age")]
    [InlineData("/api/v1/namespaces/default/services", "Name,Type,Cluster-IP,External-IP,Port(s),Age,Selector")]
    [InlineData("/api/v1/namespaces/default/configmaps", "Name,Data,Age")]
    [InlineData("/api/v1/namespaces/default/secrets", "Name,Type,Data,Age")]
    [InlineData("/api/v1/namespaces/default/persistentvolumeclaims", "Name,Status,Volume,Capacity,Access Modes,StorageClass,VolumeAttributesClass,Age,VolumeMode")]
    [InlineData("/api/v1/namespaces/default/pods", "Name,Ready,Status,Restarts,Age,IP,Node,Nominated Node,Readiness Gates")]
    [InlineData("/api/v1/namespaces/default/events", "Last Seen,Type,Reason,Object,Subobject,Source,Message,First Seen,Count,Name")]
    [InlineData("/apis/apps/v1/namespaces/default/deployments", "Name,Ready,Up-to-date,Available,Age,Containers,Images,Selector")]
    [InlineData("/apis/apps/v1/namespaces/default/statefulsets", "Name,Ready,Age,Containers,Images")]
    [InlineData("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers", "Name,Reference,Targets,MinPods,MaxPods,Replicas,Age")]
    [InlineData("/apis/policy/v1/namespaces/default/poddisruptionbudgets", "Name,Min Available,Max Unavailable,Allowed Disruptions,Age")]
    [InlineData("/apis/networking.k8s.io/v1/namespaces/default/networkpolicies", "Name,Pod-Selector,Age")]
    [InlineData("/apis/coordination.k8s.io/v1/namespaces/default/leases", "Name,Holder,Age")]
    [InlineData("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "Name,Created At")]
    public async Task BuiltInKinds_UseTheServersColumns(string path, string columns)
    {
        var table = await GetJsonAsync(path, TableV1);

        Assert.Equal(columns.Split(','), table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Service_Row_MatchesPrintService()
    {
        await CreateServiceAsync();

        var cells = (await GetJsonAsync("/api/v1/namespaces/default/services/web", TableV1))["rows"]![0]!["cells"]!.AsArray();

        Assert.Equal("web", cells[0]!.GetValue<string>());
        Assert.Equal("NodePort", cells[1]!.GetValue<string>());
        Assert.StartsWith("10.96.", cells[2]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("<none>", cells[3]!.GetValue<string>());
        Assert.Equal("8443:30443/TCP", cells[4]!.GetValue<string>());
        Assert.Equal("app=web,tier=api", cells[6]!.GetValue<string>());
    }

    [Fact]
    public async Task Pod_Row_ShowsTheWaitingReasonAndRestarts()
    {
        Fake.Store.Create(JsonNode.Parse("""
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "runtime-0", "namespace": "default"},
             "spec": {"containers": [{"name": "runtime", "image": "runtime:1"}], "nodeName": "nas"},
             "status": {"phase": "Running", "podIPs": [{"ip": "10.42.0.7"}], "containerStatuses": [
               {"name": "runtime", "ready": false, "restartCount": 4, "state": {"waiting": {"reason": "CrashLoopBackOff"}}}]}}
            """)!.AsObject());

        var cells = (await GetJsonAsync("/api/v1/namespaces/default/pods/runtime-0", TableV1))["rows"]![0]!["cells"]!.AsArray();

        Assert.Equal(["runtime-0", "0/1", "CrashLoopBackOff", "4"], cells.Take(4).Select(c => c!.GetValue<string>()));
        Assert.Equal(["10.42.0.7", "nas", "<none>", "<none>"], cells.Skip(5).Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Deployment_Row_MatchesPrintDeployment()
    {
        Fake.Store.Create(JsonNode.Parse("""
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "default"},
             "spec": {"replicas": 3, "selector": {"matchLabels": {"tier": "api", "app": "web"}},
                      "template": {"metadata": {"labels": {"app": "web", "tier": "api"}}, "spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:2"}]}}},
             "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2}}
            """)!.AsObject());

        var cells = (await GetJsonAsync("/apis/apps/v1/namespaces/default/deployments/web", TableV1))["rows"]![0]!["cells"]!.AsArray();

        Assert.Equal("2/3", cells[1]!.GetValue<string>());
        Assert.Equal(3, cells[2]!.GetValue<long>());
        Assert.Equal(2, cells[3]!.GetValue<long>());
        Assert.Equal(["a,b", "a:1,b:2", "app=web,tier=api"], cells.Skip(5).Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task StatusResponse_OfADeletion_IsNotConverted()
    {
        // A ConfigMap's immediate deletion answers with a Status (a Service's would answer with the object).
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new k8s.Models.V1ConfigMap { Metadata = new() { Name = "web" } }, "default");

        var (status, body) = await SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/web", TableV1);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Status", body["kind"]!.GetValue<string>());
    }

    private async Task CreateGadgetAsync(string spec, string? status)
    {
        if (Fake.Store.Get("apiextensions.k8s.io/v1", "CustomResourceDefinition", null, "gadgets.test.nasassistant.io") is null)
        {
            Fake.Store.Create(JsonNode.Parse(GadgetCrd)!.AsObject());
        }

        var statusPart = status is null ? string.Empty : $", \"status\": {status}";
        Fake.Store.Create(JsonNode.Parse($$"""{"apiVersion": "test.nasassistant.io/v1", "kind": "Gadget", "metadata": {"name": "gizmo", "namespace": "default"}, "spec": {{spec}}{{statusPart}}}""")!.AsObject());
    }

    private Task<V1Service> CreateServiceAsync() => Client.CoreV1.CreateNamespacedServiceAsync(
        new V1Service
        {
            Metadata = new V1ObjectMeta { Name = "web" },
            Spec = new V1ServiceSpec
            {
                Type = "NodePort",
                Ports = [new V1ServicePort { Port = 8443, NodePort = 30443 }],
                Selector = new Dictionary<string, string> { ["tier"] = "api", ["app"] = "web" },
            },
        },
        "default");

    private async Task<JsonObject> GetJsonAsync(string path, string accept)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path, accept);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }
}
