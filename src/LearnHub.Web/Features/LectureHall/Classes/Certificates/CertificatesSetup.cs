using System.Globalization;
using System.Threading.RateLimiting;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Web.Identity.Accounts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.LectureHall.Classes.Certificates;

/// <summary>Registers completion certificates: the serials' key, the service, the PDF and the public verification's rate limit.</summary>
internal static class CertificatesSetup
{
    public const string VerifyRateLimit = "certificate-verify";

    public static IServiceCollection AddClassCertificates(this IServiceCollection services, string dataPath)
    {
        services.AddOptions<CertificateOptions>().BindConfiguration(CertificateOptions.Section)
            .Validate(o => o.VerificationsPerMinute > 0, "LearnHub:Certificates:VerificationsPerMinute must be positive.")
            .ValidateOnStart();
        // Kept like the account codes' key: configured, or 32 random bytes in an owner-only file made by the first node.
        services.AddSingleton(sp => new CertificateSerials(AccountCodeKey.Load(
            sp.GetRequiredService<IOptions<CertificateOptions>>().Value.SigningKey,
            Path.Combine(dataPath, "keys", "class-certificates.key")).Bytes));
        // A certificate's days count hours as the year's rules do, read where the rules are known.
        services.AddScoped<HoursPerDay>(sp => sp.GetRequiredService<ClassTimetables>().HoursPerDayAsync);
        services.AddScoped<ClassCertificates>();
        services.AddScoped<CertificatePdf>();
        services.AddScoped<CertificateNotices>();
        // The verification page is public: trying serials from one address is slowed as signing in is.
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(VerifyRateLimit, context =>
        {
            var perMinute = context.RequestServices.GetRequiredService<IOptions<CertificateOptions>>().Value.VerificationsPerMinute;
            return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) });
        }));
        return services;
    }

}
