using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.LectureHall.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Text;

namespace LearnHub.Courses.LectureHall;

/// <summary>The lecture hall: series and sessions, registration and seats, check-in and attendance, live lectures.</summary>
internal static class LectureHallModule
{
    public static IServiceCollection AddLectureHall(this IServiceCollection services)
    {
        // The secret is checked where the codes are made, not at start: hosts that never check anyone in need none.
        services.AddOptions<CheckInOptions>().BindConfiguration(CheckInOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => new CheckInCodes(
            Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<CheckInOptions>>().Value.Secret is { Length: >= 16 } secret
                ? secret : throw new InvalidOperationException("LearnHub:CheckIn:Secret must be at least 16 characters.")),
            sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<Roster>();
        services.AddScoped<SessionListings>();
        services.AddScoped<SessionScheduling>();
        services.AddScoped<SessionPlanner>();
        services.AddScoped<ClassEnrolments>();
        services.AddScoped<ClassPlanner>();
        services.AddScoped<ClassStandings>();
        services.AddScoped<ClassSettlement>();
        services.AddScoped<ClassReflections>();
        services.AddScoped<ClassSummaries>();
        services.AddScoped<ClassLeave>();
        services.AddScoped<ClassNoticeBoard>();
        services.AddScoped<ClassGroups>();
        services.AddScoped<AttendanceBook>();
        services.AddScoped<DemoAttendance>();
        services.AddScoped<LiveLectures>();
        services.AddScoped<LiveReplays>();
        return services;
    }
}
