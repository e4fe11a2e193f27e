using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearnHub.Web.Identity.OpenIdConnect;

/// <summary>
/// Registers the clients at every start, creating or updating them, so a changed definition here or in
/// configuration takes effect on the next restart.
/// </summary>
internal static class OpenIdConnectClients
{
    public const string CliClientId = "learnhub-cli";

    /// <summary>Loopback redirect URIs without a port: any port is accepted (RFC 8252 §7.3, see LoopbackRedirect).</summary>
    public static readonly string[] CliRedirectUris = ["http://127.0.0.1/callback", "http://[::1]/callback"];

    public static async Task EnsureAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        await UpsertAsync(manager, CliDescriptor(), cancellationToken);

        foreach (var client in services.GetRequiredService<IOptions<ServiceClientOptions>>().Value.ServiceClients)
        {
            // A short or missing secret is a configuration mistake; refuse to start rather than expose the API.
            if (string.IsNullOrWhiteSpace(client.ClientId) || client.ClientSecret.Length < 16 || client.ClientId == CliClientId)
            {
                throw new InvalidOperationException($"OpenIddict:ServiceClients: '{client.ClientId}' needs a client id and a secret of at least 16 characters.");
            }

            var descriptor = ServiceDescriptor(client);
            var existing = await manager.FindByClientIdAsync(client.ClientId, cancellationToken);
            // The stored secret is a hash: when it no longer matches the configured one the client is replaced.
            if (existing is not null && !await manager.ValidateClientSecretAsync(existing, client.ClientSecret, cancellationToken))
            {
                await manager.DeleteAsync(existing, cancellationToken);
                existing = null;
            }

            if (existing is null)
            {
                await manager.CreateAsync(descriptor, cancellationToken);
                logger.LogInformation("Service client {ClientId} registered", client.ClientId);
            }
        }
    }

    private static async Task UpsertAsync(IOpenIddictApplicationManager manager, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        if (await manager.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is { } existing)
        {
            await manager.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await manager.CreateAsync(descriptor, cancellationToken);
        }
    }

    private static OpenIddictApplicationDescriptor CliDescriptor()
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = CliClientId,
            DisplayName = "LearnHub CLI",
            ClientType = ClientTypes.Public,
            ApplicationType = ApplicationTypes.Native,
            // First-party: the user is not asked to approve what LearnHub's own tool may do.
            ConsentType = ConsentTypes.Implicit,
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile, Permissions.Prefixes.Scope + OpenIdConnectSetup.ApiScope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in CliRedirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri));
            descriptor.PostLogoutRedirectUris.Add(new Uri(uri));
        }

        return descriptor;
    }

    private static OpenIddictApplicationDescriptor ServiceDescriptor(ServiceClient client) => new()
    {
        ClientId = client.ClientId,
        ClientSecret = client.ClientSecret,
        DisplayName = client.DisplayName ?? client.ClientId,
        ClientType = ClientTypes.Confidential,
        Permissions =
        {
            Permissions.Endpoints.Token,
            Permissions.GrantTypes.ClientCredentials,
            Permissions.Prefixes.Scope + OpenIdConnectSetup.ApiScope,
        },
    };
}
