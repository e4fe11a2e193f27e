using System.Net;
using LearnHub.Media.Live;

namespace LearnHub.Media.Tests.Live;

public sealed class RtmpAdmissionTests
{
    private static readonly IPAddress Hammer = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Lecturer = IPAddress.Parse("198.51.100.2");

    [Fact]
    public void One_address_gets_eight_places_and_the_others_still_get_theirs()
    {
        var admission = new RtmpAdmission();
        for (var i = 0; i < RtmpAdmission.DefaultPerAddress; i++)
        {
            Assert.True(admission.Admit(Hammer));
        }

        Assert.False(admission.Admit(Hammer));
        Assert.True(admission.Admit(Lecturer));
    }

    [Fact]
    public void The_session_takes_at_most_its_total_from_everyone()
    {
        var admission = new RtmpAdmission(perAddress: 2, total: 3);
        Assert.True(admission.Admit(IPAddress.Parse("192.0.2.1")));
        Assert.True(admission.Admit(IPAddress.Parse("192.0.2.2")));
        Assert.True(admission.Admit(IPAddress.Parse("192.0.2.3")));
        Assert.False(admission.Admit(Lecturer));
    }

    [Fact]
    public void A_connection_that_ends_gives_its_place_back()
    {
        var admission = new RtmpAdmission(perAddress: 1, total: 1);
        Assert.True(admission.Admit(Hammer));
        Assert.False(admission.Admit(Lecturer));
        admission.Release(Hammer);
        Assert.True(admission.Admit(Lecturer));
    }
}
