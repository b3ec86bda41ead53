namespace NasAssistant.Operator.Controller;

/// <summary>One RBAC grant the operator needs: verbs on a resource of an API group.</summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Resource">Plural resource, with <c>/subresource</c> for a subresource.</param>
/// <param name="Verbs">Exactly the verbs the operator's code calls.</param>
/// <param name="Scope">Where the grant applies.</param>
/// <param name="ResourceNames">Object names the grant is limited to; empty for every object.</param>
internal sealed record ApiPermission(string Group, string Resource, IReadOnlyList<string> Verbs, PermissionScope Scope, IReadOnlyList<string> ResourceNames)
{
    public ApiPermission(string group, string resource, IReadOnlyList<string> verbs, PermissionScope scope = PermissionScope.WatchedNamespaces)
        : this(group, resource, verbs, scope, [])
    {
    }
}
