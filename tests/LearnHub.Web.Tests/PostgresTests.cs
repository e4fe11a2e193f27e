using System.Net;
using LearnHub.Web.Tests.Support;
using Npgsql;

namespace LearnHub.Web.Tests;

/// <summary>The app on PostgreSQL: a fresh database, every migration, the demo content, pages served.</summary>
[Trait("Category", "Servers")]
#pragma warning disable CA1001 // disposed in DisposeAsync, which xunit calls
public sealed class PostgresTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly string _database = $"learnhub_{Guid.NewGuid():N}";
    private PostgresFactory? _factory;

    private static string ServerConnectionString => Environment.GetEnvironmentVariable("LEARNHUB_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LEARNHUB_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL.");

    public Task InitializeAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database };
        _factory = new PostgresFactory(builder.ConnectionString);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task App_migrates_loads_demo_content_and_serves_on_PostgreSQL()
    {
        var client = await _factory!.SignInAsync("trainee@learnhub.example");

        var catalogue = await client.GetStringAsync("/courses?tier=Secretaries");
        var learning = await client.GetAsync("/my/learning");

        Assert.Contains("data-testid=\"course-card\"", catalogue, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, learning.StatusCode);
        Assert.Contains("省人工智能学会", await learning.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = _database }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from \"People\"", connection);
        Assert.True((long)(await command.ExecuteScalarAsync())! >= 300);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{_database}\" with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private sealed class PostgresFactory(string connectionString) : LearnHubFactory
    {
        protected override string? PostgresConnectionString => connectionString;
    }
}
