namespace NasAssistant.Runtime.Security;

/// <summary>
/// Who sends a request: a key's name, a channel user a gateway acts for (<c>telegram:123456789</c>), or, with no key
/// file configured, <c>anonymous</c>. Conversations belong to the caller that created them.
/// </summary>
/// <param name="Name">The identity conversations are recorded under.</param>
/// <param name="IsAdmin">An admin key, or anyone when no keys are configured: sees every conversation and manages documents.</param>
internal sealed record Caller(string Name, bool IsAdmin)
{
    /// <summary>The identity of every request when no key file is configured, and the owner of conversations stored before owners were recorded.</summary>
    public const string AnonymousName = "anonymous";

    /// <summary>The caller of every request when no key file is configured: one user who sees everything.</summary>
    public static Caller Anonymous { get; } = new(AnonymousName, IsAdmin: true);

    /// <summary>The caller the middleware established for <paramref name="context"/>.</summary>
    public static Caller Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<Caller>() ?? throw new InvalidOperationException("no caller was established for this request");
    }

    /// <summary>Whether this caller may read, continue or delete a conversation owned by <paramref name="owner"/> (null: not yet owned).</summary>
    public bool MayAccess(string? owner) => IsAdmin || string.Equals(owner, Name, StringComparison.Ordinal);
}
