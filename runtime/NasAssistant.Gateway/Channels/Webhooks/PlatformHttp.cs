using System.Net;
using System.Text;
using System.Text.Json;

namespace NasAssistant.Gateway.Channels.Webhooks;

/// <summary>
/// Calls a platform's JSON API. What cannot be the platform's considered answer (no connection, a timeout, a
/// 5xx, a body that is not JSON) becomes a <see cref="PlatformException"/> of reason
/// <see cref="ChannelReasons.Unreachable"/>; every other answer is returned for the kind to read its codes.
/// </summary>
internal static class PlatformHttp
{
    /// <summary>POSTs <paramref name="json"/> to <paramref name="url"/>, with a bearer <paramref name="token"/> when given.</summary>
    public static Task<PlatformResponse> PostAsync(HttpClient http, Uri url, string json, string? token, string platform, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return SendAsync(http, request, token, platform, cancellationToken);
    }

    /// <summary>GETs <paramref name="url"/>, with a bearer <paramref name="token"/> when given.</summary>
    public static Task<PlatformResponse> GetAsync(HttpClient http, Uri url, string? token, string platform, CancellationToken cancellationToken) =>
        SendAsync(http, new HttpRequestMessage(HttpMethod.Get, url), token, platform, cancellationToken);

    private static async Task<PlatformResponse> SendAsync(HttpClient http, HttpRequestMessage request, string? token, string platform, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            // The address may hold a credential (WeCom's access_token): only its path is ever shown.
            var shown = $"{platform} {request.RequestUri!.GetLeftPart(UriPartial.Path)}";
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if ((int)response.StatusCode >= 500)
                {
                    throw new PlatformException($"{shown} answered {(int)response.StatusCode}");
                }

                return new PlatformResponse(response.StatusCode, Parse(bytes, shown, response.StatusCode), response.Headers);
            }
            catch (HttpRequestException e)
            {
                throw new PlatformException($"{shown} cannot be reached: {e.Message}", e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PlatformException($"{shown} did not answer in time", e);
            }
        }
    }

    private static JsonElement Parse(byte[] bytes, string shown, HttpStatusCode status)
    {
        if (bytes.Length == 0)
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new PlatformException($"{shown} answered {(int)status} with something that is not JSON", e);
        }
    }
}
