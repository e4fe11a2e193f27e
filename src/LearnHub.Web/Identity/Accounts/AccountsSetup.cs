namespace LearnHub.Web.Identity.Accounts;

/// <summary>Registers accounts for the roster: codes, provisioning, the audit trail, their administration and activation sheets.</summary>
internal static class AccountsSetup
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, string dataPath)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .Validate(o => o.IssuedCodeDays > 0 && o.SmsCodeMinutes > 0 && o.EmailLinkMinutes > 0 && o.MaxCodeFailures > 0,
                "LearnHub:Accounts: code lifetimes and the failure limit must be positive.")
            .ValidateOnStart();
        services.AddSingleton(sp => AccountCodeKey.Load(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<AccountOptions>>().Value.CodeKey,
            Path.Combine(dataPath, "keys", "account-codes.key")));
        services.AddScoped<AccountCodes>();
        services.AddScoped<PersonAccounts>();
        services.AddScoped<Features.Registry.Accounts.AccountQueries>();
        services.AddScoped<Features.Registry.Accounts.AccountActions>();
        services.AddScoped<Features.Registry.Accounts.ActivationSheets>();
        services.AddScoped<Features.Registry.Accounts.ActivationSheetPdf>();
        return services;
    }
}
