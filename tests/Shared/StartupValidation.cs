using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LearnHub.Tests;

/// <summary>Runs the checks a host runs at start (those <c>ValidateOnStart</c> registered) on settings given in memory.</summary>
internal static class StartupValidation
{
    public static ServiceProvider Start(Action<IServiceCollection> register, IReadOnlyDictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        register(services);
        var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider;
    }

    /// <summary>The failures the start reports for one setting.</summary>
    public static IEnumerable<string> Refusal(Action<IServiceCollection> register, string key, string value) =>
        Assert.Throws<OptionsValidationException>(() => Start(register, new Dictionary<string, string?> { [key] = value }).Dispose()).Failures;
}
