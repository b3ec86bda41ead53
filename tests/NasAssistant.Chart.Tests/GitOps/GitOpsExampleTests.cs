using System.Text.Json.Nodes;
using NasAssistant.Chart.Tests.Tools;
using NasAssistant.Operator.Rendering;
using NasAssistant.Operator.Validation;

namespace NasAssistant.Chart.Tests.GitOps;

/// <summary>The GitOps examples point at this chart and hold valid assistants.</summary>
public sealed class GitOpsExampleTests
{
    private static readonly string Folder = RepositoryPaths.Path("examples", "gitops");

    private static IEnumerable<JsonObject> Documents(params string[] path) =>
        YamlDocuments.Parse(File.ReadAllText(Path.Combine([Folder, .. path]))).Select(d => d!.AsObject());

    private static string ChartField(string field) =>
        File.ReadAllLines(Path.Combine(RepositoryPaths.Chart, "Chart.yaml")).Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();

    [Fact]
    public void EveryExample_IsValidYamlWithApiVersionKindAndName()
    {
        var files = Directory.GetFiles(Folder, "*.yaml", SearchOption.AllDirectories);
        Assert.True(files.Length >= 8);
        foreach (var file in files)
        {
            foreach (var document in YamlDocuments.Parse(File.ReadAllText(file)).Select(d => d!.AsObject()))
            {
                Assert.False(string.IsNullOrEmpty(document["apiVersion"]?.GetValue<string>()), file);
                Assert.False(string.IsNullOrEmpty(document["kind"]?.GetValue<string>()), file);
                if (document["kind"]!.GetValue<string>() != "Kustomization" || document["apiVersion"]!.GetValue<string>().StartsWith("kustomize.toolkit", StringComparison.Ordinal))
                {
                    Assert.False(string.IsNullOrEmpty(document["metadata"]?["name"]?.GetValue<string>()), file);
                }
            }
        }
    }

    [Fact]
    public void ArgoCdApplications_PointAtTheChartAndTheAssistantsFolder()
    {
        var operatorApp = Documents("argocd", "operator-application.yaml").Single();
        Assert.Equal("argoproj.io/v1alpha1", operatorApp["apiVersion"]!.GetValue<string>());
        Assert.Equal("Application", operatorApp["kind"]!.GetValue<string>());
        var path = operatorApp["spec"]!["source"]!["path"]!.GetValue<string>();
        Assert.True(File.Exists(RepositoryPaths.Path(path, "Chart.yaml")), path);

        var assistantsApp = Documents("argocd", "assistants-application.yaml").Single();
        var assistants = assistantsApp["spec"]!["source"]!["path"]!.GetValue<string>();
        Assert.True(Directory.Exists(RepositoryPaths.Path(assistants)), assistants);
    }

    [Fact]
    public void FluxHelmRelease_InstallsThisChartVersionFromTheHelmRepository()
    {
        var repository = Documents("flux", "operator", "helmrepository.yaml").Single();
        var release = Documents("flux", "operator", "helmrelease.yaml").Single();
        Assert.Equal("HelmRepository", repository["kind"]!.GetValue<string>());
        Assert.Equal("HelmRelease", release["kind"]!.GetValue<string>());
        var chart = release["spec"]!["chart"]!["spec"]!;
        Assert.Equal(ChartField("name"), chart["chart"]!.GetValue<string>());
        Assert.Equal(ChartField("version"), chart["version"]!.GetValue<string>());
        Assert.Equal(repository["metadata"]!["name"]!.GetValue<string>(), chart["sourceRef"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void FluxKustomizations_ApplyTheOperatorFirstThenTheAssistants()
    {
        var kustomizations = Documents("flux", "kustomization.yaml").ToList();
        Assert.Equal(2, kustomizations.Count);
        foreach (var k in kustomizations)
        {
            var path = k["spec"]!["path"]!.GetValue<string>().TrimStart('.', '/');
            Assert.True(Directory.Exists(RepositoryPaths.Path(path)), path);
        }

        var assistants = kustomizations.Single(k => k["metadata"]!["name"]!.GetValue<string>() == "assistants");
        Assert.Equal(kustomizations[0]["metadata"]!["name"]!.GetValue<string>(), assistants["spec"]!["dependsOn"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void GitOpsAssistants_AreValidAssistantDeployments()
    {
        var found = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(Folder, "assistants"), "*.yaml"))
        {
            foreach (var document in YamlDocuments.Parse(File.ReadAllText(file)).Where(d => d!["kind"]!.GetValue<string>() == "AssistantDeployment"))
            {
                var result = AssistantDeploymentValidator.Validate(document);
                Assert.True(result.IsValid, $"{file}: " + string.Join("; ", result.Errors.Select(e => e.ToString())));
                found++;
            }
        }

        Assert.True(found > 0);
    }
}
