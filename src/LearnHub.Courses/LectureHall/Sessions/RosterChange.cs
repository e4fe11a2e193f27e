namespace LearnHub.Courses.LectureHall.Sessions;

/// <summary>
/// What a change to a session's roster means for people: who took a seat, who joined the waiting list, who moved up
/// from it into a freed seat. Roster and planner operations return it; the host tells each person in one place.
/// </summary>
public sealed record RosterChange(IReadOnlyList<int> Registered, IReadOnlyList<int> Waitlisted, IReadOnlyList<int> Promoted)
{
    public static readonly RosterChange None = new([], [], []);

    public bool IsEmpty => Registered.Count == 0 && Waitlisted.Count == 0 && Promoted.Count == 0;

    /// <summary>People moved up from the waiting list into freed seats.</summary>
    public static RosterChange PromotedFrom(IReadOnlyList<int>? promoted) => promoted is { Count: > 0 } ? new([], [], promoted) : None;

    /// <summary>What one person's registration did.</summary>
    public static RosterChange Of(int personId, RegisterResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            RegisterOutcome.Registered => new([personId], [], []),
            RegisterOutcome.Waitlisted => new([], [personId], []),
            _ => None,
        };
    }
}
