namespace NasAssistant.Operator.Controller;

/// <summary>How the controller watches, queues and retries (set from <c>operator run</c> flags).</summary>
internal sealed record ControllerOptions
{
    /// <summary>Namespace to watch; null watches all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>Reconciles that may run at the same time (each on a different key).</summary>
    public int Workers { get; init; } = 4;

    /// <summary>How often every cached AssistantDeployment is queued again, and add-on CRDs are looked up again.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay of a failed reconcile; doubles per consecutive failure.</summary>
    public TimeSpan ReconcileBackoffBase { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest retry delay of a failed reconcile.</summary>
    public TimeSpan ReconcileBackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay before retrying a failed list or watch; doubles per consecutive failure.</summary>
    public TimeSpan ApiBackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay before retrying a failed list or watch.</summary>
    public TimeSpan ApiBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Server-side timeout of one watch request (randomised up to twice this, as client-go does).</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Page size of list requests.</summary>
    public int ListPageSize { get; init; } = 500;
}
