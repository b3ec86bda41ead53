using k8s.Models;
using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Kubectl;

/// <summary>
/// <c>kubectl delete --cascade</c> sends the propagation policy; what remains is what the garbage collector
/// leaves, polled for because a real collector works asynchronously.
/// </summary>
public sealed class KubectlDeleteTests : KubectlTest
{
    [Theory]
    [InlineData("background", false)]
    [InlineData("foreground", false)]
    [InlineData("orphan", true)]
    public async Task DeleteWithCascade_LeavesDependentsAsThePolicySays(string cascade, bool dependentRemains)
    {
        await ApplyMinimalExampleAsync();
        var owner = Fake.Store.Get("nasassistant.io/v1alpha1", "AssistantDeployment", "assistants", "family")!;
        Fake.Store.Create(new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta
            {
                Name = "family-config",
                NamespaceProperty = "assistants",
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "nasassistant.io/v1alpha1",
                        Kind = "AssistantDeployment",
                        Name = "family",
                        Uid = owner["metadata"]!["uid"]!.GetValue<string>(),
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
            },
        });

        var output = await KubectlOkAsync("delete", "asd", "family", "-n", "assistants", $"--cascade={cascade}");

        Assert.Contains("assistantdeployment.nasassistant.io \"family\" deleted", output, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Fake.Store.Get("nasassistant.io/v1alpha1", "AssistantDeployment", "assistants", "family") is null, "the owner gone");
        if (dependentRemains)
        {
            var orphan = await Eventually.ValueAsync(
                () => Fake.Store.Get<V1ConfigMap>("assistants", "family-config"),
                c => c?.Metadata.OwnerReferences is null or { Count: 0 },
                "the dependent without its owner reference");
            Assert.NotNull(orphan);
        }
        else
        {
            await Eventually.TrueAsync(() => Fake.Store.Get<V1ConfigMap>("assistants", "family-config") is null, "the dependent collected");
        }
    }
}
