using System.Security.Cryptography;
using LearnHub.DataAccess;
using LearnHub.Web.Features.LectureHall.Classes.Certificates;
using LearnHub.Web.Features.Notifications;
using LearnHub.Web.Features.Notifications.Sms;

namespace LearnHub.Web.Features.LectureHall;

/// <summary>Registers lecture-hall operations and notifications in the host.</summary>
internal static class LectureHallSetup
{
    public static WebApplicationBuilder AddLectureHallOperations(this WebApplicationBuilder builder)
    {
        // Check-in codes must be the same on every node and survive restarts: configured, or a secret kept in the data folder.
        if (string.IsNullOrEmpty(builder.Configuration["LearnHub:CheckIn:Secret"]))
        {
            var file = Path.Combine(builder.Configuration["LearnHub:DataPath"]!, "checkin-secret.txt");
            if (!File.Exists(file))
            {
                try
                {
                    using var writer = new StreamWriter(file, System.Text.Encoding.ASCII, PrivateFiles.CreateNew());
                    writer.Write(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Another node created it first: use theirs, so codes agree.
                }
            }
            else
            {
                // Whoever reads it can make valid check-in codes for any session.
                PrivateFiles.Restrict(file);
            }

            builder.Configuration["LearnHub:CheckIn:Secret"] = File.ReadAllText(file).Trim();
        }

        var services = builder.Services;
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        services.AddSingleton<EmailSender>();
        services.AddScoped<EmailOutbox>();
        services.AddSms();
        services.AddScoped<Notifier>();
        services.AddHostedService<MailWorker>();
        services.AddHostedService<OutboxMetrics>();
        services.AddSingleton<Courses.LectureHall.Attendance.CheckInAttempts>();
        services.AddSingleton<Sessions.CheckInMetrics>();
        services.AddSingleton<Features.Registry.LecturerProfile.LecturerPhotos>();
        services.AddScoped<HallNotices>();
        services.AddScoped<Classes.ClassNotices>();
        services.AddScoped<Classes.ClassTimetables>();
        services.AddScoped<Classes.ClassOverlapPrompt>();
        services.AddClassCertificates(builder.Configuration["LearnHub:DataPath"]!);
        services.AddScoped<Classes.Assessment.ClassAssessmentNotices>();
        services.AddScoped<Classes.Running.ClassRunGate>();
        services.AddScoped<Classes.Running.ClassRunQueries>();
        services.AddScoped<Classes.Running.ClassRunNotices>();
        services.AddScoped<Sessions.LecturerSessions>();
        services.AddHostedService<HallWorker>();
        return builder;
    }
}
