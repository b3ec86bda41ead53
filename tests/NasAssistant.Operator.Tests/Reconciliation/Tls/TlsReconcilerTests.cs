using k8s.Models;
using NasAssistant.Operator.Reconciliation.Status;
using static NasAssistant.Operator.Tests.Reconciliation.ReconcilerHarness;

namespace NasAssistant.Operator.Tests.Reconciliation.Tls;

/// <summary>The TLS step: switching <c>tls.mode</c> or <c>tls.secretName</c> leaves none of the operator's Secrets behind, and nobody else's goes.</summary>
public sealed class TlsReconcilerTests
{
    public static TheoryData<string, string, string, string[], string[]> Switches() => new()
    {
        { "a new secretName", "{secretName: first-tls}", "{secretName: second-tls}", ["second-tls", "family-ca"], ["first-tls"] },
        { "from a custom secretName to the default", "{secretName: first-tls}", "{}", ["family-tls", "family-ca"], ["first-tls"] },
        { "disabled, with a custom secretName", "{secretName: my-cert}", "{mode: Disabled}", [], ["my-cert", "family-ca"] },
        { "cert-manager, with a custom secretName", "{secretName: my-cert}", "{mode: CertManager, issuerRef: {name: home-ca}}", [], ["my-cert", "family-ca"] },
        { "the user's Secret", "{}", "{mode: Secret, secretName: users-cert}", ["users-cert"], ["family-tls", "family-ca"] },
        { "the user keeps the issued Secret", "{secretName: my-cert}", "{mode: Secret, secretName: my-cert}", ["my-cert"], ["family-ca"] },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public async Task Switching_RemovesEverySecretTheOperatorIssued_ButNoneInUseAndNoneOfAnyoneElses(
        string name, string before, string after, string[] present, string[] absent)
    {
        await using var h = await StartAsync();
        h.Fake.Store.Create(UsersSecret("users-cert"));
        h.Fake.Store.Create(UsersSecret("unrelated"));
        await h.CreateAsync("family", $"tls: {before}\n");
        await h.ConvergeAsync("family");
        Assert.NotNull(h.Fake.Store.Get<V1Secret>(Namespace, "family-ca"));

        var tls = TestResources.WithSpec($"tls: {after}\n").Spec.Tls;
        await h.UpdateSpecAsync("family", spec => spec.Tls = tls);
        await h.ConvergeAsync("family");

        var secrets = h.Fake.Store.List("v1", "Secret", Namespace).Select(s => s["metadata"]!["name"]!.GetValue<string>()).ToList();
        Assert.All(present, secret => Assert.True(secrets.Contains(secret), $"{name}: {secret} is gone; left: {string.Join(", ", secrets)}"));
        Assert.All(absent, secret => Assert.False(secrets.Contains(secret), $"{name}: {secret} is left behind"));
        Assert.Contains("users-cert", secrets);
        Assert.Contains("unrelated", secrets);
    }

    [Fact]
    public async Task SecretMode_ReportsTheUsersSecret_AndPointsThePodsAtIt()
    {
        await using var h = await StartAsync();
        h.Fake.Store.Create(UsersSecret("users-cert"));
        await h.CreateAsync("family", "tls: {mode: Secret, secretName: users-cert}\n");
        await h.ConvergeAsync("family");

        var ad = await h.GetAsync("family");
        var certificate = FindCondition(ad, ConditionTypes.CertificateReady)!;
        Assert.Equal(("True", ConditionReasons.SecretValid), (certificate.Status, certificate.Reason));
        Assert.Equal("users-cert", ad.Status!.Certificate!.SecretName);
        var volumes = h.Fake.Store.Get<V1Deployment>(Namespace, "family")!.Spec.Template.Spec.Volumes;
        Assert.Contains(volumes, v => v.Secret?.SecretName == "users-cert");
    }

    [Fact]
    public async Task SelfSigned_OverASecretOfThatNameOwnedBySomeoneElse_LeavesItAndSaysSo()
    {
        await using var h = await StartAsync();
        h.Fake.Store.Create(UsersSecret("family-tls"));
        await h.CreateAsync("family", "replicas: 1\n");
        await h.ConvergeAsync("family");

        Assert.Equal("mine", System.Text.Encoding.ASCII.GetString(h.Fake.Store.Get<V1Secret>(Namespace, "family-tls")!.Data["tls.crt"]));
        var ad = await h.GetAsync("family");
        Assert.Equal("False", Condition(ad, ConditionTypes.CertificateReady));
        var degraded = FindCondition(ad, ConditionTypes.Degraded)!;
        Assert.Equal(("True", ConditionReasons.ChildOwnedByOther), (degraded.Status, degraded.Reason));
        Assert.Contains("Secret family-tls", degraded.Message, StringComparison.Ordinal);
    }

    private static V1Secret UsersSecret(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Type = "kubernetes.io/tls",
        Data = new Dictionary<string, byte[]> { ["tls.crt"] = "mine"u8.ToArray(), ["tls.key"] = "key"u8.ToArray() },
    };
}
