using LearnHub.Courses.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LearnHub.Courses.Tests;

/// <summary>The Courses module as a host builds it, on a SQLite file of its own and the test's clock.</summary>
internal sealed class CoursesHost : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "learnhub-courses-host", Guid.NewGuid().ToString("N"));
    private readonly IHost _host;

    private CoursesHost(TimeProvider clock, Action<IServiceCollection>? services)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LearnHub:DataPath"] = _folder, ["LearnHub:CheckIn:Secret"] = "a-test-secret-of-enough-length",
        });
        builder.AddCoursesModule();
        builder.Services.Replace(ServiceDescriptor.Singleton(clock));
        builder.Services.AddLogging();
        services?.Invoke(builder.Services);
        _host = builder.Build();
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>Starts the module; <paramref name="services"/> adds what a web host would offer beside it (certificates).</summary>
    public static async Task<CoursesHost> StartAsync(TimeProvider clock, Action<IServiceCollection>? services = null)
    {
        var host = new CoursesHost(clock, services);
        await host.Services.MigrateCoursesAsync();
        return host;
    }

    /// <summary>Runs work in a scope of its own, as one request would.</summary>
    public async Task<T> WithAsync<T>(Func<IServiceProvider, CoursesDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<CoursesDbContext>());
    }

    public void Dispose()
    {
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
