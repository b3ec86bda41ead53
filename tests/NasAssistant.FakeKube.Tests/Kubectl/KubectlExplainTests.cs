namespace NasAssistant.FakeKube.Tests.Kubectl;

/// <summary><c>kubectl explain</c> reads the CRD's schema from the server's OpenAPI v3.</summary>
public sealed class KubectlExplainTests : KubectlTest
{
    [Fact]
    public async Task ExplainAssistantDeploymentSpec_ShowsTheSchemaDescriptions()
    {
        await ApplyCrdAsync();

        var output = await KubectlOkAsync("explain", "assistantdeployment.spec");

        Assert.Contains("GROUP:      nasassistant.io", output, StringComparison.Ordinal);
        Assert.Contains("KIND:       AssistantDeployment", output, StringComparison.Ordinal);
        Assert.Contains("Desired state of the assistant.", output, StringComparison.Ordinal);
        Assert.Contains("model\t<Object>", output, StringComparison.Ordinal);
    }
}
