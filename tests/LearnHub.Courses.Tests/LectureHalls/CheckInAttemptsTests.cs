using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.LectureHalls;

public sealed class CheckInAttemptsTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 6, 20, 0, TimeSpan.Zero));

    [Fact]
    public void Five_wrong_codes_within_a_minute_lock_the_person_out_of_that_session_until_the_first_ages_out()
    {
        var attempts = new CheckInAttempts(_clock);
        for (var i = 0; i < CheckInAttempts.MaxFailures - 1; i++)
        {
            attempts.RecordFailure(1, 7);
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(TimeSpan.Zero, attempts.RetryAfter(1, 7));
        attempts.RecordFailure(1, 7); // the fifth, 40 s after the first
        Assert.Equal(TimeSpan.FromSeconds(20), attempts.RetryAfter(1, 7));
        Assert.Equal(TimeSpan.Zero, attempts.RetryAfter(2, 7));
        Assert.Equal(TimeSpan.Zero, attempts.RetryAfter(1, 8));

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(TimeSpan.Zero, attempts.RetryAfter(1, 7));
        attempts.RecordFailure(1, 7);
        Assert.Equal(TimeSpan.FromSeconds(10), attempts.RetryAfter(1, 7));

        attempts.Reset(1, 7);
        Assert.Equal(TimeSpan.Zero, attempts.RetryAfter(1, 7));
    }
}
