using System.Net;
using System.Text.Json.Nodes;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Controllers.GarbageCollection;

/// <summary>
/// The three propagation policies, chosen by DeleteOptions in the body or by the query string, as the
/// registry turns them into finalizers and the garbage collector acts on them afterwards.
/// </summary>
public sealed class PropagationPolicyTests : LifecycleTest
{
    [Theory]
    [InlineData("", null)]
    [InlineData("?propagationPolicy=Background", null)]
    [InlineData("?orphanDependents=false", null)]
    [InlineData("", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background"}""")]
    [InlineData("", """{"orphanDependents":false}""")]
    public async Task Background_RemovesTheOwnerAtOnce_AndTheCollectorItsDependentsAfterwards(string query, string? body)
    {
        var (owner, dependent) = OwnerWithDependent();

        var (status, answer) = await DeleteAsync(owner, query, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Success", answer["status"]!.GetValue<string>());
        Assert.Equal("deployments", answer["details"]!["kind"]!.GetValue<string>());
        Assert.Null(Find(owner));
        await GoneAsync(dependent);
    }

    [Theory]
    [InlineData("?propagationPolicy=Foreground", null)]
    [InlineData("", """{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Foreground"}""")]
    public async Task Foreground_AnswersWithTheWaitingOwner_AndRemovesItAfterItsDependents(string query, string? body)
    {
        var (owner, dependent) = OwnerWithDependent(Finalizer);

        var (status, answer) = await DeleteAsync(owner, query, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Deployment", answer["kind"]!.GetValue<string>());
        Assert.True(IsDeleting(answer));
        Assert.Equal(["foregroundDeletion"], Finalizers(answer));
        await UntilAsync(dependent, IsDeleting, "the dependent to be deleted first");
        Assert.NotNull(Find(owner));

        RemoveFinalizer(dependent, Finalizer);
        await GoneAsync(dependent);
        await GoneAsync(owner);
    }

    [Theory]
    [InlineData("?propagationPolicy=Orphan", null)]
    [InlineData("?orphanDependents=true", null)]
    [InlineData("", """{"propagationPolicy":"Orphan"}""")]
    [InlineData("", """{"orphanDependents":true}""")]
    public async Task Orphan_AnswersWithTheOwner_ThenLeavesDependentsWithoutItsReference(string query, string? body)
    {
        var (owner, dependent) = OwnerWithDependent();

        var (status, answer) = await DeleteAsync(owner, query, body);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["orphan"], Finalizers(answer));
        await GoneAsync(owner);
        var orphaned = Find(dependent)!;
        Assert.Empty(OwnerUids(orphaned));
        Assert.False(IsDeleting(orphaned));
    }

    [Fact]
    public async Task Body_TakesPrecedenceOverTheQueryString()
    {
        var owner = Seed(Deployment("owner"));
        var (_, answer) = await DeleteAsync(owner, "?propagationPolicy=Foreground", """{"propagationPolicy":"Orphan"}""");
        Assert.Equal(["orphan"], Finalizers(answer));
    }

    [Fact]
    public async Task PendingDeletion_WithOrphanDependentsFalse_Is202()
    {
        var owner = Seed(ConfigMap("owner", finalizers: Finalizer));
        var (status, answer) = await DeleteAsync(owner, body: """{"orphanDependents":false}""");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(IsDeleting(answer));
    }

    [Theory]
    [InlineData("", """{"propagationPolicy":"Sideways"}""",
        """DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil" """)]
    [InlineData("?propagationPolicy=Sideways", null,
        """DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil" """)]
    [InlineData("", """{"propagationPolicy":"Orphan","orphanDependents":true}""",
        """DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set """)]
    public async Task InvalidDeleteOptions_Are422(string query, string? body, string message)
    {
        var owner = Seed(ConfigMap("owner"));
        var (status, answer) = await DeleteAsync(owner, query, body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(message.TrimEnd(), answer["message"]!.GetValue<string>());
        Assert.Equal("propagationPolicy", answer["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.NotNull(Find(owner));
    }

    [Fact]
    public async Task SecondDelete_ChangesThePolicyOfAPendingDeletion()
    {
        var owner = Seed(ConfigMap("owner", finalizers: Finalizer));
        var dependent = Seed(ConfigMap("dependent", owners: [OwnerReference(owner)]));
        await DeleteAsync(owner);

        var (_, answer) = await DeleteAsync(owner, "?propagationPolicy=Orphan");

        Assert.Equal([Finalizer, "orphan"], Finalizers(answer));
        await UntilAsync(owner, o => Finalizers(o).SequenceEqual([Finalizer]), "the collector to drop the orphan finalizer");
        Assert.Empty(OwnerUids(Find(dependent)!));
    }

    [Fact]
    public async Task Events_TakeNoPropagationFinalizer()
    {
        var ev = Seed(new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = "started", ["namespace"] = "default" },
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["name"] = "web" },
            ["reason"] = "Started",
        });

        var (_, answer) = await DeleteAsync(ev, "?propagationPolicy=Foreground");

        Assert.Equal("Success", answer["status"]!.GetValue<string>());
        Assert.Null(Find(ev));
    }

    [Theory]
    [InlineData("v1", "ConfigMap", "{}", "Status")]
    [InlineData("v1", "Secret", "{}", "Status")]
    [InlineData("apps/v1", "Deployment", """{"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"a"}},"spec":{"containers":[{"name":"a","image":"a"}]}}}}""", "Status")]
    [InlineData("v1", "Service", """{"spec":{"ports":[{"port":80}]}}""", "Service")]
    [InlineData("v1", "Pod", """{"spec":{"containers":[{"name":"a","image":"a"}]}}""", "Pod")]
    [InlineData("v1", "ServiceAccount", "{}", "ServiceAccount")]
    public async Task ImmediateDeletion_AnswersAsTheRegistryDoes(string apiVersion, string kind, string content, string answerKind)
    {
        var obj = JsonNode.Parse(content)!.AsObject();
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        obj["metadata"] = new JsonObject { ["name"] = "gone", ["namespace"] = "default" };
        Seed(obj);

        var (status, answer) = await DeleteAsync(obj);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(answerKind, answer["kind"]!.GetValue<string>());
        Assert.Null(Find(obj));
    }

    // A Deployment and a ConfigMap it owns, whose reference blocks the owner's foreground deletion.
    private (JsonObject Owner, JsonObject Dependent) OwnerWithDependent(params string[] dependentFinalizers)
    {
        var owner = Seed(Deployment("owner"));
        return (owner, Seed(ConfigMap("dependent", owners: [OwnerReference(owner, blockOwnerDeletion: true)], finalizers: dependentFinalizers)));
    }
}
