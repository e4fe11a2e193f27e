using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.Notifications.Sms;

/// <summary>Registers text messages: settings, the provider, the outbox and its worker.</summary>
internal static class SmsSetup
{
    public static IServiceCollection AddSms(this IServiceCollection services)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidation>();
        services.AddHttpClient(TencentSmsSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<ISmsSender, TencentSmsSender>();
        services.AddSingleton<SmsParameters>();
        services.AddScoped<SmsOutbox>();
        services.AddHostedService<SmsWorker>();
        return services;
    }
}

/// <summary>Refuses unusable SMS settings at start, each problem naming its key.</summary>
internal sealed class SmsOptionsValidation : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
