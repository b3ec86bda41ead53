using System.Net;
using k8s.Autorest;

namespace NasAssistant.Operator.Reconciliation;

/// <summary>Recognizes the API server's answers the reconciler handles rather than retries blindly.</summary>
internal static class ApiErrors
{
    public static bool IsNotFound(Exception e) => Status(e) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception e) => Status(e) == HttpStatusCode.Conflict;

    public static bool IsInvalid(Exception e) => Status(e) == HttpStatusCode.UnprocessableEntity;

    private static HttpStatusCode? Status(Exception e) => (e as HttpOperationException)?.Response?.StatusCode;

    /// <summary>Reads an object, or null when it does not exist.</summary>
    public static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException e) when (IsNotFound(e))
        {
            return null;
        }
    }
}
