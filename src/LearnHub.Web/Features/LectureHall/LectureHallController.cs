using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Web.Features.LectureHall;

public sealed record SeriesSummary(int Id, string Title, string Summary, int Year, int SessionCount, DateOnly? First, DateOnly? Last);

/// <summary>A series' page; <paramref name="Replays"/> are its sessions whose recording became a published replay.</summary>
public sealed record SeriesViewModel(LectureHallSeries Series, DateOnly Today, IReadOnlySet<int> Replays);

/// <summary>The lecture-hall series (社会组织大讲堂) and their sessions; public like the catalogue.</summary>
[AllowAnonymous]
public sealed class LectureHallController(CoursesDbContext db, LiveReplays liveReplays, ProgrammeClock clock) : Controller
{
    [HttpGet("/lecture-hall")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        ViewData["Section"] = "lecture-hall";
        var series = await db.LectureHallSeries.AsNoTracking()
            .OrderByDescending(s => s.Year).ThenBy(s => s.Title)
            .Select(s => new SeriesSummary(s.Id, s.Title, s.Summary, s.Year, s.Sessions.Count,
                s.Sessions.Min(x => (DateOnly?)x.Date), s.Sessions.Max(x => (DateOnly?)x.Date)))
            .ToListAsync(cancellationToken);
        return View(series);
    }

    [HttpGet("/lecture-hall/{id:int}")]
    public async Task<IActionResult> Series(int id, CancellationToken cancellationToken)
    {
        var series = await db.LectureHallSeries.AsNoTracking()
            .Include(s => s.Sessions.OrderBy(x => x.Number)).ThenInclude(s => s.Lecturer)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (series is null)
        {
            return NotFound();
        }

        var replays = (await liveReplays.StatesAsync([.. series.Sessions.Select(s => s.Id)], cancellationToken))
            .Where(r => r.Value == ReplayState.Published).Select(r => r.Key);
        ViewData["Section"] = "lecture-hall";
        return View(new SeriesViewModel(series, clock.Today, replays.ToHashSet()));
    }
}
