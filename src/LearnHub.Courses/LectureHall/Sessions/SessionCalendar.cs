using System.Globalization;
using System.Text;
using LearnHub.Courses.Calendar;

namespace LearnHub.Courses.LectureHall.Sessions;

/// <summary>
/// An iCalendar (RFC 5545) file for one session, in the programme's wall-clock time with its VTIMEZONE
/// (China has no daylight saving time since 1991, so one STANDARD component is exact). The UID depends
/// only on the session and the host, so re-importing updates the same calendar entry.
/// </summary>
public static class SessionCalendar
{
    public static string Build(LectureHallSession session, string host, string url, DateTimeOffset stamp, ProgrammeClock clock)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(clock);
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//LearnHub//Lecture Hall//ZH",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        };
        string start, end;
        var january = clock.Zone.GetUtcOffset(new DateTime(session.Date.Year, 1, 1, 12, 0, 0, DateTimeKind.Unspecified));
        var july = clock.Zone.GetUtcOffset(new DateTime(session.Date.Year, 7, 1, 12, 0, 0, DateTimeKind.Unspecified));
        if (january == july)
        {
            // The zone keeps one offset all year (China since 1991), so one STANDARD component describes it exactly
            // and calendars show the programme's wall clock.
            var zone = clock.Zone.Id;
            var offset = january;
            var utcOffset = (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString("hhmm", inv);
            lines.AddRange(["BEGIN:VTIMEZONE", "TZID:" + zone, "BEGIN:STANDARD", "DTSTART:19700101T000000",
                "TZOFFSETFROM:" + utcOffset, "TZOFFSETTO:" + utcOffset, "END:STANDARD", "END:VTIMEZONE"]);
            start = $"DTSTART;TZID={zone}:" + session.Date.ToDateTime(session.StartTime).ToString("yyyyMMdd'T'HHmmss", inv);
            end = $"DTEND;TZID={zone}:" + session.Date.ToDateTime(session.EndTime).ToString("yyyyMMdd'T'HHmmss", inv);
        }
        else
        {
            // A zone with daylight saving would need its rules spelled out; UTC instants say the same without them.
            start = "DTSTART:" + clock.Start(session).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", inv);
            end = "DTEND:" + clock.End(session).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", inv);
        }

        lines.AddRange([
            "BEGIN:VEVENT",
            string.Create(inv, $"UID:lecture-hall-session-{session.Id}@{host}"),
            "DTSTAMP:" + stamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", inv),
            start,
            end,
            "SUMMARY:" + Escape(session.Series is { } series ? $"{series.Title}·{session.Topic}" : session.Topic),
            "LOCATION:" + Escape(session.Venue),
            "DESCRIPTION:" + Escape(session.Description),
            "URL:" + url,
            "END:VEVENT",
            "END:VCALENDAR",
        ]);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            Fold(text, line);
        }

        return text.ToString();
    }

    /// <summary>TEXT escaping of RFC 5545 §3.3.11: backslash, semicolon, comma and newlines.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Lines longer than 75 octets are folded (§3.1) without splitting a UTF-8 character; lines end in CRLF.</summary>
    private static void Fold(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74;
            }

            text.Append(line, i, length);
            octets += size;
            i += length - 1;
        }

        text.Append("\r\n");
    }
}
