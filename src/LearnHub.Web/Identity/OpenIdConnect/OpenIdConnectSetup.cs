using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace LearnHub.Web.Identity.OpenIdConnect;

/// <summary>The OpenID Connect server (OpenIddict) on top of ASP.NET Core Identity, and bearer validation for /api.</summary>
internal static class OpenIdConnectSetup
{
    /// <summary>Scope that grants the JSON API under /api/v1.</summary>
    public const string ApiScope = "api";

    /// <summary>Authorization policy for /api/v1: a bearer token from this server carrying the api scope.</summary>
    public const string ApiPolicy = "api";

    public static WebApplicationBuilder AddOpenIdConnectServer(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var keysFolder = Path.Combine(configuration["LearnHub:DataPath"]!, "keys");
        // OpenIddict:AllowHttp lets tokens be issued over plain HTTP. It defaults to on for the demo
        // (http://localhost:5000), development and tests; anything else must sit behind HTTPS.
        var allowHttp = configuration.GetValue<bool?>("OpenIddict:AllowHttp")
            ?? (configuration.GetValue<bool>("LearnHub:Demo") || builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"));

        builder.Services.AddOptions<ServiceClientOptions>().BindConfiguration(ServiceClientOptions.Section).ValidateOnStart();
        builder.Services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<AppIdentityDbContext>();
                options.ReplaceApplicationManager(typeof(LoopbackRedirectApplicationManager<>));
            })
            .AddServer(options =>
            {
                // With a public address the issuer is fixed: a forged Host header cannot rename it in the discovery
                // document or in the tokens. Without one (the demo) OpenIddict takes it from each request.
                if (Hosting.PublicAddress.Normalize(configuration[Hosting.PublicAddress.Setting]) is { } publicUrl)
                {
                    options.SetIssuer(new Uri(publicUrl + "/", UriKind.Absolute));
                }

                options.SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetEndSessionEndpointUris("connect/endsession");
                options.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                // PKCE for every code request, not only the clients that opt in.
                options.RequireProofKeyForCodeExchange();
                // "plain" would put the verifier itself in the browser's address bar; only S256 is offered.
                options.Configure(server => server.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));
                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess, ApiScope);
                options.RegisterClaims(Claims.Subject, Claims.Name, Claims.Email, Claims.Role);
                options.AddSigningKey(ServerKeys.LoadOrCreate(keysFolder, ServerKeys.SigningFile));
                options.AddEncryptionKey(ServerKeys.LoadOrCreate(keysFolder, ServerKeys.EncryptionFile));

                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (allowHttp)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.UseAspNetCore();
                // Each access token is checked against its entry in the store, and its authorization: a token revoked
                // (account locked or disabled, signed out everywhere, its code replayed) stops at once, not when it expires.
                options.EnableTokenEntryValidation();
                options.EnableAuthorizationEntryValidation();
            });

        builder.Services.AddAuthorizationBuilder().AddPolicy(ApiPolicy, policy => policy
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.HasScope(ApiScope)));
        return builder;
    }
}

/// <summary>Machine clients allowed the client-credentials grant, from configuration section OpenIddict:ServiceClients.</summary>
internal sealed class ServiceClientOptions
{
    public const string Section = "OpenIddict";

    public IList<ServiceClient> ServiceClients { get; } = [];
}

internal sealed class ServiceClient
{
    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    public string? DisplayName { get; set; }
}
