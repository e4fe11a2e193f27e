using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Globalization;
using System.Text;

namespace LearnHub.Courses.LectureHall;

/// <summary>The lecture hall: series and sessions, registration and seats, check-in and attendance, live lectures.</summary>
internal static class LectureHallModule
{
    public static IServiceCollection AddLectureHall(this IServiceCollection services)
    {
        services.AddOptions<CheckInOptions>().Configure<IConfiguration>((o, c) =>
        {
            var section = c.GetSection("LearnHub:CheckIn");
            o.Secret = section["Secret"] ?? o.Secret;
            o.LateAfterMinutes = ReadInt(section["LateAfterMinutes"]) ?? o.LateAfterMinutes;
            o.OpensBeforeMinutes = ReadInt(section["OpensBeforeMinutes"]) ?? o.OpensBeforeMinutes;
            o.AutoCloseAfterMinutes = ReadInt(section["AutoCloseAfterMinutes"]) ?? o.AutoCloseAfterMinutes;
        });
        services.AddSingleton(sp => new CheckInCodes(
            Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<CheckInOptions>>().Value.Secret is { Length: >= 16 } secret
                ? secret : throw new InvalidOperationException("LearnHub:CheckIn:Secret must be at least 16 characters.")),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<Roster>();
        services.AddScoped<SessionScheduling>();
        services.AddScoped<AttendanceBook>();
        services.AddScoped<DemoAttendance>();
        services.AddScoped<LiveLectures>();
        services.AddScoped<LiveReplays>();
        return services;
    }

    private static int? ReadInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
