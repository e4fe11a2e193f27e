using System.Globalization;
using LearnHub.Courses.Assessments;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.LectureHalls;
using LearnHub.Courses.Lecturers;
using LearnHub.Courses.Ledger;
using LearnHub.Courses.Organizations;
using LearnHub.Courses.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearnHub.Courses.Content;

/// <summary>
/// Loads the demo content folder into an empty database: units, the lecturer pool, courses, the
/// lecture-hall series, curricula, the roster and external training records (through the same
/// importers administrators use).
/// </summary>
public sealed class DemoContentLoader(CoursesDbContext db, RosterImporter roster, TrainingRecordImporter trainingRecords, DemoAttendance attendance,
    AssessmentDemoContent assessments, ILogger<DemoContentLoader> logger)
{
    /// <summary>Loads the folder unless the database already has content. Returns whether it loaded.</summary>
    public async Task<bool> LoadAsync(string contentPath, CancellationToken cancellationToken)
    {
        if (await db.Courses.AnyAsync(cancellationToken) || await db.Organizations.AnyAsync(cancellationToken))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var units = ContentYaml.Read<UnitsFile>(Path.Combine(contentPath, "units.yaml")).Units
            .Select(u => new SupervisingUnit { Code = u.Code, Name = u.Name }).ToList();
        db.SupervisingUnits.AddRange(units);

        var lecturers = ContentYaml.Read<LecturersFile>(Path.Combine(contentPath, "lecturers.yaml")).Lecturers
            .Select(l => new Lecturer
            {
                Key = l.Key, Name = l.Name, Title = l.Title, Affiliation = l.Affiliation, Bio = l.Bio.Trim(),
                Expertise = l.Expertise.Aggregate(ExpertiseArea.None, (all, e) => all | ContentVocabulary.Expertise(e)),
            })
            .ToDictionary(l => l.Key);
        db.Lecturers.AddRange(lecturers.Values);

        var courses = new Dictionary<string, Course>();
        foreach (var file in Directory.GetFiles(Path.Combine(contentPath, "courses"), "*.md").Order(StringComparer.Ordinal))
        {
            var course = ReadCourse(file, lecturers);
            courses.Add(course.Slug, course);
        }

        db.Courses.AddRange(courses.Values);
        foreach (var seriesFile in Directory.GetFiles(contentPath, "lecture-hall-*.yaml").Order(StringComparer.Ordinal))
        {
            db.LectureHallSeries.Add(ReadSeries(seriesFile, lecturers));
        }

        foreach (var curriculaFile in Directory.GetFiles(contentPath, "curricula-*.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var entry in ContentYaml.Read<CurriculaFile>(curriculaFile).Curricula)
            {
                var curriculum = new Curriculum
                {
                    Tier = ContentVocabulary.Tier(entry.Tier), Year = entry.Year, Title = entry.Title,
                    Description = entry.Description.Trim(), HourTarget = entry.HourTarget,
                };
                curriculum.Courses.AddRange(entry.Required.Select(s => new CurriculumCourse { Course = Lookup(courses, s, curriculaFile), Required = true }));
                foreach (var (poolEntry, order) in entry.Pools.Select((p, i) => (p, i + 1)))
                {
                    var pool = new ElectivePool { Title = poolEntry.Title, HourTarget = poolEntry.Hours, Order = order };
                    curriculum.Pools.Add(pool);
                    curriculum.Courses.AddRange(poolEntry.Courses.Except(entry.Required)
                        .Select(s => new CurriculumCourse { Course = Lookup(courses, s, curriculaFile), Required = false, Pool = pool }));
                }
                db.Curricula.Add(curriculum);
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        await using (var rosterStream = File.OpenRead(Path.Combine(contentPath, "roster.csv")))
        {
            var result = await roster.ImportAsync(rosterStream, "roster.csv", cancellationToken);
            if (!result.Succeeded)
            {
                var first = result.Problems[0];
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"content/roster.csv row {first.Row}, column {first.Column}: {first.Code} '{first.Value}' ({result.Problems.Count} problems)"));
            }

            logger.LogInformation("Demo roster: {Organizations} organizations, {People} people", result.OrganizationsCreated, result.PeopleCreated);
        }

        await LoadLifecycleAsync(Path.Combine(contentPath, "lifecycle.yaml"), courses, cancellationToken);
        await assessments.LoadAsync(contentPath, cancellationToken);
        foreach (var recordsFile in Directory.GetFiles(contentPath, "training-records-*.csv").Order(StringComparer.Ordinal))
        {
            await using var recordsStream = File.OpenRead(recordsFile);
            var result = await trainingRecords.ImportAsync(recordsStream, Path.GetFileName(recordsFile), TrainingLedger.System, cancellationToken);
            if (!result.Succeeded)
            {
                var first = result.Problems[0];
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{recordsFile} row {first.Row}, column {first.Column}: {first.Code} '{first.Value}' ({result.Problems.Count} problems)"));
            }

            logger.LogInformation("Demo training records: {Credited} credited from {File}", result.Credited, Path.GetFileName(recordsFile));
        }

        await transaction.CommitAsync(cancellationToken);
        await attendance.RecordAsync(cancellationToken);
        logger.LogInformation("Demo content loaded: {Courses} courses, {Lecturers} lecturers", courses.Count, lecturers.Count);
        return true;
    }

    private async Task LoadLifecycleAsync(string file, Dictionary<string, Course> courses, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var content = ContentYaml.Read<LifecycleFile>(file);
        foreach (var (stage, slugs) in content.Stages)
        {
            db.LifecycleCourses.AddRange(slugs.Select(s => new LifecycleCourse { Stage = ContentVocabulary.Stage(stage), Course = Lookup(courses, s, file) }));
        }

        var organizations = await db.Organizations.ToDictionaryAsync(o => o.Name, cancellationToken);
        foreach (var e in content.Events)
        {
            var stage = ContentVocabulary.Stage(e.Stage);
            db.OrganizationEvents.Add(new OrganizationEvent
            {
                Organization = Lookup(organizations, e.Organization, file), Stage = stage, Date = e.Date,
                DueOn = OrganizationEvent.DefaultDue(stage, e.Date), Note = e.Note.Trim(), RecordedBy = "demo",
                RecordedAt = new DateTimeOffset(e.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static Course ReadCourse(string file, Dictionary<string, Lecturer> lecturers)
    {
        var text = File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{file}: a course file starts with YAML front matter between --- lines.");
        }

        var end = text.IndexOf("\n---", 4, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidDataException($"{file}: the front matter has no closing --- line.");
        }

        var meta = ContentYaml.Parse<CourseFrontMatter>(text[4..end]);
        var body = text[(end + 4)..].TrimStart('-').Trim();
        var course = new Course
        {
            Slug = meta.Slug, Title = meta.Title, Summary = meta.Summary.Trim(), NotesMarkdown = body,
            Topic = ContentVocabulary.Topic(meta.Topic), Format = ContentVocabulary.Format(meta.Format), CreditHours = meta.Hours,
            Fields = meta.Fields.Aggregate(OrganizationField.None, (all, f) => all | ContentVocabulary.Field(f)),
            Tiers = meta.Tiers.Aggregate(Tier.None, (all, t) => all | ContentVocabulary.Tier(t)),
            Lecturer = meta.Lecturer is null ? null : Lookup(lecturers, meta.Lecturer, file),
        };
        course.Lessons.AddRange(meta.Lessons.Select((l, i) => new Lesson
        {
            Order = i + 1, Title = l.Title, Minutes = l.Minutes, NotesMarkdown = l.Notes.Trim(),
        }));
        return course;
    }

    private static LectureHallSeries ReadSeries(string file, Dictionary<string, Lecturer> lecturers)
    {
        var entry = ContentYaml.Read<SeriesFile>(file).Series;
        var series = new LectureHallSeries { Title = entry.Title, Summary = entry.Summary.Trim(), Year = entry.Year };
        series.Sessions.AddRange(entry.Sessions.Select(s => new LectureHallSession
        {
            Number = s.Number, Date = s.Date, Topic = s.Topic, Description = s.Description.Trim(), Venue = s.Venue,
            StartTime = TimeOnly.ParseExact(s.Start, "HH:mm", CultureInfo.InvariantCulture),
            EndTime = TimeOnly.ParseExact(s.End, "HH:mm", CultureInfo.InvariantCulture),
            HasLiveRoom = s.LiveRoom, Capacity = s.Capacity,
            Tiers = s.Tiers.Aggregate(Tier.None, (all, t) => all | ContentVocabulary.Tier(t)),
            Lecturer = s.Lecturer is null ? null : Lookup(lecturers, s.Lecturer, file),
            LiveSlides = s.Slides is null ? "" : File.ReadAllText(Path.Combine(Path.GetDirectoryName(file) ?? "", s.Slides)),
        }));
        return series;
    }

    private static T Lookup<T>(Dictionary<string, T> items, string key, string file) =>
        items.TryGetValue(key, out var item) ? item : throw new InvalidDataException($"{file}: '{key}' is not defined.");
}

/// <summary>The ASCII codes content files use for the domain's enumerations.</summary>
public static class ContentVocabulary
{
    public static Tier Tier(string code) => code switch
    {
        "leaders" => People.Tier.Leaders,
        "secretaries" => People.Tier.Secretaries,
        "members" => People.Tier.Members,
        "staff" => People.Tier.Staff,
        _ => throw new InvalidDataException($"Unknown tier '{code}'."),
    };

    public static LifecycleStage Stage(string code) => code switch
    {
        "establishment" => LifecycleStage.Establishment,
        "change" => LifecycleStage.Change,
        "transition" => LifecycleStage.Transition,
        "inspection" => LifecycleStage.Inspection,
        "rectification" => LifecycleStage.Rectification,
        _ => throw new InvalidDataException($"Unknown lifecycle stage '{code}'."),
    };

    public static CourseTopic Topic(string code) => code switch
    {
        "party-theory" => CourseTopic.PartyTheory,
        "party-building" => CourseTopic.PartyBuilding,
        "law" => CourseTopic.Law,
        "governance" => CourseTopic.Governance,
        "finance" => CourseTopic.Finance,
        "field-practice" => CourseTopic.FieldPractice,
        _ => throw new InvalidDataException($"Unknown topic '{code}'."),
    };

    public static CourseFormat Format(string code) => code switch
    {
        "training-class" => CourseFormat.TrainingClass,
        "reading-class" => CourseFormat.ReadingClass,
        "seminar" => CourseFormat.Seminar,
        "online" => CourseFormat.Online,
        "micro-lesson" => CourseFormat.MicroLesson,
        "case-teaching" => CourseFormat.CaseTeaching,
        "on-site" => CourseFormat.OnSite,
        "live" => CourseFormat.Live,
        _ => throw new InvalidDataException($"Unknown format '{code}'."),
    };

    public static OrganizationField Field(string code) => code switch
    {
        "economy" => OrganizationField.Economy,
        "science-technology" => OrganizationField.ScienceTechnology,
        "livelihood" => OrganizationField.Livelihood,
        "culture-arts" => OrganizationField.CultureArts,
        "other" => OrganizationField.Other,
        _ => throw new InvalidDataException($"Unknown field '{code}'."),
    };

    public static ExpertiseArea Expertise(string code) => code switch
    {
        "party-building" => ExpertiseArea.PartyBuilding,
        "party-theory" => ExpertiseArea.PartyTheory,
        "law" => ExpertiseArea.Law,
        "governance" => ExpertiseArea.Governance,
        "finance" => ExpertiseArea.Finance,
        "fields" => ExpertiseArea.Fields,
        _ => throw new InvalidDataException($"Unknown expertise '{code}'."),
    };
}
