using System.Globalization;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Compliance.Assignments;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Compliance.Curricula;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.Registry.Lecturers;
using LearnHub.Courses.LectureHall.Live;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace LearnHub.Courses.Content;

/// <summary>
/// Loads the demo content folder into an empty database: units, the lecturer pool, courses, the
/// lecture-hall series, curricula, the roster, external training records, online completions and
/// supervisors' assignments (through the same importers and services administrators use). Every date is
/// read relative to the programme day of loading (<see cref="DemoCalendar"/>), so the demo is as full on
/// any day of any year.
/// </summary>
public sealed class DemoContentLoader(CoursesDbContext db, RosterImporter roster, TrainingRecordImporter trainingRecords, DemoAttendance attendance,
    AssessmentDemoContent assessments, Roster registrations, ClassPlanner classes, ClassEnrolments enrolments, ClassReflections reflections, TrainingLedger ledger, CourseCredit credit, ProgrammeClock clock, ILogger<DemoContentLoader> logger,
    ClassCertificates? certificates = null)
{
    /// <summary>Recorded as the author of demo rows that name one (events, assignments).</summary>
    public const string Author = "demo";

    /// <summary>Loads the folder unless the database already has content. Returns whether it loaded.</summary>
    public async Task<bool> LoadAsync(string contentPath, CancellationToken cancellationToken)
    {
        if (await db.Courses.AnyAsync(cancellationToken) || await db.Organizations.AnyAsync(cancellationToken))
        {
            return false;
        }

        var calendar = DemoCalendar.At(clock);
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
            var course = DemoContentFiles.ReadCourse(file, lecturers);
            courses.Add(course.Slug, course);
        }

        db.Courses.AddRange(courses.Values);
        var seriesFile = Path.Combine(contentPath, "lecture-hall.yaml");
        var (series, registering, absent, slides) = DemoContentFiles.ReadSeries(seriesFile, lecturers, calendar);
        db.LectureHallSeries.Add(series);

        var curriculaFile = Path.Combine(contentPath, "curricula.yaml");
        var curricula = ContentYaml.Read<CurriculaFile>(curriculaFile);
        foreach (var year in curricula.Years.Select(offset => calendar.Year + offset))
        {
            foreach (var entry in curricula.Curricula)
            {
                var curriculum = new Curriculum(ContentVocabulary.Tier(entry.Tier), year,
                    entry.Title.Replace("{year}", year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal),
                    entry.HourTarget, entry.Description);
                curriculum.Courses.AddRange(entry.Required.Select(s => new CurriculumCourse { Course = DemoContentFiles.Lookup(courses, s, curriculaFile), Required = true }));
                foreach (var (poolEntry, order) in entry.Pools.Select((p, i) => (p, i + 1)))
                {
                    var pool = new ElectivePool { Title = poolEntry.Title, HourTarget = poolEntry.Hours, Order = order };
                    curriculum.Pools.Add(pool);
                    curriculum.Courses.AddRange(poolEntry.Courses.Except(entry.Required)
                        .Select(s => new CurriculumCourse { Course = DemoContentFiles.Lookup(courses, s, curriculaFile), Required = false, Pool = pool }));
                }

                db.Curricula.Add(curriculum);
            }
        }

        await db.SaveChangesAsync(cancellationToken);

        // A broadcast refers to its session by id, known only once the series is saved.
        foreach (var (number, markdown) in slides)
        {
            var broadcast = new LiveBroadcast(series.Sessions.Single(s => s.Number == number).Id);
            broadcast.SetSlides(markdown);
            db.LiveBroadcasts.Add(broadcast);
        }

        await db.SaveChangesAsync(cancellationToken);

        var rosterFile = Path.Combine(contentPath, "roster.csv");
        var rosterResult = await roster.ImportAsync(Dated(rosterFile, "任职日期", RosterImporter.MaxRows, calendar), cancellationToken);
        if (!rosterResult.Succeeded)
        {
            var first = rosterResult.Problems[0];
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{rosterFile} row {first.Row}, column {first.Column}: {first.Code} '{first.Value}' ({rosterResult.Problems.Count} problems)"));
        }

        logger.LogInformation("Demo roster: {Organizations} organizations, {People} people", rosterResult.OrganizationsCreated, rosterResult.PeopleCreated);
        var people = await db.People.AsNoTracking().ToDictionaryAsync(p => p.Mobile, p => p.Id, cancellationToken);

        await LoadLifecycleAsync(Path.Combine(contentPath, "lifecycle.yaml"), courses, calendar, cancellationToken);
        await LoadAssignmentsAsync(Path.Combine(contentPath, "assignments.yaml"), courses, people, calendar, cancellationToken);
        var recordsFile = Path.Combine(contentPath, "training-records.csv");
        var records = await trainingRecords.ImportAsync(Dated(recordsFile, "培训日期", TrainingRecordImporter.MaxRows, calendar), TrainingLedger.System, cancellationToken);
        if (!records.Succeeded)
        {
            var first = records.Problems[0];
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{recordsFile} row {first.Row}, column {first.Column}: {first.Code} '{first.Value}' ({records.Problems.Count} problems)"));
        }

        logger.LogInformation("Demo training records: {Credited} credited", records.Credited);

        var visitors = DemoVisitors(contentPath, people);
        await attendance.RecordAsync(visitors, absent.SelectMany(a => a.Value.Select(m => (Session: series.Sessions.Single(s => s.Number == a.Key).Id,
            Person: DemoContentFiles.Lookup(people, m, seriesFile)))).ToLookup(a => a.Session, a => a.Person), cancellationToken);
        await assessments.LoadAsync(contentPath, visitors, cancellationToken);
        // After the quizzes: a course's hours count its passed-test hours, as watching credits them.
        await LoadCompletionsAsync(Path.Combine(contentPath, "learning.yaml"), courses, people, calendar, cancellationToken);
        await RegisterAsync(series, registering, visitors, cancellationToken);
        await ReplaysAsync(series, cancellationToken);
        await LoadClassAsync(Path.Combine(contentPath, "classes.yaml"), courses, people, calendar, cancellationToken);
        await LoadHeldClassAsync(Path.Combine(contentPath, "classes.yaml"), people, calendar, cancellationToken);
        await credit.RefreshAsync(cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Demo content loaded, dated from {Today}: {Courses} courses, {Lecturers} lecturers",
            calendar.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), courses.Count, lecturers.Count);
        return true;
    }

    /// <summary>
    /// The demo's training class, planned and filled through the same planner and enrolment service as a real one:
    /// its sessions meet the lecturers' clash checks, and its people reach their states by nomination or
    /// application, approval, refusal and withdrawal, in the order the file writes them.
    /// </summary>
    private async Task LoadClassAsync(string file, Dictionary<string, Course> courses, Dictionary<string, int> people, DemoCalendar calendar,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var entry = ContentYaml.Read<ClassesFile>(file).Class;
        var lastDay = entry.Sessions.Select(s => s.Day).Concat(entry.OnlineCourses.Select(c => c.ToDay)).DefaultIfEmpty().Max();
        var kind = entry.Kind switch
        {
            "inPerson" => ClassKind.InPerson,
            "online" => ClassKind.Online,
            "blended" => ClassKind.Blended,
            _ => throw new InvalidDataException($"{file}: unknown class kind '{entry.Kind}'."),
        };
        var planned = await classes.SaveAsync(null, new ClassDraft(entry.Title, entry.Theme.Trim(), kind, calendar.Today, calendar.Today.AddDays(lastDay),
            entry.Place, entry.Capacity, entry.OrganizationQuota, entry.Tiers.Select(ContentVocabulary.Tier), null, null, null), cancellationToken);
        if (planned.Class is not { } trainingClass)
        {
            throw new InvalidDataException($"{file}: {string.Join(", ", planned.Errors)}");
        }

        var lecturers = await db.Lecturers.AsNoTracking().ToDictionaryAsync(l => l.Key, l => l.Id, cancellationToken);
        foreach (var (session, number) in entry.Sessions.Select((s, i) => (s, i + 1)))
        {
            var saved = await classes.SaveSessionAsync(trainingClass.Id, null, new SessionDraft(number, calendar.Today.AddDays(session.Day),
                TimeOnly.Parse(session.Start, CultureInfo.InvariantCulture), TimeOnly.Parse(session.End, CultureInfo.InvariantCulture), session.Topic, null,
                session.Lecturer is { } key ? DemoContentFiles.Lookup(lecturers, key, file) : null, entry.Place, session.Live, entry.Capacity, [], [], null),
                cancellationToken);
            if (!saved.Succeeded)
            {
                throw new InvalidDataException($"{file}: session {number}: {string.Join(", ", saved.Errors.Select(e => e.Problem))}");
            }
        }

        foreach (var course in entry.OnlineCourses)
        {
            var problems = await classes.AddItemAsync(trainingClass.Id, new ClassItemDraft(ClassItemKind.OnlineCourse,
                DemoContentFiles.Lookup(courses, course.Course, file).Id, null, calendar.Today.AddDays(course.FromDay), calendar.Today.AddDays(course.ToDay)),
                cancellationToken);
            if (problems.Count > 0)
            {
                throw new InvalidDataException($"{file}: course {course.Course}: {string.Join(", ", problems)}");
            }
        }

        foreach (var enrolment in entry.Enrolments)
        {
            var personId = DemoContentFiles.Lookup(people, enrolment.Mobile, file);
            var requested = enrolment.Route == "applied"
                ? await enrolments.ApplyAsync(trainingClass.Id, personId, Author, cancellationToken)
                : await enrolments.NominateAsync(trainingClass.Id, personId, Author, cancellationToken);
            if (!requested.Succeeded)
            {
                throw new InvalidDataException($"{file}: {enrolment.Mobile}: {requested.Outcome}");
            }

            var id = requested.Moves[0].EnrolmentId;
            var decided = enrolment.State switch
            {
                "admitted" or "waitlisted" => await enrolments.ApproveAsync(id, Author, cancellationToken),
                "refused" => await enrolments.RefuseAsync(id, enrolment.Reason ?? "", Author, cancellationToken),
                "withdrawn" => await enrolments.WithdrawAsync(id, Author, cancellationToken),
                "pending" => requested,
                _ => throw new InvalidDataException($"{file}: {enrolment.Mobile}: unknown state '{enrolment.State}'."),
            };
            if (!decided.Succeeded || !string.Equals(decided.Moves[0].Status.ToString(), enrolment.State, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"{file}: {enrolment.Mobile} ended {(decided.Moves.Count > 0 ? decided.Moves[0].Status : null)}, not {enrolment.State}.");
            }
        }

        if (entry.Reflection is { } reflection)
        {
            await LoadReflectionsAsync(file, trainingClass, reflection, people, calendar, cancellationToken);
        }
    }

    /// <summary>The class's reflection rule, and reflections handed in and graded through the same service as real ones.</summary>
    private async Task LoadReflectionsAsync(string file, TrainingClass trainingClass, ClassReflectionEntry entry, Dictionary<string, int> people,
        DemoCalendar calendar, CancellationToken cancellationToken)
    {
        var planned = await reflections.PlanAsync(trainingClass.Id, new ReflectionPlan(true, entry.MinLength, calendar.Today.AddDays(entry.DueDay), entry.PassMark),
            Author, cancellationToken);
        if (planned != ReflectionProblem.None)
        {
            throw new InvalidDataException($"{file}: reflection: {planned}");
        }

        foreach (var submission in entry.Submissions)
        {
            var submitted = await reflections.SubmitAsync(trainingClass.Id, DemoContentFiles.Lookup(people, submission.Mobile, file), submission.Text, null,
                cancellationToken);
            if (!submitted.Succeeded)
            {
                throw new InvalidDataException($"{file}: reflection of {submission.Mobile}: {submitted.Problem}");
            }

            if (submission.Score is not null || submission.Passed is not null)
            {
                var graded = await reflections.GradeAsync(trainingClass.Id, submitted.Reflection!.Id, submission.Passed, submission.Score, submission.Comment,
                    Author, cancellationToken);
                if (!graded.Succeeded)
                {
                    throw new InvalidDataException($"{file}: grade of {submission.Mobile}: {graded.Problem}");
                }
            }
        }
    }

    /// <summary>
    /// The demo's earlier class, held months before the load day, so a completed class and its certificate can be seen
    /// ("my hours", the verification page). It goes through the planner, and through the enrolment service as it stood
    /// before the class began; its sessions are then attended (one person on leave past the 1/7 rule) and closed, and
    /// the class credited once to those who completed it, as the closing of its last session does.
    /// </summary>
    private async Task LoadHeldClassAsync(string file, Dictionary<string, int> people, DemoCalendar calendar, CancellationToken cancellationToken)
    {
        if (!File.Exists(file) || ContentYaml.Read<ClassesFile>(file).Held is not { } entry)
        {
            return;
        }

        var (firstDay, lastDay) = (entry.Sessions.Min(s => s.Day), entry.Sessions.Max(s => s.Day));
        var planned = await classes.SaveAsync(null, new ClassDraft(entry.Title, entry.Theme.Trim(), ClassKind.InPerson, calendar.Today.AddDays(firstDay),
            calendar.Today.AddDays(lastDay), entry.Place, entry.Capacity, entry.OrganizationQuota, entry.Tiers.Select(ContentVocabulary.Tier), null, null, null),
            cancellationToken);
        var trainingClass = planned.Class ?? throw new InvalidDataException($"{file}: {string.Join(", ", planned.Errors)}");
        foreach (var (session, number) in entry.Sessions.Select((s, i) => (s, i + 1)))
        {
            var saved = await classes.SaveSessionAsync(trainingClass.Id, null, new SessionDraft(number, calendar.Today.AddDays(session.Day),
                TimeOnly.Parse(session.Start, CultureInfo.InvariantCulture), TimeOnly.Parse(session.End, CultureInfo.InvariantCulture), session.Topic, null,
                null, entry.Place, false, entry.Capacity, [], [], null), cancellationToken);
            if (!saved.Succeeded)
            {
                throw new InvalidDataException($"{file}: held session {number}: {string.Join(", ", saved.Errors.Select(e => e.Problem))}");
            }
        }

        // Nominated and admitted two weeks before the first day, when the enrolment service still took them.
        var then = new ClassEnrolments(db, new ProgrammeClock(new EarlierTime(clock.Time, TimeSpan.FromDays(14 - firstDay)), clock.Zone));
        foreach (var enrolment in entry.Enrolments)
        {
            var requested = await then.NominateAsync(trainingClass.Id, DemoContentFiles.Lookup(people, enrolment.Mobile, file), Author, cancellationToken);
            var admitted = requested.Succeeded ? await then.ApproveAsync(requested.Moves[0].EnrolmentId, Author, cancellationToken) : requested;
            if (!admitted.Succeeded || admitted.Moves[0].Status != EnrolmentStatus.Admitted)
            {
                throw new InvalidDataException($"{file}: held {enrolment.Mobile}: {admitted.Outcome}");
            }
        }

        var sessions = await db.LectureHallSessions.Where(s => s.SeriesId == trainingClass.SeriesId).OrderBy(s => s.Number).ToListAsync(cancellationToken);
        var records = new List<AttendanceRecord>();
        foreach (var enrolment in entry.Enrolments)
        {
            var personId = people[enrolment.Mobile];
            records.AddRange(sessions.Select(s => enrolment.OnLeave.Contains(s.Number)
                ? new AttendanceRecord { SessionId = s.Id, PersonId = personId, State = AttendanceState.Excused, Note = enrolment.Reason ?? "" }
                : new AttendanceRecord { SessionId = s.Id, PersonId = personId, State = AttendanceState.Present, CheckedInAt = clock.Start(s).AddMinutes(-10) }));
        }

        db.AttendanceRecords.AddRange(records);
        foreach (var session in sessions)
        {
            session.ClosedAt = clock.End(session).AddHours(1);
        }

        await db.SaveChangesAsync(cancellationToken);
        var reference = LedgerReference.ForClass(trainingClass.SeriesId).Value;
        var credits = records.GroupBy(r => r.PersonId)
            .Select(g => (Person: g.Key, Result: ClassCompletion.Evaluate(sessions.Select(s => (s, (AttendanceRecord?)g.Single(r => r.SessionId == s.Id))), clock)))
            .Where(p => p.Result.Completes && p.Result.AttendedHours > 0)
            .Select(p => new LedgerCredit(p.Person, sessions[^1].Date, p.Result.AttendedHours, LedgerSource.InPersonAttendance, Centralized: true,
                Reference: reference, CreditKey: reference, Note: trainingClass.Title, RecordedBy: TrainingLedger.System))
            .ToList();
        await ledger.CreditManyAsync(credits, sessions[^1].ClosedAt!.Value, cancellationToken);
        // Certificates follow the credit as the settlement issues them, not left for the first read of "my hours"
        // (the verification page and the organizer's list would otherwise miss them). The host that signs serials
        // registers the certificates; a host without them (the domain tests) loads no certificates.
        if (certificates is not null)
        {
            foreach (var credited in credits)
            {
                await certificates.IssueAsync(trainingClass.Id, credited.PersonId, cancellationToken);
            }
        }
    }

    /// <summary>A clock running a fixed time behind another: what a service would have seen then.</summary>
    private sealed class EarlierTime(TimeProvider time, TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => time.GetUtcNow() - by;

        public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;
    }

    /// <summary>
    /// The people with demo accounts: what a visitor tries with them (checking in today, answering a
    /// survey, registering) is left for the visitor to do.
    /// </summary>
    private static HashSet<int> DemoVisitors(string contentPath, Dictionary<string, int> people)
    {
        var file = Path.Combine(contentPath, "demo-accounts.yaml");
        return File.Exists(file)
            ? ContentYaml.Read<DemoAccountsFile>(file).Accounts.Where(a => a.PersonMobile is not null && people.ContainsKey(a.PersonMobile))
                .Select(a => people[a.PersonMobile!]).ToHashSet()
            : [];
    }

    /// <summary>A spreadsheet of the content folder with its date column read as demo dates (and <c>{year}</c> in a row as the year of its date).</summary>
    private static TabularFile Dated(string file, string dateColumn, int maxRows, DemoCalendar calendar)
    {
        TabularFile table;
        using (var stream = File.OpenRead(file))
        {
            table = TabularFile.Read(stream, file, maxRows);
        }

        var column = table.Header.ToList().IndexOf(dateColumn);
        if (column < 0)
        {
            throw new InvalidDataException($"{file}: no column {dateColumn}.");
        }

        return table.Map((number, cells) =>
        {
            DateOnly date;
            try
            {
                date = calendar.Date(cells[column]);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{file} row {number}: {e.Message}"), e);
            }

            var year = date.Year.ToString(CultureInfo.InvariantCulture);
            return cells.Select((cell, i) => i == column ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : cell.Replace("{year}", year, StringComparison.Ordinal)).ToArray();
        });
    }

    private async Task LoadLifecycleAsync(string file, Dictionary<string, Course> courses, DemoCalendar calendar, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var content = ContentYaml.Read<LifecycleFile>(file);
        foreach (var (stage, slugs) in content.Stages)
        {
            db.LifecycleCourses.AddRange(slugs.Select(s => new LifecycleCourse { Stage = ContentVocabulary.Stage(stage), Course = DemoContentFiles.Lookup(courses, s, file) }));
        }

        var organizations = await db.Organizations.ToDictionaryAsync(o => o.Name, cancellationToken);
        foreach (var e in content.Events)
        {
            var stage = ContentVocabulary.Stage(e.Stage);
            var date = DemoContentFiles.ReadDate(calendar, e.Date, file);
            // A planned event is recorded some weeks ahead of it; a past one on its day.
            var recorded = date <= calendar.Today ? date : calendar.Today.AddDays(-30);
            db.OrganizationEvents.Add(new OrganizationEvent
            {
                Organization = DemoContentFiles.Lookup(organizations, e.Organization, file), Stage = stage, Date = date,
                DueOn = OrganizationEvent.DefaultDue(stage, date), Note = e.Note.Trim(), RecordedBy = Author,
                RecordedAt = clock.Instant(recorded, new TimeOnly(10, 0)),
            });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task LoadAssignmentsAsync(string file, Dictionary<string, Course> courses, Dictionary<string, int> people, DemoCalendar calendar,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var organizations = await db.Organizations.AsNoTracking().ToDictionaryAsync(o => o.Name, o => o.Id, cancellationToken);
        var curricula = await db.Curricula.AsNoTracking().Where(c => c.Year == calendar.Year).ToDictionaryAsync(c => c.Tier, c => c.Id, cancellationToken);
        foreach (var entry in ContentYaml.Read<AssignmentsFile>(file).Assignments)
        {
            var assignment = new SupervisorAssignment
            {
                CourseId = entry.Course is { } slug ? DemoContentFiles.Lookup(courses, slug, file).Id : null,
                CurriculumId = entry.Curriculum is { } tier ? DemoContentFiles.Lookup(curricula, ContentVocabulary.Tier(tier), file) : null,
                DueOn = DemoContentFiles.ReadDate(calendar, entry.Due, file),
                AssignedBy = Author,
                AssignedAt = clock.Instant(DemoContentFiles.ReadDate(calendar, entry.Assigned, file), new TimeOnly(10, 0)),
            };
            if (assignment.CourseId is null == assignment.CurriculumId is null)
            {
                throw new InvalidDataException($"{file}: an assignment names either a course or a curriculum.");
            }

            assignment.Targets.AddRange(entry.Organizations.Select(o => new AssignmentTarget { OrganizationId = DemoContentFiles.Lookup(organizations, o, file) }));
            assignment.Targets.AddRange(entry.People.Select(m => new AssignmentTarget { PersonId = DemoContentFiles.Lookup(people, m, file) }));
            db.SupervisorAssignments.Add(assignment);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Online completions: the completion and its once-only ledger credit, as <c>LessonCompletion</c> writes them.</summary>
    private async Task LoadCompletionsAsync(string file, Dictionary<string, Course> courses, Dictionary<string, int> people, DemoCalendar calendar,
        CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return;
        }

        var completions = new List<(int Person, Course Course, DateOnly On)>();
        foreach (var (mobile, items) in ContentYaml.Read<LearningFile>(file).Completions)
        {
            var person = DemoContentFiles.Lookup(people, mobile, file);
            foreach (var item in items)
            {
                var parts = item.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length != 2)
                {
                    throw new InvalidDataException($"{file}: '{item}' is not \"course-slug date\".");
                }

                completions.Add((person, DemoContentFiles.Lookup(courses, parts[0], file), DemoContentFiles.ReadDate(calendar, parts[1], file)));
            }
        }

        // A completion happens in the evening of its day (or by now, on the load day); the ledger records it then.
        DateTimeOffset At(DateOnly day) => clock.Instant(day, new TimeOnly(20, 30)) is var evening && evening < clock.UtcNow ? evening : clock.UtcNow;
        db.CourseCompletions.AddRange(completions.Select(c => new CourseCompletion { PersonId = c.Person, CourseId = c.Course.Id, CompletedAt = At(c.On) }));
        await db.SaveChangesAsync(cancellationToken);
        // Each completion is credited what the course's lessons convert to under the rules of its year (CourseCredit).
        var hours = new Dictionary<(int Course, int Year), decimal>();
        foreach (var year in completions.Select(c => c.On.Year).Distinct())
        {
            foreach (var (course, offered) in await credit.OfferedAsync(completions.Select(c => c.Course.Id).Distinct().ToList(), year, cancellationToken))
            {
                hours[(course, year)] = offered;
            }
        }

        await ledger.CreditManyAsync(completions.Where(c => hours[(c.Course.Id, c.On.Year)] > 0).Select(c => new LedgerCredit(c.Person, c.On, hours[(c.Course.Id, c.On.Year)],
                LedgerSource.CourseCompletion, Centralized: false, Reference: LedgerReference.ForCourse(c.Course.Id).Value, CreditKey: LedgerReference.ForCourse(c.Course.Id).Value,
                Note: c.Course.Title, RecordedBy: TrainingLedger.System)).ToList(),
            credit => At(credit.Date), cancellationToken);
        // Thousands of rows are saved by now: tracking none of them keeps every later save quick.
        db.ChangeTracker.Clear();
    }

    /// <summary>Registrations for later sessions by people outside their audience, through the roster, so a full session has a real waiting list.</summary>
    private async Task RegisterAsync(LectureHallSeries series, Dictionary<int, int> registering, HashSet<int> visitors, CancellationToken cancellationToken)
    {
        foreach (var (number, count) in registering)
        {
            var session = series.Sessions.Single(s => s.Number == number);
            var audience = await Roster.Audience(db.People, session).Select(p => p.Id).ToListAsync(cancellationToken);
            var candidates = await db.People.AsNoTracking().OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken);
            foreach (var personId in candidates.Except(audience).Where(id => !visitors.Contains(id)).Take(count))
            {
                await registrations.RegisterAsync(session.Id, personId, cancellationToken);
            }
        }
    }

    /// <summary>Every held session with a live room has its replay, as the end of a live lecture makes it, already reviewed and published.</summary>
    private async Task ReplaysAsync(LectureHallSeries series, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        foreach (var held in series.Sessions.Where(s => s.HasLiveRoom && clock.End(s) < now))
        {
            var session = await db.LectureHallSessions.Include(s => s.Series).SingleAsync(s => s.Id == held.Id, cancellationToken);
            var course = LiveReplay.NewCourse(session);
            course.Published = true;
            db.Courses.Add(course);
            await db.SaveChangesAsync(cancellationToken);
            (await db.LiveBroadcasts.PrepareAsync(session.Id, cancellationToken)).AttachReplay(course.Lessons[0].Id);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
