using System.Net.Sockets;
using System.Text;

namespace NasAssistant.Runtime.Tests.Support;

/// <summary>
/// HTTP/1.1 requests written byte for byte over a socket, for request targets that <see cref="HttpClient"/> would
/// normalize first (dot segments, encoded slashes).
/// </summary>
internal static class RawHttp
{
    /// <summary>Sends the request and returns the status code and the whole response as text.</summary>
    public static async Task<(int Status, string Response)> SendAsync(Uri server, string method, string target, string? bearer, string? body = null)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var request = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: close\r\n");
        if (bearer is not null)
        {
            request.Append($"Authorization: Bearer {bearer}\r\n");
        }

        var content = Encoding.UTF8.GetBytes(body ?? string.Empty);
        request.Append(body is null ? "Content-Length: 0\r\n\r\n" : $"Content-Type: application/json\r\nContent-Length: {content.Length}\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        await stream.WriteAsync(content);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (status, response);
    }
}
