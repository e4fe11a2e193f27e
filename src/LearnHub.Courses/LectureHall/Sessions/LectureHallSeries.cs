using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.LectureHall.Sessions;

/// <summary>A lecture-hall series (社会组织大讲堂): numbered sessions, usually monthly.</summary>
public sealed class LectureHallSeries
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    public int Year { get; set; }

    /// <summary>
    /// A multi-day class (培训班): its sessions are one class, completed and credited together, and a
    /// trainee whose leave exceeds 1/7 of the class hours does not complete it. Otherwise each session stands alone.
    /// </summary>
    public bool IsClass { get; set; }

    public List<LectureHallSession> Sessions { get; } = [];
}

/// <summary>One session of a series. Date and times are wall-clock times of the programme's time zone.</summary>
public sealed class LectureHallSession
{
    public int Id { get; set; }

    public int SeriesId { get; set; }

    public LectureHallSeries? Series { get; set; }

    public int Number { get; set; }

    public DateOnly Date { get; set; }

    public TimeOnly StartTime { get; set; }

    public TimeOnly EndTime { get; set; }

    public string Topic { get; set; } = "";

    public string Description { get; set; } = "";

    public int? LecturerId { get; set; }

    public Lecturer? Lecturer { get; set; }

    public string Venue { get; set; } = "";

    public bool HasLiveRoom { get; set; }

    public int Capacity { get; set; }

    /// <summary>Target audience: the tiers it is assigned to (none: no tier restriction).</summary>
    public Tier Tiers { get; set; }

    /// <summary>Target audience: organizations' fields (none: any field).</summary>
    public OrganizationField Fields { get; set; }

    /// <summary>Target audience: specific organizations (empty: any organization).</summary>
    public List<SessionTargetOrganization> TargetOrganizations { get; } = [];

    /// <summary>
    /// Bumped by every roster change and checked on save, so two people taking the last seat at
    /// once cannot both get it: the second save fails and is retried against the new roster.
    /// </summary>
    public int RosterVersion { get; set; }

    /// <summary>When attendance was closed and credited; null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Sets when and what the session is, who gives it and where; text is trimmed.</summary>
    public void Schedule(int number, DateOnly date, TimeOnly start, TimeOnly end, string topic, string? description, int? lecturerId, string? venue, bool hasLiveRoom)
    {
        Number = number;
        Date = date;
        StartTime = start;
        EndTime = end;
        Topic = topic.Trim();
        Description = description?.Trim() ?? "";
        LecturerId = lecturerId;
        Venue = venue?.Trim() ?? "";
        HasLiveRoom = hasLiveRoom;
    }

    /// <summary>
    /// Sets the seats and the assigned audience. Either changes who holds a seat, so the roster version is bumped:
    /// a registration saved against the old roster at the same moment fails and is retried against the new one.
    /// </summary>
    public void SetAudience(int capacity, Tier tiers, OrganizationField fields, IEnumerable<int> organizationIds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        Tiers = tiers;
        Fields = fields;
        TargetOrganizations.Clear();
        TargetOrganizations.AddRange(organizationIds.Distinct().Select(id => new SessionTargetOrganization { OrganizationId = id }));
        RosterVersion++;
    }

    /// <summary>Whether the session is assigned to anyone; a session without target is open to all by registration.</summary>
    public bool HasAudience => Tiers != Tier.None || Fields != OrganizationField.None || TargetOrganizations.Count > 0;

    /// <summary>Hours credited for attending: the scheduled length rounded down to quarter hours.</summary>
    public decimal CreditHours => HoursBetween(StartTime, EndTime);

    /// <summary>The quarter hours between two wall-clock times of one day; none when the end is not after the start.</summary>
    public static decimal HoursBetween(TimeOnly start, TimeOnly end) => end <= start ? 0 : (int)(end - start).TotalMinutes / 15 * 0.25m;
}

/// <summary>An organization a session is assigned to.</summary>
public sealed class SessionTargetOrganization
{
    public int SessionId { get; set; }

    public int OrganizationId { get; set; }

    public Organization? Organization { get; set; }
}
