using System.Globalization;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Content;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>
/// Demo quizzes (content/quizzes/*.yaml) and survey responses for past lecture-hall sessions
/// (content/surveys.yaml), loaded after the catalogue, the series, the roster and the attendance.
/// </summary>
public sealed class AssessmentDemoContent(CoursesDbContext db, ProgrammeClock clock)
{
    /// <summary>Loads the quizzes, then responses for the held sessions from their attendees, leaving out <paramref name="skipPeople"/>.</summary>
    public async Task LoadAsync(string contentPath, IReadOnlySet<int> skipPeople, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(contentPath, "quizzes");
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                await LoadQuizFileAsync(file, cancellationToken);
            }
        }

        var surveys = Path.Combine(contentPath, "surveys.yaml");
        if (File.Exists(surveys))
        {
            await LoadSurveyFileAsync(surveys, skipPeople, cancellationToken);
        }
    }

    private async Task LoadQuizFileAsync(string file, CancellationToken cancellationToken)
    {
        var entry = ContentYaml.Read<QuizFile>(file);
        var course = await db.Courses.Include(c => c.Lessons).SingleOrDefaultAsync(c => c.Slug == entry.Course, cancellationToken)
            ?? throw new InvalidDataException($"{file}: course '{entry.Course}' is not defined.");
        var bank = new QuestionBank { Title = entry.Bank, CourseId = course.Id };
        var problems = new List<ImportProblem>();
        foreach (var (q, i) in entry.Questions.Select((q, i) => (q, i)))
        {
            var cells = new List<string> { q.Kind, q.Stem.Trim() };
            cells.AddRange(Enumerable.Range(0, QuestionImporter.MaxOptions).Select(o => o < q.Options.Count ? q.Options[o] : ""));
            cells.Add(q.Answer);
            cells.Add(q.Explanation.Trim());
            if (QuestionImporter.Parse(i + 1, c => cells[c], problems) is { } question)
            {
                bank.Questions.Add(question);
            }
        }

        if (problems.Count > 0)
        {
            var p = problems[0];
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{file}: question {p.Row}, {p.Column}: {p.Code} '{p.Value}'"));
        }

        db.Add(bank);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var quiz in entry.Quizzes)
        {
            var lesson = course.Lessons.SingleOrDefault(l => l.Order == quiz.Lesson)
                ?? throw new InvalidDataException($"{file}: the course has no lesson {quiz.Lesson}.");
            db.Add(new Quiz
            {
                Title = quiz.Title, BankId = bank.Id, LessonId = lesson.Id, QuestionCount = quiz.Questions,
                PassPercent = quiz.PassPercent, MaxAttempts = quiz.MaxAttempts, TimeLimitMinutes = quiz.TimeLimitMinutes,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task LoadSurveyFileAsync(string file, IReadOnlySet<int> skipPeople, CancellationToken cancellationToken)
    {
        var entry = ContentYaml.Read<SurveyFile>(file);
        var series = await db.LectureHallSeries.Include(s => s.Sessions).SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidDataException($"{file}: the demo has no lecture-hall series.");
        foreach (var survey in entry.Surveys)
        {
            var session = series.Sessions.SingleOrDefault(s => s.Number == survey.Session)
                ?? throw new InvalidDataException($"{file}: the series has no session {survey.Session}.");
            if (clock.End(session) > clock.UtcNow)
            {
                throw new InvalidDataException($"{file}: session {survey.Session} is not held yet when the demo loads.");
            }

            // Those who attended answer, spread over them rather than always the first people on the roster.
            var attended = await db.AttendanceRecords.AsNoTracking()
                .Where(r => r.SessionId == session.Id && (r.State == AttendanceState.Present || r.State == AttendanceState.Late || r.State == AttendanceState.LeftEarly))
                .Select(r => r.PersonId).ToListAsync(cancellationToken);
            var audience = attended.Where(id => !skipPeople.Contains(id))
                .OrderBy(id => (id * 7919 + session.Number * 104_729) % 1_000_003).Select(id => new { Id = id }).ToList();
            var ratings = survey.Ratings.SelectMany(r => Enumerable.Repeat(ParseRatings(r.Key, file), r.Value)).ToList();
            var end = clock.End(session);
            for (var i = 0; i < Math.Min(ratings.Count, audience.Count); i++)
            {
                db.Add(new SurveyResponse
                {
                    LectureHallSessionId = session.Id, LecturerId = session.LecturerId, PersonId = audience[i].Id,
                    ContentRating = ratings[i].Content, LecturerRating = ratings[i].Lecturer, OrganisationRating = ratings[i].Organisation,
                    Comment = i < survey.Comments.Count ? survey.Comments[i].Trim() : "",
                    SubmittedAt = end.AddMinutes(5 + (i * 37 % 600)),
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static (int Content, int Lecturer, int Organisation) ParseRatings(string text, string file)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && SurveyResponse.IsValidRating(v) ? v : 0).ToArray();
        return parts.Length == 3 && parts.All(p => p > 0) ? (parts[0], parts[1], parts[2])
            : throw new InvalidDataException($"{file}: '{text}' is not three ratings from 1 to 5.");
    }
}

#pragma warning disable CA1002, CA2227 // plain data-transfer shapes of YAML files
internal sealed class QuizFile
{
    public string Course { get; set; } = "";
    public string Bank { get; set; } = "";
    public List<QuizEntry> Quizzes { get; set; } = [];
    public List<QuestionEntry> Questions { get; set; } = [];
}

internal sealed class QuizEntry
{
    public int Lesson { get; set; }
    public string Title { get; set; } = "";
    public int Questions { get; set; } = 5;
    public int PassPercent { get; set; } = 60;
    public int MaxAttempts { get; set; } = 3;
    public int? TimeLimitMinutes { get; set; }
}

internal sealed class QuestionEntry
{
    public string Kind { get; set; } = "";
    public string Stem { get; set; } = "";
    public List<string> Options { get; set; } = [];
    public string Answer { get; set; } = "";
    public string Explanation { get; set; } = "";
}

internal sealed class SurveyFile
{
    public List<SurveyEntry> Surveys { get; set; } = [];
}

internal sealed class SurveyEntry
{
    public int Session { get; set; }
    /// <summary>"content lecturer organisation" → how many responses gave those ratings.</summary>
    public Dictionary<string, int> Ratings { get; set; } = [];
    public List<string> Comments { get; set; } = [];
}
#pragma warning restore CA1002, CA2227
