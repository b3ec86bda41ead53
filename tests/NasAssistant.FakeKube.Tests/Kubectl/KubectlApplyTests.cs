namespace NasAssistant.FakeKube.Tests.Kubectl;

/// <summary>
/// <c>kubectl apply</c> of the repository's CRD and examples, with kubectl's validation on (it reads the
/// server's OpenAPI), client-side and server-side.
/// </summary>
public sealed class KubectlApplyTests : KubectlTest
{
    [Fact]
    public async Task ApplyExamples_CreatesEveryAssistant_AndReapplyingChangesNothing()
    {
        await ApplyCrdAsync();

        var created = await KubectlOkAsync("apply", "-f", RepositoryPath("examples"));
        var again = await KubectlOkAsync("apply", "-f", RepositoryPath("examples"));

        foreach (var name in new[] { "family", "reception", "household", "office", "smarthome" })
        {
            Assert.Contains($"assistantdeployment.nasassistant.io/{name} created", created, StringComparison.Ordinal);
            Assert.Contains($"assistantdeployment.nasassistant.io/{name} unchanged", again, StringComparison.Ordinal);
        }

        Assert.NotNull(Fake.Store.Get("nasassistant.io/v1alpha1", "AssistantDeployment", "clinic", "reception"));
    }

    [Fact]
    public async Task Apply_WithAFieldTheSchemaDoesNotKnow_IsRefused()
    {
        await ApplyCrdAsync();
        var manifest = WriteManifest("""
            apiVersion: nasassistant.io/v1alpha1
            kind: AssistantDeployment
            metadata: {name: typo, namespace: assistants}
            spec:
              model: {source: {builtin: {}}}
              replicaCount: 2
            """);

        var result = await KubectlAsync("apply", "-f", manifest);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown field \"spec.replicaCount\"", result.StandardError, StringComparison.Ordinal);
        Assert.Null(Fake.Store.Get("nasassistant.io/v1alpha1", "AssistantDeployment", "assistants", "typo"));
    }

    [Fact]
    public async Task ApplyServerSide_CreatesThenUpdatesTheAssistant()
    {
        await KubectlOkAsync("apply", "--server-side", "-f", RepositoryPath("crds"));
        var manifest = WriteManifest("""
            apiVersion: nasassistant.io/v1alpha1
            kind: AssistantDeployment
            metadata: {name: family, namespace: assistants}
            spec:
              model: {source: {builtin: {}}}
            """);

        var created = await KubectlOkAsync("apply", "--server-side", "-f", manifest);
        var unchanged = await KubectlOkAsync("apply", "--server-side", "-f", manifest);

        Assert.Contains("assistantdeployment.nasassistant.io/family serverside-applied", created, StringComparison.Ordinal);
        Assert.Contains("assistantdeployment.nasassistant.io/family serverside-applied", unchanged, StringComparison.Ordinal);
        var stored = Fake.Store.Get("nasassistant.io/v1alpha1", "AssistantDeployment", "assistants", "family")!;
        Assert.Contains(stored["metadata"]!["managedFields"]!.AsArray(), f => f!["manager"]!.GetValue<string>() == "kubectl" && f["operation"]!.GetValue<string>() == "Apply");
    }
}
