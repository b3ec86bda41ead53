using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NasAssistant.Benchmarks;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends pre-built POST requests and reads just enough of the
/// response (status line, Content-Length, body) to pass it by. The load generator shares the cores
/// with the server, so it must cost as little CPU as possible; HttpClient costs about as much per
/// request as the server's own HTTP handling.
/// </summary>
internal sealed class LeanHttpConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private static readonly byte[] Chunked = "transfer-encoding: chunked"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private LeanHttpConnection(Socket socket) => _socket = socket;

    public static async Task<LeanHttpConnection> OpenAsync(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(endpoint);
        return new LeanHttpConnection(socket);
    }

    /// <summary>The bytes of a POST with a JSON body.</summary>
    public static byte[] Request(string path, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        return [.. head, .. body];
    }

    /// <summary>Sends one request and returns the response's status code once its body has been read.</summary>
    public async Task<int> SendAsync(byte[] request)
    {
        await _socket.SendAsync(request, SocketFlags.None);
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(HeaderEnd)) < 0)
        {
            await FillAsync();
        }

        var (status, length) = ReadHead(_buffer.AsSpan(_start, headerEnd));
        _start += headerEnd + HeaderEnd.Length;
        if (length is { } whole)
        {
            await SkipAsync(whole);
            return status;
        }

        // Chunked: "size CRLF data CRLF" until a zero size, then the final CRLF.
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf(LineEnd)) < 0)
            {
                await FillAsync();
            }

            var size = int.Parse(_buffer.AsSpan(_start, lineEnd), System.Globalization.NumberStyles.HexNumber, provider: null);
            _start += lineEnd + LineEnd.Length;
            await SkipAsync(size + LineEnd.Length);
            if (size == 0)
            {
                return status;
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private static (int Status, int? Length) ReadHead(ReadOnlySpan<byte> head)
    {
        var status = int.Parse(head.Slice(9, 3), provider: null);
        Span<byte> lower = head.Length <= 4096 ? stackalloc byte[head.Length] : new byte[head.Length];
        Ascii.ToLower(head, lower, out _);
        var at = lower.IndexOf(ContentLength);
        if (at < 0)
        {
            return lower.IndexOf(Chunked) >= 0 ? (status, null) : throw new InvalidDataException("response with neither Content-Length nor chunked encoding");
        }

        var value = lower[(at + ContentLength.Length)..];
        var lineEnd = value.IndexOf((byte)'\r');
        return (status, int.Parse(value[..(lineEnd < 0 ? value.Length : lineEnd)].Trim((byte)' '), provider: null));
    }

    private async Task SkipAsync(int count)
    {
        while (_end - _start < count)
        {
            count -= _end - _start;
            _start = _end = 0;
            await FillAsync();
        }

        _start += count;
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new InvalidDataException("response larger than the connection's buffer");
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
    }
}
