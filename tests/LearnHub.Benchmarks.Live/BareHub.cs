using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LearnHub.Benchmarks.Live;

/// <summary>
/// The baseline: a hub that only forwards to its group with Clients.Group(...).SendAsync, with the
/// same message shapes, protocols and buffer sizes as the live room but no authentication, no room
/// state, no presence. It exists only in this benchmark's process, never in LearnHub's server.
/// </summary>
public sealed class BareHub : Hub
{
    private const string Group = "live:1";

    public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, Group);

    public Task SetSlide(int index) => Clients.Group(Group).SendAsync("Slide", new SlideDto(index, 8, Deck.Html(index)));

    public Task SendChat(string text) => Clients.Group(Group).SendAsync("Chat", new ChatDto("学员", text, DateTimeOffset.UtcNow));

    public Task LaunchPoll(string question, string[] options) => Clients.Group(Group).SendAsync("Poll", new PollDto(1, question, options, true, null, null));

    public Task ClosePoll() => Clients.Group(Group).SendAsync("Poll", new PollDto(1, "", [], false, [0, 0], null));

#pragma warning disable CA1822 // SignalR calls hub methods on the instance
    public Task AnswerPoll(int pollId, int option) => Task.CompletedTask;

    public Task StartLecture() => Task.CompletedTask;
#pragma warning restore CA1822

    public static async Task RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSignalR(o => o.MaximumReceiveMessageSize = 16 * 1024).AddMessagePackProtocol();
        var app = builder.Build();
        app.MapHub<BareHub>("/hubs/live", o =>
        {
            o.TransportMaxBufferSize = 64 * 1024;
            o.ApplicationMaxBufferSize = 64 * 1024;
        });
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
    }
}

/// <summary>Slide markup of about the size the demo deck renders to.</summary>
internal static class Deck
{
    public static string Html(int index) =>
        $"<h1>第{index + 1}页：廉洁建设与风险防范</h1><ul><li>违规收费的常见情形与防控办法</li><li>评比表彰须经批准，不得收取费用</li><li>关联交易的决策、回避与公开</li></ul>";
}

public sealed record SlideDto(int Index, int Count, string Html);

public sealed record ChatDto(string Name, string Text, DateTimeOffset At);

public sealed record PollDto(int Id, string Question, IReadOnlyList<string> Options, bool Open, IReadOnlyList<int>? Tally, int? MyAnswer);
