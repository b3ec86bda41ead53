namespace NasAssistant.Operator.Controller;

/// <summary>Where an <see cref="ApiPermission"/> must be granted.</summary>
internal enum PermissionScope
{
    /// <summary>A cluster-scoped kind: always a ClusterRole.</summary>
    Cluster,

    /// <summary>Kinds in the namespaces the operator watches: a ClusterRole, or a Role in the one watched namespace.</summary>
    WatchedNamespaces,

    /// <summary>The operator's own namespace (the leader election Lease), only with leader election on.</summary>
    OperatorNamespace,
}
