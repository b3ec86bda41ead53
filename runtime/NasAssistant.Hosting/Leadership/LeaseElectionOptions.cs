namespace NasAssistant.Hosting.Leadership;

/// <summary>The Lease that decides which replica does the work, and its timings.</summary>
public sealed record LeaseElectionOptions
{
    /// <summary>Namespace of the Lease.</summary>
    public required string LeaseNamespace { get; init; }

    /// <summary>Name of the Lease.</summary>
    public required string LeaseName { get; init; }

    /// <summary>This replica's name in the Lease's holderIdentity; unique per process.</summary>
    public required string Identity { get; init; }

    /// <summary>How long a lease is valid without renewal: the longest a crashed leader blocks a takeover.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A holder identity for this process: the pod name (or host name) and a random suffix.</summary>
    public static string NewIdentity()
    {
        var host = Environment.GetEnvironmentVariable("POD_NAME") is { Length: > 0 } pod ? pod : Environment.MachineName;
        return $"{host}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
    }
}
