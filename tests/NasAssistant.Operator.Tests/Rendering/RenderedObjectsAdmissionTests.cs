using System.Text.Json.Nodes;
using k8s;
using NasAssistant.FakeKube;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Resources;
using NasAssistant.Operator.Tests.Support;

namespace NasAssistant.Operator.Tests.Rendering;

/// <summary>
/// What `operator render` prints for every example and golden input is accepted by the API server:
/// the fake validates built-in kinds as kube-apiserver does and custom ones by their CRDs.
/// </summary>
public sealed class RenderedObjectsAdmissionTests
{
    [Theory]
    [MemberData(nameof(GoldenRenderTests.Cases), MemberType = typeof(GoldenRenderTests))]
    public async Task EveryRenderedObject_IsAcceptedByTheApiServer(string input)
    {
        var output = Renderer.Render(File.ReadAllText(GoldenRenderTests.InputPath(input)), input, new OperatorSettings()).Manifests!;
        var objects = YamlDocuments.Parse(output).OfType<JsonObject>().ToList();
        var namespaces = objects.Select(o => o["metadata"]!["namespace"]!.GetValue<string>()).Distinct().ToList();
        await using var fake = await FakeKubeServer.StartAsync(new FakeKubeOptions { Namespaces = ["default", "kube-system", .. namespaces] });
        using var client = fake.CreateClient();
        await AddOnCrds.InstallAllAsync(client);

        foreach (var obj in objects)
        {
            var kind = KubernetesKind.Of(obj["apiVersion"]!.GetValue<string>(), obj["kind"]!.GetValue<string>());
            var ns = obj["metadata"]!["namespace"]!.GetValue<string>();
            try
            {
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(obj, kind.Group, kind.Version, ns, kind.Plural, fieldValidation: "Strict");
            }
            catch (k8s.Autorest.HttpOperationException e)
            {
                Assert.Fail($"{kind.Kind} {obj["metadata"]!["name"]} from {input} was refused: {e.Response.Content}");
            }
        }
    }
}
