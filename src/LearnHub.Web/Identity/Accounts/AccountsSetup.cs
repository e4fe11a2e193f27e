namespace LearnHub.Web.Identity.Accounts;

/// <summary>Registers accounts for the roster: codes, provisioning, the audit trail, their administration and activation sheets.</summary>
internal static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, string dataPath)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .Validate(o => o.IssuedCodeDays > 0 && o.SmsCodeMinutes > 0 && o.EmailLinkMinutes > 0 && o.MaxCodeFailures > 0
                    && o.CodePostsPerMinute > 0 && o.SignInPostsPerMinute > 0 && o.TokenPostsPerMinute > 0,
                "LearnHub:Accounts: code lifetimes, the failure limit and the posts a minute must be positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => AccountCodeKey.Load(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.CodeKey,
            Path.Combine(dataPath, "keys", "account-codes.key")));
        services.AddSingleton<AccountStamps>();
        services.AddScoped<AccountCodes>();
        services.AddScoped<PersonAccounts>();
        services.AddHostedService<RosterAccountsWorker>();
        services.AddScoped<AccountSessions>();
        services.AddScoped<CodeRequestLimits>();
        services.AddScoped<CodePasswords>();
        services.AddScoped<StaffAccounts>();
        services.AddScoped<Features.Account.AccountMessenger>();
        // Guessing codes across many accounts from one address is slowed here; one account's codes die after a few wrong tries anyway.
        // Sign-in likewise: the address is the client's own once the forwarded headers (from known proxies) are applied.
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                // An app reads the token endpoint's errors as OAuth JSON; a body also keeps the status-code page from replacing it with HTML.
                return context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>()?.PolicyName
                    == OpenIdConnect.AuthorizationController.TokenRateLimit
                    ? new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
                        new { error = "too_many_requests", error_description = "Too many token requests from this address; try again later." }, cancellationToken))
                    : ValueTask.CompletedTask;
            };
            limiter.AddPolicy(Features.Account.PasswordController.CodesRateLimit, context =>
                PerClientPerMinute(context, o => o.CodePostsPerMinute));
            limiter.AddPolicy(Features.Account.AccountController.SignInRateLimit, context =>
                PerClientPerMinute(context, o => o.SignInPostsPerMinute));
            limiter.AddPolicy(OpenIdConnect.AuthorizationController.TokenRateLimit, context =>
                PerClientPerMinute(context, o => o.TokenPostsPerMinute));
        });
        services.AddScoped<ContactPersons>();
        services.AddScoped<Features.Registry.Accounts.AccountQueries>();
        services.AddScoped<Features.Registry.Accounts.AccountActions>();
        services.AddScoped<Features.Registry.Accounts.ActivationSheets>();
        services.AddScoped<Features.Registry.Accounts.ActivationSheetPdf>();
        return services;
    }

    private static System.Threading.RateLimiting.RateLimitPartition<string> PerClientPerMinute(HttpContext context, Func<AccountOptions, int> limit)
    {
        var perMinute = limit(context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value);
        return System.Threading.RateLimiting.RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "",
            _ => new System.Threading.RateLimiting.FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) });
    }
}
