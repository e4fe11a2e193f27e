using LearnHub.Courses.Lecturers;
using LearnHub.Courses.People;

namespace LearnHub.Courses.LectureHalls;

/// <summary>A lecture-hall series (社会组织大讲堂): numbered sessions, usually monthly.</summary>
public sealed class LectureHallSeries
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    public int Year { get; set; }

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

    public Tier Tiers { get; set; }

    /// <summary>Markdown slides for the live room, one slide per part between lines of <c>---</c>.</summary>
    public string LiveSlides { get; set; } = "";
}
