using System.Text;
using System.Text.Json.Nodes;
using NasAssistant.Chart.Tests.Tools;

namespace NasAssistant.Chart.Tests.GitOps;

/// <summary>The Argo CD health check in examples/gitops, run by a real Lua interpreter against sample resources.</summary>
public sealed class ArgoCdHealthCheckTests
{
    private const string HealthKey = "resource.customizations.health.nasassistant.io_AssistantDeployment";

    private static string Script()
    {
        var configMap = k8s.KubernetesYaml.Deserialize<k8s.Models.V1ConfigMap>(
            File.ReadAllText(RepositoryPaths.Path("examples", "gitops", "argocd", "argocd-cm-health.yaml")), strict: true);
        Assert.Equal("argocd-cm", configMap.Metadata.Name);
        return configMap.Data[HealthKey];
    }

    private static JsonObject Resource(long generation, long? observed, params (string Type, string Status, string Reason)[] conditions)
    {
        var status = new JsonObject
        {
            ["conditions"] = new JsonArray(conditions.Select(c => (JsonNode)new JsonObject
            {
                ["type"] = c.Type,
                ["status"] = c.Status,
                ["reason"] = c.Reason,
                ["message"] = $"{c.Type} is {c.Status}",
            }).ToArray()),
        };
        if (observed is not null)
        {
            status["observedGeneration"] = observed;
        }

        return new JsonObject
        {
            ["apiVersion"] = "nasassistant.io/v1alpha1",
            ["kind"] = "AssistantDeployment",
            ["metadata"] = new JsonObject { ["name"] = "family", ["generation"] = generation },
            ["status"] = status,
        };
    }

    public static TheoryData<string, JsonObject, string> Cases() => new()
    {
        { "ready", Resource(3, 3, ("Ready", "True", "Ready"), ("Progressing", "False", "Ready"), ("Degraded", "False", "Ready")), "Healthy" },
        { "pods starting", Resource(3, 3, ("Ready", "False", "PodsStarting"), ("Progressing", "True", "PodsStarting"), ("Degraded", "False", "PodsStarting")), "Progressing" },
        { "invalid spec", Resource(3, 3, ("Ready", "False", "InvalidSpec"), ("Degraded", "True", "InvalidSpec")), "Degraded" },
        { "degraded wins over ready", Resource(3, 3, ("Ready", "True", "Ready"), ("Degraded", "True", "ChildOwnedByOther")), "Degraded" },
        { "refused child", Resource(3, 3, ("Ready", "False", "ChildRejected"), ("Degraded", "True", "ChildRejected")), "Degraded" },
        { "stuck rollout", Resource(3, 3, ("Ready", "False", "PodsUnschedulable"), ("Progressing", "False", "ProgressDeadlineExceeded"), ("Degraded", "False", "AsExpected")), "Degraded" },
        { "unschedulable before the deadline", Resource(3, 3, ("Ready", "False", "PodsUnschedulable"), ("Progressing", "True", "RollingOut"), ("Degraded", "False", "AsExpected")), "Progressing" },
        { "new generation not yet observed", Resource(4, 3, ("Ready", "True", "Ready")), "Progressing" },
        { "never observed", Resource(1, null), "Progressing" },
        { "no conditions yet", Resource(1, 1), "Progressing" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void HealthCheck_MapsStatusToArgoCdHealth(string name, JsonObject resource, string expected)
    {
        var (status, message) = RunHealthCheck(resource);
        Assert.True(expected == status, $"{name}: expected {expected}, got {status} ({message})");
        Assert.False(string.IsNullOrEmpty(message), $"{name}: health has no message");
    }

    [Fact]
    public void HealthCheck_WithoutStatus_IsProgressing()
    {
        var resource = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "family", ["generation"] = 1 } };
        Assert.Equal("Progressing", RunHealthCheck(resource).Status);
    }

    [Fact]
    public void HealthCheck_UsesTheConditionTypesTheOperatorWrites()
    {
        var script = Script();
        foreach (var type in new[] { "Ready", "Degraded", "Progressing" })
        {
            Assert.Contains($"\"{type}\"", script, StringComparison.Ordinal);
            Assert.Contains(type, File.ReadAllText(RepositoryPaths.Path("crds", "nasassistant.io_assistantdeployments.yaml")), StringComparison.Ordinal);
        }

        Assert.Contains($"\"{NasAssistant.Operator.Reconciliation.Status.ConditionReasons.ProgressDeadlineExceeded}\"", script, StringComparison.Ordinal);
    }

    // Runs the script as Argo CD does: a chunk with a global `obj`, returning a table {status, message}.
    private static (string Status, string Message) RunHealthCheck(JsonObject resource)
    {
        var program = new StringBuilder();
        program.AppendLine("local check = assert(load(io.read('a'):match('^(.-)\\n%-%-%-%- OBJECT %-%-%-%-\\n')))");
        program.AppendLine("obj = " + ToLua(resource));
        program.AppendLine("local hs = check()");
        program.AppendLine("io.write(hs.status, '\\n', hs.message or '')");
        var harness = Path.Combine(Path.GetTempPath(), $"argocd-health-{Guid.NewGuid():N}.lua");
        File.WriteAllText(harness, program.ToString());
        try
        {
            var result = ExternalTool.Lua.Run([harness], Script() + "\n---- OBJECT ----\n");
            Assert.True(result.ExitCode == 0, result.Describe());
            var lines = result.StandardOutput.Split('\n', 2);
            return (lines[0], lines.Length > 1 ? lines[1] : string.Empty);
        }
        finally
        {
            File.Delete(harness);
        }
    }

    private static string ToLua(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Join(", ", o.Select(p => $"[\"{p.Key}\"] = {ToLua(p.Value)}")) + "}",
        JsonArray a => "{" + string.Join(", ", a.Select(ToLua)) + "}",
        JsonValue v when v.TryGetValue<string>(out var s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        _ => node.ToJsonString(),
    };
}
