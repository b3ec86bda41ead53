using NasAssistant.FakeKube.Tests.TestSupport;

namespace NasAssistant.FakeKube.Tests.Kubectl;

/// <summary>
/// <c>kubectl wait --for=condition=Ready</c> watches with a watch-list; it returns once the status reports
/// the condition and gives up at its timeout when it never does.
/// </summary>
public sealed class KubectlWaitTests : KubectlTest
{
    [Fact]
    public async Task WaitForReady_ReturnsOnceTheStatusSubresourceSetsTheCondition()
    {
        await ApplyMinimalExampleAsync();
        Fake.Requests.Clear();

        var waiting = KubectlAsync("wait", "--for=condition=Ready", "asd/family", "-n", "assistants", "--timeout=60s");

        // The condition appears only after kubectl is watching, so it is the watch that must deliver it.
        await Eventually.TrueAsync(() => Fake.Requests.Count("watch", "assistantdeployments") > 0, "kubectl's watch");
        await SetAssistantStatusAsync("assistants", "family", """
            {"conditions": [{"type": "Ready", "status": "True", "reason": "Serving", "message": "serving", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
            """);
        var result = await waiting;

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("assistantdeployment.nasassistant.io/family condition met", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForReady_WhenTheConditionIsFalse_TimesOut()
    {
        await ApplyMinimalExampleAsync();
        await SetAssistantStatusAsync("assistants", "family", """
            {"conditions": [{"type": "Ready", "status": "False", "reason": "Progressing", "message": "starting", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
            """);

        var result = await KubectlAsync("wait", "--for=condition=Ready", "asd/family", "-n", "assistants", "--timeout=2s");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timed out waiting for the condition on assistantdeployments/family", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForDelete_ReturnsOnceTheObjectIsGone()
    {
        await ApplyMinimalExampleAsync();
        Fake.Requests.Clear();

        var waiting = KubectlAsync("wait", "--for=delete", "asd/family", "-n", "assistants", "--timeout=60s");
        await Eventually.TrueAsync(() => Fake.Requests.Count("watch", "assistantdeployments") > 0, "kubectl's watch");
        await KubectlOkAsync("delete", "asd", "family", "-n", "assistants", "--wait=false");
        var result = await waiting;

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("condition met", result.StandardOutput, StringComparison.Ordinal);
    }
}
