using System.Net;
using System.Net.Sockets;

namespace NasAssistant.Benchmarks;

/// <summary>Ports for the benchmark's child processes, which must be told theirs.</summary>
internal static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
