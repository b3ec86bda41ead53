using k8s;
using k8s.Models;

namespace NasAssistant.FakeKube.Tests.Kubectl;

/// <summary><c>kubectl get</c> prints the columns the server's Table responses carry.</summary>
public sealed class KubectlGetTests : KubectlTest
{
    private const string ReadyStatus = """
        {"readyReplicas": 1, "endpoint": "https://family.assistants.svc:8443",
         "conditions": [{"type": "Ready", "status": "True", "reason": "Serving", "message": "serving", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
        """;

    [Fact]
    public async Task GetAsd_ShowsTheCrdPrinterColumns()
    {
        await ApplyMinimalExampleAsync();
        await SetAssistantStatusAsync("assistants", "family", ReadyStatus);

        var table = PrintedTable.Parse(await KubectlOkAsync("get", "asd", "-n", "assistants"));

        Assert.Equal(["NAME", "READY", "REPLICAS", "MODEL", "ENDPOINT", "AGE"], table.Header);
        var row = table.Row("family");
        Assert.Equal("True", row["READY"]);
        Assert.Equal("1", row["REPLICAS"]);
        Assert.Equal("https://family.assistants.svc:8443", row["ENDPOINT"]);
        Assert.Matches("^[0-9]+s$", row["AGE"]);
    }

    [Fact]
    public async Task GetAsd_BeforeAnyStatus_LeavesStatusColumnsEmpty()
    {
        await ApplyMinimalExampleAsync();

        var row = PrintedTable.Parse(await KubectlOkAsync("get", "asd", "family", "-n", "assistants")).Row("family");

        Assert.Equal(string.Empty, row["READY"]);
        Assert.Equal(string.Empty, row["REPLICAS"]);
        Assert.Equal(string.Empty, row["ENDPOINT"]);
    }

    [Fact]
    public async Task GetAsdWide_ShowsTheSameColumns_AsNoneHasPriority()
    {
        await ApplyMinimalExampleAsync();

        var table = PrintedTable.Parse(await KubectlOkAsync("get", "asd", "-n", "assistants", "-o", "wide"));

        Assert.Equal(["NAME", "READY", "REPLICAS", "MODEL", "ENDPOINT", "AGE"], table.Header);
    }

    [Fact]
    public async Task GetAllNamespaces_AddsTheNamespaceColumn()
    {
        await ApplyMinimalExampleAsync();

        var table = PrintedTable.Parse(await KubectlOkAsync("get", "asd", "--all-namespaces"));

        Assert.Equal(["NAMESPACE", "NAME", "READY", "REPLICAS", "MODEL", "ENDPOINT", "AGE"], table.Header);
        Assert.Equal("assistants", table.Rows.Single()[0]);
    }

    [Fact]
    public async Task GetDeployment_ShowsReadyUpToDateAvailable_AndWideAddsContainersImagesSelector()
    {
        Fake.Store.Create(Deployment("web", readyReplicas: 1));

        var table = PrintedTable.Parse(await KubectlOkAsync("get", "deployments"));
        var wide = PrintedTable.Parse(await KubectlOkAsync("get", "deployments", "-o", "wide"));

        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], table.Header);
        Assert.Equal("1/2", table.Row("web")["READY"]);
        Assert.Equal("1", table.Row("web")["UP-TO-DATE"]);
        Assert.Equal(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS", "IMAGES", "SELECTOR"], wide.Header);
        Assert.Equal("runtime", wide.Row("web")["CONTAINERS"]);
        Assert.Equal("ghcr.io/example/runtime:1", wide.Row("web")["IMAGES"]);
        Assert.Equal("app=web", wide.Row("web")["SELECTOR"]);
    }

    [Fact]
    public async Task GetServiceAndClaim_ShowTheirServerColumns()
    {
        await Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 8443, Name = "https" }], Selector = new Dictionary<string, string> { ["app"] = "web" } } },
            "default");
        await Client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(
            new V1PersistentVolumeClaim
            {
                Metadata = new V1ObjectMeta { Name = "models" },
                Spec = new V1PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    StorageClassName = "local-path",
                    Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("5Gi") } },
                },
            },
            "default");

        var services = PrintedTable.Parse(await KubectlOkAsync("get", "services"));
        var claims = PrintedTable.Parse(await KubectlOkAsync("get", "pvc"));

        Assert.Equal(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], services.Header);
        Assert.Equal("ClusterIP", services.Row("web")["TYPE"]);
        Assert.Equal("<none>", services.Row("web")["EXTERNAL-IP"]);
        Assert.Equal("8443/TCP", services.Row("web")["PORT(S)"]);
        Assert.Equal(["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"], claims.Header);
        Assert.Equal("local-path", claims.Row("models")["STORAGECLASS"]);
    }

    [Fact]
    public async Task GetCrd_ShowsNameAndCreatedAt()
    {
        await ApplyCrdAsync();

        var table = PrintedTable.Parse(await KubectlOkAsync("get", "crd"));

        Assert.Equal(["NAME", "CREATED AT"], table.Header);
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z$", table.Row("assistantdeployments.nasassistant.io")["CREATED AT"]);
    }

    private static V1Deployment Deployment(string name, int readyReplicas) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1DeploymentSpec
        {
            Replicas = 2,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "runtime", Image = "ghcr.io/example/runtime:1" }] },
            },
        },
        Status = new V1DeploymentStatus { ReadyReplicas = readyReplicas, UpdatedReplicas = 1, AvailableReplicas = 1, Replicas = 2 },
    };
}
