using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LearnHub.Media.Decks;

/// <summary>A deck to render: its row and the work folder holding its PDF (on this node's disk).</summary>
internal sealed record SlideDeckJob(Guid DeckId, string Folder);

/// <summary>Decks waiting on this node. The PDF is on the disk of the node that received it, so that node renders it.</summary>
internal sealed class SlideDeckQueue
{
    private readonly Channel<SlideDeckJob> _jobs = Channel.CreateUnbounded<SlideDeckJob>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(SlideDeckJob job) => _jobs.Writer.TryWrite(job);

    public IAsyncEnumerable<SlideDeckJob> ReadAllAsync(CancellationToken cancellationToken) => _jobs.Reader.ReadAllAsync(cancellationToken);
}

/// <summary>Renders queued decks one at a time, so a large deck never holds up the request that brought it.</summary>
internal sealed partial class SlideDeckWorker(SlideDeckQueue queue, IServiceScopeFactory scopes, ILogger<SlideDeckWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var job in queue.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<SlideDecks>().RenderAsync(job, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad deck must not stop the worker (and with it the host); the console shows it failed.
                    LogRenderFailed(logger, e, job.DeckId);
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<SlideDecks>().FailAsync(job.DeckId, e.Message, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; a deck cut short shows as stalled and is uploaded again.
        }
    }

    [LoggerMessage(LogLevel.Warning, "Rendering slide deck {DeckId} failed")]
    private static partial void LogRenderFailed(ILogger logger, Exception exception, Guid deckId);
}
