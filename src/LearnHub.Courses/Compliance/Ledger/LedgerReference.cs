using System.Globalization;

namespace LearnHub.Courses.Compliance.Ledger;

/// <summary>What a ledger reference or once-only credit key points at.</summary>
public enum LedgerReferenceKind
{
    /// <summary>An online course completed: "course:{courseId}".</summary>
    Course,

    /// <summary>A lecture-hall session attended in the room: "session:{sessionId}".</summary>
    Session,

    /// <summary>A lecture-hall session attended live online: "live:{sessionId}".</summary>
    Live,

    /// <summary>A multi-day class credited as a whole: "class:{seriesId}".</summary>
    Class,

    /// <summary>An imported external record: "external:" and its certificate number, or its date and a hash of its title.</summary>
    External,
}

/// <summary>
/// A ledger entry's reference, or its once-only credit key, as stored in the ledger ("course:12", "session:5",
/// "session:5#31"). Every place that writes or reads one goes through this type, so the stored strings have one shape.
/// A <see cref="Repeat"/> number ("#n") marks a later credit of the same thing after an earlier one was reversed.
/// </summary>
public readonly record struct LedgerReference
{
    private const string CourseText = "course";
    private const string SessionText = "session";
    private const string LiveText = "live";
    private const string ClassText = "class";
    private const string ExternalText = "external";

    /// <summary>The stored prefix of course references, for queries that select them in SQL.</summary>
    public const string CoursePrefix = CourseText + ":";

    private LedgerReference(LedgerReferenceKind kind, int id, string external, int? repeat)
    {
        Kind = kind;
        Id = id;
        ExternalId = external;
        Repeat = repeat;
    }

    public LedgerReferenceKind Kind { get; }

    /// <summary>The course, session or series id; 0 for an external record.</summary>
    public int Id { get; }

    /// <summary>What follows "external:" for an external record; empty otherwise.</summary>
    public string ExternalId { get; }

    /// <summary>The number after "#" of a later credit of the same thing, if any.</summary>
    public int? Repeat { get; }

    public static LedgerReference ForCourse(int courseId) => new(LedgerReferenceKind.Course, courseId, "", null);

    public static LedgerReference ForSession(int sessionId) => new(LedgerReferenceKind.Session, sessionId, "", null);

    public static LedgerReference ForLive(int sessionId) => new(LedgerReferenceKind.Live, sessionId, "", null);

    public static LedgerReference ForClass(int seriesId) => new(LedgerReferenceKind.Class, seriesId, "", null);

    /// <summary>An external record's key: its certificate number, or its date and a hash of its title.</summary>
    public static LedgerReference ForExternal(string externalId)
    {
        ArgumentException.ThrowIfNullOrEmpty(externalId);
        return new(LedgerReferenceKind.External, 0, externalId, null);
    }

    /// <summary>The key of a later credit of the same thing (an earlier credit was reversed).</summary>
    public LedgerReference Again(int repeat) => new(Kind, Id, ExternalId, repeat);

    /// <summary>The same reference without a repeat number.</summary>
    public LedgerReference First => new(Kind, Id, ExternalId, null);

    /// <summary>The stored text.</summary>
    public string Value
    {
        get
        {
            var body = Kind == LedgerReferenceKind.External
                ? ExternalText + ":" + ExternalId
                : string.Create(CultureInfo.InvariantCulture, $"{KindText(Kind)}:{Id}");
            return Repeat is { } n ? string.Create(CultureInfo.InvariantCulture, $"{body}#{n}") : body;
        }
    }

    public override string ToString() => Value;

    /// <summary>Reads a stored reference; false for text that is not one (a reference typed in by hand, say).</summary>
    public static bool TryParse(string? text, out LedgerReference reference)
    {
        reference = default;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var kindText = text[..colon];
        var rest = text[(colon + 1)..];
        if (kindText == ExternalText)
        {
            reference = ForExternal(rest);
            return true;
        }

        if (KindOf(kindText) is not { } kind)
        {
            return false;
        }

        int? repeat = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            if (!int.TryParse(rest.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            repeat = n;
            rest = rest[..hash];
        }

        if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        reference = new(kind, id, "", repeat);
        return true;
    }

    /// <summary>The course a stored reference names, or null when it names none.</summary>
    public static int? CourseOf(string? text) =>
        TryParse(text, out var reference) && reference is { Kind: LedgerReferenceKind.Course, Repeat: null } ? reference.Id : null;

    private static string KindText(LedgerReferenceKind kind) => kind switch
    {
        LedgerReferenceKind.Course => CourseText,
        LedgerReferenceKind.Session => SessionText,
        LedgerReferenceKind.Live => LiveText,
        LedgerReferenceKind.Class => ClassText,
        _ => ExternalText,
    };

    private static LedgerReferenceKind? KindOf(string text) => text switch
    {
        CourseText => LedgerReferenceKind.Course,
        SessionText => LedgerReferenceKind.Session,
        LiveText => LedgerReferenceKind.Live,
        ClassText => LedgerReferenceKind.Class,
        _ => null,
    };
}
