using LearnHub.Courses.LectureHall.Live;
using Microsoft.Extensions.Options;

namespace LearnHub.Web.Features.LectureHall.Live;

/// <summary>
/// The live room's settings (the <c>LiveRoom</c> section). <c>LiveRoom:Redis</c> is not among them: it decides which
/// services are registered, so <see cref="LiveRoomModule"/> reads it while registering them.
/// </summary>
public sealed class LiveRoomOptions
{
    public const string Section = "LiveRoom";

    /// <summary>This node's name (the machine name when not set), distinct on every node sharing a database.</summary>
    public string Node { get; set; } = "";

    /// <summary>Chat lines a node accepts within this window reach the room as one message; 0 sends each line alone.</summary>
    public double ChatBatchMilliseconds { get; set; } = 250;

    /// <summary>A client whose buffer stays full this long is disconnected (it reconnects to the latest state).</summary>
    public double SlowClientSeconds { get; set; } = 5;

    public AttentionCheckOptions AttentionChecks { get; set; } = new();

    internal static void AddTo(IServiceCollection services)
    {
        services.AddOptions<LiveRoomOptions>()
            .BindConfiguration(Section)
            .PostConfigure(o => o.Node = o.Node.Length > 0 ? o.Node : Environment.MachineName)
            .Validate(o => o.ChatBatchMilliseconds >= 0, "LiveRoom:ChatBatchMilliseconds must be 0 (each line alone) or more.")
            .Validate(o => o.SlowClientSeconds > 0, "LiveRoom:SlowClientSeconds must be more than 0.")
            .Validate(o => o.AttentionChecks.IntervalMinutes >= 0, "LiveRoom:AttentionChecks:IntervalMinutes must be 0 (only when staff launch one) or more.")
            // The same bound the schedule keeps: with ±100% an interval could be nothing.
            .Validate(o => o.AttentionChecks.Jitter is >= 0 and <= 0.9, "LiveRoom:AttentionChecks:Jitter must be between 0 and 0.9.")
            .Validate(o => o.AttentionChecks.WindowSeconds > 0, "LiveRoom:AttentionChecks:WindowSeconds must be more than 0.")
            .Validate(o => o.AttentionChecks.TickSeconds > 0, "LiveRoom:AttentionChecks:TickSeconds must be more than 0.")
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LiveRoomOptions>>().Value.AttentionChecks.Schedule);
    }
}

/// <summary>LiveRoom:AttentionChecks: how often a running lecture asks its trainees to confirm they are following.</summary>
public sealed class AttentionCheckOptions
{
    /// <summary>False turns off both the random checks and the console's button.</summary>
    public bool Enabled { get; set; } = AttentionSchedule.Default.Enabled;

    /// <summary>The average time between random checks; 0 means only when staff launch one.</summary>
    public double IntervalMinutes { get; set; } = AttentionSchedule.Default.AverageInterval.TotalMinutes;

    /// <summary>Each interval is drawn within ± this share of the average.</summary>
    public double Jitter { get; set; } = AttentionSchedule.Default.Jitter;

    /// <summary>How long a trainee has to confirm before their minutes pause.</summary>
    public double WindowSeconds { get; set; } = AttentionSchedule.Default.AnswerWindow.TotalSeconds;

    /// <summary>How often this node looks for a room whose next check is due.</summary>
    public double TickSeconds { get; set; } = 5;

    public AttentionSchedule Schedule => new(Enabled, TimeSpan.FromMinutes(IntervalMinutes), Jitter, TimeSpan.FromSeconds(WindowSeconds));
}
