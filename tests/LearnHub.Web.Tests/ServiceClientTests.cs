using System.Net;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests;

public sealed class ServiceClientTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Secret = "reporting-secret-for-tests-0123456789";

    [Fact]
    public async Task Configured_service_client_gets_a_token_by_client_credentials_and_reads_the_api()
    {
        using var app = WithServiceClient();
        var client = app.CreateClient();
        var (status, body) = await OidcClient.TokenAsync(client, new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "reporting", ["client_secret"] = Secret, ["scope"] = "api",
        });
        Assert.Equal(HttpStatusCode.OK, status);
        var token = body.GetProperty("access_token").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await OidcClient.GetWithTokenAsync(client, "/api/v1/courses", token)).StatusCode);
        var me = await (await OidcClient.GetWithTokenAsync(client, "/api/v1/me", token)).Content.ReadAsStringAsync();
        Assert.Contains("\"id\":\"reporting\"", me, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_from_before_a_restart_is_still_accepted_because_the_keys_are_reused()
    {
        string token;
        using (var before = WithServiceClient())
        {
            token = (await OidcClient.TokenAsync(before.CreateClient(), new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = "reporting", ["client_secret"] = Secret, ["scope"] = "api",
            })).Body.GetProperty("access_token").GetString()!;
        }

        using var after = WithServiceClient();
        Assert.Equal(HttpStatusCode.OK, (await OidcClient.GetWithTokenAsync(after.CreateClient(), "/api/v1/courses", token)).StatusCode);
    }

    [Fact]
    public async Task Service_client_with_a_wrong_secret_is_refused()
    {
        using var app = WithServiceClient();
        var (status, body) = await OidcClient.TokenAsync(app.CreateClient(), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "reporting", ["client_secret"] = "not-the-secret-at-all", ["scope"] = "api",
        });
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Public_cli_client_cannot_use_client_credentials()
    {
        var (status, body) = await OidcClient.TokenAsync(factory.CreateClient(), new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = OidcClient.CliClientId, ["scope"] = "api",
        });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.TryGetProperty("error", out _));
        Assert.False(body.TryGetProperty("access_token", out _));
    }

    [Fact]
    public void Signing_keys_are_created_in_the_data_folder_and_readable_only_by_the_owner()
    {
        using var app = WithServiceClient();
        var keys = Path.Combine(app.Services.GetRequiredService<IConfiguration>()["LearnHub:DataPath"]!, "keys");
        foreach (var file in new[] { "oidc-signing.pem", "oidc-encryption.pem" })
        {
            var path = Path.Combine(keys, file);
            Assert.True(File.Exists(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
    }

    private WebApplicationFactory<Program> WithServiceClient() =>
        factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("OpenIddict:ServiceClients:0:ClientId", "reporting");
            builder.UseSetting("OpenIddict:ServiceClients:0:ClientSecret", Secret);
            builder.UseSetting("OpenIddict:ServiceClients:0:DisplayName", "Reporting service");
        });
}
