using k8s.Models;
using NasAssistant.Operator.Controller;

namespace NasAssistant.Chart.Tests.Chart;

/// <summary>The chart grants exactly <see cref="OperatorPermissions"/>: each grant where its scope says, nothing more.</summary>
public sealed class ChartRbacTests
{
    public static TheoryData<string, string> Cases() => ChartValueSets.WithHelms();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rules_EqualTheOperatorsDeclaredPermissions(string helm, string valueSet)
    {
        var chart = RenderedChart.Render(helm, valueSet);
        var deployment = chart.Single<V1Deployment>();
        var args = deployment.Spec.Template.Spec.Containers.Single().Args;
        var watched = args.FirstOrDefault(a => a.StartsWith("--namespace=", StringComparison.Ordinal))?["--namespace=".Length..];
        var leaderElection = args.Contains("--leader-election");
        var serviceAccount = deployment.Spec.Template.Spec.ServiceAccountName;

        var granted = new List<string>();
        foreach (var role in chart.OfType<V1ClusterRole>())
        {
            AssertBoundTo(chart, "ClusterRole", role.Metadata.Name, null, serviceAccount);
            granted.AddRange(Expand(role.Rules, "cluster"));
        }

        foreach (var role in chart.OfType<V1Role>())
        {
            AssertBoundTo(chart, "Role", role.Metadata.Name, role.Metadata.NamespaceProperty, serviceAccount);
            granted.AddRange(Expand(role.Rules, "namespace " + role.Metadata.NamespaceProperty));
        }

        var expected = OperatorPermissions.All.Concat(OperatorPermissions.Delegated)
            .Where(p => p.Scope != PermissionScope.OperatorNamespace || leaderElection)
            .SelectMany(p => Expand(p, p.Scope switch
            {
                PermissionScope.Cluster => "cluster",
                PermissionScope.OperatorNamespace => "namespace " + RenderedChart.ReleaseNamespace,
                _ => watched is null ? "cluster" : "namespace " + watched,
            }));
        Assert.Equal(expected.Distinct().Order(StringComparer.Ordinal), granted.Distinct().Order(StringComparer.Ordinal));
    }

    // The API server lets the operator write the gateway's Role only if it holds every permission the Role grants
    // (the escalation check of the RBAC registry), so each rule must be covered by the chart's grant where assistants live.
    [Theory]
    [MemberData(nameof(Cases))]
    public void TheOperator_HoldsEveryPermission_ItsGatewayRoleGrants(string helm, string valueSet)
    {
        var chart = RenderedChart.Render(helm, valueSet);
        var args = chart.Single<V1Deployment>().Spec.Template.Spec.Containers.Single().Args;
        var watched = args.FirstOrDefault(a => a.StartsWith("--namespace=", StringComparison.Ordinal))?["--namespace=".Length..];
        var held = chart.OfType<V1ClusterRole>().SelectMany(r => r.Rules)
            .Concat(chart.OfType<V1Role>().Where(r => r.Metadata.NamespaceProperty == watched).SelectMany(r => r.Rules))
            .ToList();
        var assistant = new NasAssistant.Operator.Api.AssistantDeployment { Metadata = new V1ObjectMeta { Name = "family", NamespaceProperty = watched ?? "home" } };

        foreach (var rule in NasAssistant.Operator.Resources.Channels.GatewayRbacBuilder.Rules(assistant))
        {
            foreach (var (group, resource, verb, name) in from g in rule.ApiGroups from r in rule.Resources from v in rule.Verbs
                     from n in rule.ResourceNames is { Count: > 0 } names ? names.Select(x => (string?)x) : [null] select (g, r, v, n))
            {
                Assert.True(
                    held.Any(h => h.ApiGroups.Contains(group) && h.Resources.Contains(resource) && h.Verbs.Contains(verb)
                        && (h.ResourceNames is not { Count: > 0 } || (name is not null && h.ResourceNames.Contains(name)))),
                    $"the chart does not grant {verb} {group}/{resource} {name}, which the gateway's Role grants");
            }
        }
    }

    private static void AssertBoundTo(RenderedChart chart, string kind, string name, string? ns, string serviceAccount)
    {
        var subjects = kind == "ClusterRole"
            ? chart.OfType<V1ClusterRoleBinding>().Where(b => b.RoleRef.Kind == kind && b.RoleRef.Name == name).SelectMany(b => b.Subjects)
            : chart.OfType<V1RoleBinding>().Where(b => b.RoleRef.Kind == kind && b.RoleRef.Name == name && b.Metadata.NamespaceProperty == ns).SelectMany(b => b.Subjects);
        var subject = Assert.Single(subjects);
        Assert.Equal("ServiceAccount", subject.Kind);
        Assert.Equal(serviceAccount, subject.Name);
        Assert.Equal(RenderedChart.ReleaseNamespace, subject.NamespaceProperty);
    }

    private static IEnumerable<string> Expand(IEnumerable<V1PolicyRule> rules, string where) =>
        from rule in rules
        from g in rule.ApiGroups
        from r in rule.Resources
        from v in rule.Verbs
        from n in rule.ResourceNames is { Count: > 0 } names ? names.Select(x => (string?)x) : [null]
        select $"{where} {g}/{r} {v} {n}";

    private static IEnumerable<string> Expand(ApiPermission p, string where) =>
        from v in p.Verbs
        from n in p.ResourceNames.Count > 0 ? p.ResourceNames.Select(x => (string?)x) : [null]
        select $"{where} {p.Group}/{p.Resource} {v} {n}";
}
