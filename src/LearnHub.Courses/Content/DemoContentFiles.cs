using System.Globalization;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;

namespace LearnHub.Courses.Content;

/// <summary>Reads the demo's content files into the domain's entities, naming the file in every error.</summary>
internal static class DemoContentFiles
{
    internal static DateOnly ReadDate(DemoCalendar calendar, string text, string file)
    {
        try
        {
            return calendar.Date(text);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{file}: {e.Message}", e);
        }
    }

    internal static Course ReadCourse(string file, Dictionary<string, Lecturer> lecturers)
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
            Topic = ContentVocabulary.Topic(meta.Topic), Format = ContentVocabulary.Format(meta.Format),
            Fields = meta.Fields.Aggregate(OrganizationField.None, (all, f) => all | ContentVocabulary.Field(f)),
            Tiers = meta.Tiers.Aggregate(Tier.None, (all, t) => all | ContentVocabulary.Tier(t)),
            Lecturer = meta.Lecturer is null ? null : Lookup(lecturers, meta.Lecturer, file),
        };
        course.Lessons.AddRange(meta.Lessons.Select((l, i) => new Lesson
        {
            Order = i + 1, Title = l.Title, Minutes = l.Minutes, ReadingMinutes = l.Reading ?? l.Minutes, NotesMarkdown = l.Notes.Trim(),
        }));
        return course;
    }

    /// <summary>
    /// The series with its sessions dated around the load day, how many registrations each session gets, who missed which
    /// and the live room's Markdown slides of the sessions that have them.
    /// </summary>
    internal static (LectureHallSeries Series, Dictionary<int, int> Registering, Dictionary<int, List<string>> Absent, Dictionary<int, string> Slides) ReadSeries(string file, Dictionary<string, Lecturer> lecturers, DemoCalendar calendar)
    {
        var entry = ContentYaml.Read<SeriesFile>(file).Series;
        var sessions = entry.Sessions.Select(s =>
        {
            var date = calendar.SessionDate(s.Month);
            var (start, end) = s.Month == 0 ? calendar.SessionNow()
                : (TimeOnly.ParseExact(s.Start, "HH:mm", CultureInfo.InvariantCulture), TimeOnly.ParseExact(s.End, "HH:mm", CultureInfo.InvariantCulture));
            return new LectureHallSession
            {
                Number = s.Number, Date = date, Topic = s.Topic, Description = s.Description.Trim(), Venue = s.Venue,
                StartTime = start, EndTime = end, HasLiveRoom = s.LiveRoom, Capacity = s.Capacity,
                Tiers = s.Tiers.Aggregate(Tier.None, (all, t) => all | ContentVocabulary.Tier(t)),
                Lecturer = s.Lecturer is null ? null : Lookup(lecturers, s.Lecturer, file),
            };
        }).ToList();
        var first = sessions.Min(s => s.Date).Year;
        var last = sessions.Max(s => s.Date).Year;
        var years = first == last ? first.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{first}—{last}");
        var series = new LectureHallSeries
        {
            Title = entry.Title.Replace("{years}", years, StringComparison.Ordinal), Summary = entry.Summary.Trim(), Year = calendar.Year,
        };
        series.Sessions.AddRange(sessions);
        return (series, entry.Sessions.Where(s => s.Registrations > 0).ToDictionary(s => s.Number, s => s.Registrations),
            entry.Sessions.ToDictionary(s => s.Number, s => s.Absent),
            entry.Sessions.Where(s => s.Slides is not null)
                .ToDictionary(s => s.Number, s => File.ReadAllText(Path.Combine(Path.GetDirectoryName(file) ?? "", s.Slides!))));
    }

    internal static T Lookup<TKey, T>(Dictionary<TKey, T> items, TKey key, string file) where TKey : notnull =>
        items.TryGetValue(key, out var item) ? item : throw new InvalidDataException($"{file}: '{key}' is not defined.");
}
