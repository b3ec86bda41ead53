using System.Net;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Controllers;

/// <summary>
/// A deleted CustomResourceDefinition keeps the customresourcecleanup finalizer until the CRD finalizer has
/// deleted every instance (each honouring its finalizers); meanwhile no new instance may be created.
/// </summary>
public sealed class CustomResourceCleanupControllerTests : LifecycleTest
{
    private const string Cleanup = "customresourcecleanup.apiextensions.k8s.io";

    [Fact]
    public async Task DeletedDefinition_DeletesItsInstances_ThenStopsServing()
    {
        var crd = Seed(TestCrds.GadgetJson());
        Seed(Gadget("a", "default"));
        Seed(Gadget("b", "kube-system"));

        var (status, answer) = await DeleteAsync(crd);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(IsDeleting(answer));
        Assert.Equal([Cleanup], Finalizers(answer));
        var terminating = Terminating(answer)!;
        Assert.Equal("InstanceDeletionPending", terminating["reason"]!.GetValue<string>());
        Assert.Equal("CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon", terminating["message"]!.GetValue<string>());
        await GoneAsync(crd);
        using var http = new HttpClient();
        var list = await http.GetAsync($"{Fake.Url}/apis/test.nasassistant.io/v1/namespaces/default/gadgets");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [Fact]
    public async Task TerminatingDefinition_WaitsForInstanceFinalizers_AndRefusesNewInstances()
    {
        var crd = Seed(TestCrds.GadgetJson());
        var held = Seed(Gadget("held", "default", Finalizer));

        await DeleteAsync(crd);
        await UntilAsync(held, IsDeleting, "the instance to be deleted");
        var waiting = await UntilAsync(crd, c => Terminating(c)?["reason"]?.GetValue<string>() == "InstanceDeletionInProgress", "the cleanup to start");
        Assert.Equal("CustomResource deletion is in progress", Terminating(waiting)!["message"]!.GetValue<string>());

        using var http = new HttpClient();
        var refused = await http.PostAsync($"{Fake.Url}/apis/test.nasassistant.io/v1/namespaces/default/gadgets",
            new StringContent(Gadget("late", "default").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
        var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("create not allowed while custom resource definition is terminating", status["message"]!.GetValue<string>());

        RemoveFinalizer(held, Finalizer);
        await GoneAsync(crd);
    }

    private static JsonObject? Terminating(JsonObject crd) =>
        crd["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["type"]!.GetValue<string>() == "Terminating");

    private static JsonObject Gadget(string name, string ns, params string[] finalizers)
    {
        var gadget = new JsonObject
        {
            ["apiVersion"] = "test.nasassistant.io/v1",
            ["kind"] = "Gadget",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        if (finalizers.Length > 0)
        {
            gadget["metadata"]!["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray());
        }

        return gadget;
    }
}
