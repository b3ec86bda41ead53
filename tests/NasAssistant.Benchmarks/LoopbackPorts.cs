using System.Net;
using System.Net.Sockets;

namespace NasAssistant.Benchmarks;

/// <summary>Ports for the child processes a benchmark starts.</summary>
internal static class LoopbackPorts
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
