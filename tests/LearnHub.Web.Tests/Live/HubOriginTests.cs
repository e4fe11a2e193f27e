using System.Net;
using LearnHub.Web.Features.LectureHall.Live;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;

namespace LearnHub.Web.Tests.Live;

/// <summary>A page on another site cannot negotiate or open a hub with the visitor's cookie.</summary>
public sealed class HubOriginTests(LiveRoomFactory factory) : IClassFixture<LiveRoomFactory>
{
    private const string Lecturer = "lecturer2@learnhub.example";

    [Theory]
    [InlineData("https://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task Negotiate_on_every_hub_is_refused_from_a_foreign_origin(string? origin, HttpStatusCode expected)
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "Origin check");
        var cookie = await LiveTestSupport.SignInCookieAsync(factory, Lecturer);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        foreach (var path in new[] { $"{LiveRoomHub.Path}/negotiate?session={sessionId}&negotiateVersion=1", "/hubs/media/negotiate?negotiateVersion=1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Add("Cookie", cookie);
            if (origin is not null)
            {
                request.Headers.Add("Origin", origin);
            }

            var response = await client.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{path} from {origin}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_websocket_upgrade_is_refused_from_a_foreign_origin()
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "Origin check socket");
        var cookie = await LiveTestSupport.SignInCookieAsync(factory, Lecturer);
        var socket = factory.Server.CreateWebSocketClient();
        socket.ConfigureRequest = request =>
        {
            request.Headers.Cookie = cookie;
            request.Headers.Origin = "https://evil.example";
        };
        var uri = new Uri(factory.Server.BaseAddress, $"{LiveRoomHub.Path.TrimStart('/')}?session={sessionId}").ToString().Replace("http", "ws", StringComparison.Ordinal);
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => socket.ConnectAsync(new Uri(uri), CancellationToken.None));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example", false)]
    [InlineData("http://localhost", true)]
    public async Task A_signalr_client_over_websockets_connects_only_from_the_sites_own_origin(string origin, bool connects)
    {
        var sessionId = await LiveTestSupport.NewSessionAsync(factory, "Origin check client");
        var cookie = await LiveTestSupport.SignInCookieAsync(factory, Lecturer);
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(factory.Server.BaseAddress, $"{LiveRoomHub.Path.TrimStart('/')}?session={sessionId}"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, cancellation) =>
                {
                    var socket = factory.Server.CreateWebSocketClient();
                    socket.ConfigureRequest = request =>
                    {
                        request.Headers.Cookie = cookie;
                        request.Headers.Origin = origin;
                    };
                    return await socket.ConnectAsync(context.Uri, cancellation);
                };
            })
            .Build();

        if (connects)
        {
            await connection.StartAsync();
            Assert.Equal(HubConnectionState.Connected, connection.State);
        }
        else
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => connection.StartAsync());
            Assert.Contains("403", refused.ToString(), StringComparison.Ordinal);
            Assert.NotEqual(HubConnectionState.Connected, connection.State);
        }
    }
}
