using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Hosting.Postgres;

/// <summary>Picks a loopback TCP port that is free now, for a server that must be told its port up front.</summary>
public static class FreeTcpPort
{
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
