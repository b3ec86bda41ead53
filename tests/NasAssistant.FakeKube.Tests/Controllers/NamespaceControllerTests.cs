using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Controllers;

/// <summary>
/// A deleted namespace goes through Terminating: the namespace controller deletes its content (honouring
/// finalizers), says what remains, and removes the kubernetes finalizer once nothing does.
/// </summary>
public sealed class NamespaceControllerTests : LifecycleTest
{
    [Fact]
    public async Task NewNamespaces_StartActive_WithTheKubernetesFinalizer()
    {
        var created = await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        var seeded = await Client.CoreV1.ReadNamespaceAsync("default");

        Assert.All([created, seeded], ns =>
        {
            Assert.Equal("Active", ns.Status.Phase);
            Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        });
    }

    [Fact]
    public async Task Delete_StartsTermination_ThenContentAndNamespaceGo()
    {
        var ns = Seed(Namespace("team"));
        var content = new[] { Seed(ConfigMap("settings", ns: "team")), Seed(Deployment("web", ns: "team")), Seed(Pod("web-1", ns: "team", nodeName: "node-1")) };

        var (status, answer) = await DeleteAsync(ns);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Namespace", answer["kind"]!.GetValue<string>());
        Assert.True(IsDeleting(answer));
        Assert.Equal("Terminating", answer["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("kubernetes", answer["spec"]!["finalizers"]![0]!.GetValue<string>());
        foreach (var obj in content)
        {
            await GoneAsync(obj);
        }

        await GoneAsync(ns);
    }

    [Fact]
    public async Task TerminatingNamespace_SaysWhatRemains_AndGoesWhenItDoes()
    {
        var ns = Seed(Namespace("team"));
        var held = new[]
        {
            Seed(ConfigMap("a", ns: "team", finalizers: Finalizer)),
            Seed(ConfigMap("b", ns: "team", finalizers: Finalizer)),
            Seed(ConfigMap("c", ns: "team", finalizers: [Finalizer, "other.example/hold"])),
        };
        await DeleteAsync(ns);

        var terminating = await UntilAsync(ns, n => Condition(n, "NamespaceContentRemaining")?["status"]?.GetValue<string>() == "True", "the remaining content to be reported");

        Assert.Equal("Some resources are remaining: configmaps. has 3 resource instances", Condition(terminating, "NamespaceContentRemaining")!["message"]!.GetValue<string>());
        var finalizers = Condition(terminating, "NamespaceFinalizersRemaining")!;
        Assert.Equal("SomeFinalizersRemain", finalizers["reason"]!.GetValue<string>());
        Assert.Equal("Some content in the namespace has finalizers remaining: other.example/hold in 1 resource instances, test.nasassistant.io/hold in 3 resource instances",
            finalizers["message"]!.GetValue<string>());
        Assert.Equal("False", Condition(terminating, "NamespaceDeletionDiscoveryFailure")!["status"]!.GetValue<string>());
        var (again, answer) = await DeleteAsync(ns);
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal("Terminating", answer["status"]!["phase"]!.GetValue<string>());

        RemoveFinalizer(held[2], "other.example/hold");
        foreach (var obj in held)
        {
            RemoveFinalizer(obj, Finalizer);
        }

        await GoneAsync(ns);
    }

    [Theory]
    [InlineData("late", null, "late")]
    [InlineData(null, "late-", "late-")]
    public async Task TerminatingNamespace_RefusesNewContent(string? name, string? generateName, string named)
    {
        var ns = Seed(Namespace("team"));
        Seed(ConfigMap("held", ns: "team", finalizers: Finalizer));
        await DeleteAsync(ns);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name, GenerateName = generateName } }, "team"));

        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        var status = JsonNode.Parse(error.Response.Content)!;
        Assert.Equal($"configmaps \"{named}\" is forbidden: unable to create new content in namespace team because it is being terminated", status["message"]!.GetValue<string>());
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("NamespaceTerminating", cause["reason"]!.GetValue<string>());
        Assert.Equal("namespace team is being terminated", cause["message"]!.GetValue<string>());
        Assert.Equal("metadata.namespace", cause["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task ForegroundDelete_OfANamespace_AddsTheFinalizer_WhichTheCollectorClears()
    {
        var ns = Seed(Namespace("team"));

        var (_, answer) = await DeleteAsync(ns, "?propagationPolicy=Foreground");

        Assert.Equal(["foregroundDeletion"], Finalizers(answer));
        await GoneAsync(ns);
    }

    private static JsonObject? Condition(JsonObject ns, string type) =>
        ns["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c["type"]!.GetValue<string>() == type);
}
