using System.Net;

namespace LearnHub.Media.Live;

/// <summary>
/// How many RTMP connections a session's port keeps open at once: at most <paramref name="perAddress"/> from one
/// remote address and <paramref name="total"/> in all. More are closed at once, so someone hammering the port with
/// wrong keys cannot exhaust the node, nor keep the lecturer's encoder out.
/// </summary>
internal sealed class RtmpAdmission(int perAddress = RtmpAdmission.DefaultPerAddress, int total = RtmpAdmission.DefaultTotal)
{
    public const int DefaultPerAddress = 8;
    public const int DefaultTotal = 24;

    private readonly Dictionary<IPAddress, int> _open = [];
    private readonly Lock _gate = new();

    /// <summary>Takes a place for a connection from <paramref name="remote"/>; false when there is none.</summary>
    public bool Admit(IPAddress remote)
    {
        lock (_gate)
        {
            var fromRemote = _open.GetValueOrDefault(remote);
            if (fromRemote >= perAddress || _open.Values.Sum() >= total)
            {
                return false;
            }

            _open[remote] = fromRemote + 1;
            return true;
        }
    }

    /// <summary>Gives back the place of a connection that ended.</summary>
    public void Release(IPAddress remote)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(remote, out var count) && count > 1)
            {
                _open[remote] = count - 1;
            }
            else
            {
                _open.Remove(remote);
            }
        }
    }
}
