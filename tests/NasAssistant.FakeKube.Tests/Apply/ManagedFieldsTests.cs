using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Apply;

/// <summary>managedFields on writes other than apply: create, update, patches and subresources.</summary>
public sealed class ManagedFieldsTests : FakeKubeTest
{
    [Fact]
    public async Task Create_RecordsAnUpdateEntry_WithWhatTheWriterSentAndTheServerDefaulted()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(), "default", fieldManager: "creator");

        var entry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal(("creator", "Update", "apps/v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));

        // As a typed Go object sees it: structs are always there (no "."), added maps and lists are owned too,
        // and so is what the registry defaulted on decoding (an Update entry compares the defaulted objects).
        var expected = JsonNode.Parse("""
            {"f:metadata":{"f:labels":{".":{},"f:app":{}}},
             "f:spec":{"f:progressDeadlineSeconds":{},"f:replicas":{},"f:revisionHistoryLimit":{},"f:selector":{},
               "f:strategy":{"f:rollingUpdate":{".":{},"f:maxSurge":{},"f:maxUnavailable":{}},"f:type":{}},
               "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},
                 "f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:env":{".":{},"k:{\"name\":\"MODE\"}":{".":{},"f:name":{},"f:value":{}}},"f:image":{},"f:imagePullPolicy":{},"f:name":{},
                   "f:ports":{".":{},"k:{\"containerPort\":80,\"protocol\":\"TCP\"}":{".":{},"f:containerPort":{},"f:protocol":{}}},"f:resources":{},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}}},
                   "f:dnsPolicy":{},"f:restartPolicy":{},"f:schedulerName":{},"f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, ServerSideApplyTests.FieldsV1(entry)), ServerSideApplyTests.FieldsV1(entry)!.ToJsonString());
    }

    [Fact]
    public async Task Update_ByAnotherManager_TakesWhatItChanged()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(), "default", fieldManager: "creator");
        created.Spec.Template.Spec.Containers[0].Image = "app:2";

        var updated = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", "default", fieldManager: "editor");

        var editor = updated.Metadata.ManagedFields.Single(m => m.Manager == "editor");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{"f:image":{}}}}}}}"""), ServerSideApplyTests.FieldsV1(editor)));
        var creator = ServerSideApplyTests.FieldsV1(updated.Metadata.ManagedFields.Single(m => m.Manager == "creator"))!;
        Assert.Null(creator["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"app\"}"]!["f:image"]);
    }

    [Fact]
    public async Task Patch_WithoutFieldManager_IsRecordedUnderTheUserAgent()
    {
        await Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(), "default", fieldManager: "creator");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(Fake.Url + "/apis/apps/v1/namespaces/default/deployments/web"))
        {
            Content = new StringContent("""{"spec":{"replicas":4}}""", System.Text.Encoding.UTF8, "application/merge-patch+json"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "my-controller/1.2.3 (linux/amd64)");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patched = KubernetesJson.Deserialize<V1Deployment>(await response.Content.ReadAsStringAsync());
        var entry = patched.Metadata.ManagedFields.Single(m => m.Manager == "my-controller");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:spec":{"f:replicas":{}}}"""), ServerSideApplyTests.FieldsV1(entry)));
    }

    [Fact]
    public async Task StatusWrites_RecordTheSubresource()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(), "default", fieldManager: "creator");
        created.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 2 };

        var updated = await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(created, "web", "default", fieldManager: "controller");

        var entry = updated.Metadata.ManagedFields.Single(m => m.Manager == "controller");
        Assert.Equal("status", entry.Subresource);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"f:status":{"f:observedGeneration":{},"f:replicas":{}}}"""), ServerSideApplyTests.FieldsV1(entry)));
    }

    [Fact]
    public async Task ManagedFields_AreKeptWhenOmitted_AndClearedWhenEmpty()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(), "default", fieldManager: "creator");
        created.Metadata.ManagedFields = null;
        created.Spec.Replicas = 3;
        var kept = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", "default", fieldManager: "creator");
        Assert.Single(kept.Metadata.ManagedFields);

        kept.Metadata.ManagedFields = [];
        var cleared = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(kept, "web", "default", fieldManager: "editor");
        Assert.Null(cleared.Metadata.ManagedFields);

        // An object without entries is tracked again only once someone applies.
        cleared.Spec.Replicas = 4;
        var untracked = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(cleared, "web", "default", fieldManager: "editor");
        Assert.Null(untracked.Metadata.ManagedFields);
    }

    [Fact]
    public async Task UnchangedUpdate_KeepsTheEntriesAndTheResourceVersion()
    {
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(NewDeployment(), "default", fieldManager: "creator");

        var again = await Client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "web", "default", fieldManager: "someone-else");

        Assert.Equal(created.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal(["creator"], again.Metadata.ManagedFields.Select(m => m.Manager));
    }

    private static V1Deployment NewDeployment() => KubernetesJson.Deserialize<V1Deployment>(ServerSideApplyTests.Deployment(replicas: 2));
}
