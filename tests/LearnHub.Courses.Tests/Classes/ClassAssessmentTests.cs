using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Courses.LectureHall.Classes;
using LearnHub.Courses.LectureHall.Classes.Certificates;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Classes;

/// <summary>
/// Reflections and completion (结业) of a class through the module's own services, on the programme clock: the due date,
/// one resubmission, and a ledger credit only when attendance, the closing quiz and the reflection are all met.
/// </summary>
public sealed class ClassAssessmentTests : IAsyncLifetime
{
    // 2026-11-20 10:00 in Shanghai; the class runs on 11-26 and 11-27, 3.5 hours a day, and its reflection is due on 11-30.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
    private static readonly DateOnly DueOn = new(2026, 11, 30);
    private const string Enough = "参加这次培训，我对社会组织党建工作有了新的认识。";
    private CoursesHost _host = null!;
    private readonly List<int> _people = [];
    private int _outsider;
    private int _classId;
    private int _seriesId;
    private int _quizId;
    private readonly List<int> _sessions = [];

    public async Task InitializeAsync()
    {
        // Certificates as the web host offers them: settlement issues one to whoever completes.
        _host = await CoursesHost.StartAsync(_clock, services => services
            .AddSingleton(new CertificateSerials([.. Enumerable.Range(1, 32).Select(i => (byte)i)]))
            .AddScoped<HoursPerDay>(_ => (_, _) => Task.FromResult(7.5m))
            .AddScoped<ClassCertificates>());
        await _host.WithAsync(async (services, db) =>
        {
            var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
            var organization = new Organization { Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"), SupervisingUnit = unit };
            for (var i = 0; i < 5; i++)
            {
                var person = new Person { Name = $"学员{i}", Mobile = $"1371111000{i}", Organization = organization };
                person.AddPosition(PositionKind.Secretary, new DateOnly(2024, 1, 1));
                db.People.Add(person);
            }

            var bank = new QuestionBank { Title = "结业题库" };
            bank.Questions.AddRange(Enumerable.Range(1, 4).Select(i => new Question
            {
                Kind = QuestionKind.SingleChoice, Stem = $"第{i}题", Options = ["对", "错"], CorrectOptions = [0],
            }));
            db.Add(bank);
            await db.SaveChangesAsync();
            var quiz = new Quiz { Title = "结业测验", BankId = bank.Id, QuestionCount = 3, PassPercent = 60, MaxAttempts = 3 };
            db.Add(quiz);
            await db.SaveChangesAsync();
            _quizId = quiz.Id;
            var people = await db.People.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
            _people.AddRange(people.Take(4));
            _outsider = people[4];

            var planner = services.GetRequiredService<ClassPlanner>();
            var saved = await planner.SaveAsync(null, new ClassDraft("党组织书记培训班", "", ClassKind.InPerson, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27),
                "党校", 10, null, [], null, null, null));
            _classId = saved.Class!.Id;
            _seriesId = saved.Class.SeriesId;
            foreach (var day in new[] { 26, 27 })
            {
                var session = await planner.SaveSessionAsync(_classId, null, new SessionDraft(day - 25, new DateOnly(2026, 11, day), new TimeOnly(9, 0),
                    new TimeOnly(12, 30), $"第{day - 25}天", null, null, "党校", false, 10, [], [], null));
                _sessions.Add(session.Session!.Id);
            }

            Assert.Empty(await planner.AddItemAsync(_classId, new ClassItemDraft(ClassItemKind.ClosingQuiz, null, _quizId, new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27))));
            var enrolments = services.GetRequiredService<ClassEnrolments>();
            foreach (var person in _people)
            {
                var nominated = await enrolments.NominateAsync(_classId, person, "admin-1");
                Assert.True((await enrolments.ApproveAsync(nominated.Moves[0].EnrolmentId, "admin-1")).Succeeded);
            }

            Assert.Equal(ReflectionProblem.None, await services.GetRequiredService<ClassReflections>()
                .PlanAsync(_classId, new ReflectionPlan(true, 20, DueOn, null), "admin-1"));
            return 0;
        });
    }

    public Task DisposeAsync()
    {
        _host.Dispose();
        return Task.CompletedTask;
    }

    private Task<ReflectionResult> SubmitAsync(int person, string text) =>
        _host.WithAsync((services, _) => services.GetRequiredService<ClassReflections>().SubmitAsync(_classId, person, text, null));

    private Task<ReflectionResult> GradeAsync(int reflectionId, bool passed, string comment = "", int? score = null) =>
        _host.WithAsync((services, _) => services.GetRequiredService<ClassReflections>().GradeAsync(_classId, reflectionId, passed, score, comment, "teacher-1"));

    private Task<List<LedgerEntry>> CreditsAsync(int person) =>
        _host.WithAsync((_, db) => db.LedgerEntries.AsNoTracking().Where(e => e.PersonId == person && e.Reference == LedgerReference.ForClass(_seriesId).Value)
            .OrderBy(e => e.Id).ToListAsync());

    private Task<int> PassQuizAsync(int person) => _host.WithAsync(async (services, _) =>
    {
        var quizzes = services.GetRequiredService<QuizService>();
        var attempt = (await quizzes.StartAsync(_quizId, person, default)).AttemptId!.Value;
        var paper = await services.GetRequiredService<QuizQueries>().PaperAsync(attempt, person, default);
        Assert.Equal(SubmitOutcome.Scored, await quizzes.SubmitAsync(attempt, person, paper!.Questions.ToDictionary(q => q.Id, _ => QuestionResponse.Choose(0)), default));
        return 0;
    });

    [Fact]
    public async Task Characters_are_counted_not_bytes_and_only_admitted_trainees_hand_one_in()
    {
        // Nineteen Chinese characters padded with spaces and line breaks (57 bytes and more) are still too short for 20.
        Assert.Equal(ReflectionProblem.TooShort, (await SubmitAsync(_people[0], "参加这次 培训\n\n我对社会组织　党建工作有 认识　　")).Problem);
        var taken = await SubmitAsync(_people[0], "参加这次培训，我对社会组织党建工作有了新的认识");
        Assert.True(taken.Succeeded);
        Assert.Equal(23, taken.Reflection!.Characters);

        Assert.Equal(ReflectionProblem.NotAdmitted, (await SubmitAsync(_outsider, Enough)).Problem);
        Assert.Equal(ReflectionProblem.TooLong, (await SubmitAsync(_people[1], new string('党', ClassReflection.MaxTextLength + 1))).Problem);
    }

    [Fact]
    public async Task The_due_date_is_a_programme_day_taken_until_its_last_minute_in_China()
    {
        // 23:59:59 on the due date in Shanghai is 15:59:59 UTC: still taken.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero));
        Assert.True((await SubmitAsync(_people[0], Enough)).Succeeded);

        // A second later it is the next day in Shanghai, though still the due date in UTC.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero));
        Assert.Equal(ReflectionProblem.PastDue, (await SubmitAsync(_people[1], Enough)).Problem);
        Assert.Equal(ReflectionProblem.PastDue, await _host.WithAsync((services, _) => services.GetRequiredService<ClassReflections>().MaySubmitAsync(_classId, _people[1])));
    }

    [Fact]
    public async Task A_refused_reflection_may_be_handed_in_once_more_and_no_more()
    {
        var first = (await SubmitAsync(_people[0], Enough)).Reflection!;
        Assert.Equal(ReflectionProblem.AwaitingGrade, (await SubmitAsync(_people[0], Enough + "补充")).Problem);

        // A refusal says why.
        Assert.Equal(ReflectionProblem.CommentRequired, (await GradeAsync(first.Id, passed: false)).Problem);
        Assert.True((await GradeAsync(first.Id, passed: false, "未结合本单位实际")).Succeeded);
        var second = await SubmitAsync(_people[0], Enough + "结合本单位实际，我们准备建立议事清单。");
        Assert.True(second.Succeeded);
        Assert.Equal(2, second.Reflection!.Attempt);
        Assert.Equal(ReflectionProblem.Superseded, (await GradeAsync(first.Id, passed: true)).Problem);

        Assert.True((await GradeAsync(second.Reflection.Id, passed: false, "仍未达到要求")).Succeeded);
        Assert.Equal(ReflectionProblem.NoMoreResubmissions, (await SubmitAsync(_people[0], Enough + "第三次")).Problem);

        var passed = (await SubmitAsync(_people[1], Enough)).Reflection!;
        Assert.True((await GradeAsync(passed.Id, passed: true)).Succeeded);
        Assert.Equal(ReflectionProblem.AlreadyPassed, (await SubmitAsync(_people[1], Enough)).Problem);
    }

    [Fact]
    public async Task A_reflection_refused_late_may_be_handed_in_again_within_seven_days_of_the_refusal_and_not_after()
    {
        var (late, early, never) = (_people[0], _people[1], _people[2]);
        var lateFirst = (await SubmitAsync(late, Enough)).Reflection!;
        var earlyFirst = (await SubmitAsync(early, Enough)).Reflection!;
        // 11-25: one refused well before the due date (11-30): its week ends 12-02.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
        Assert.True((await GradeAsync(earlyFirst.Id, passed: false, "请结合实际")).Succeeded);
        // 12-02, past the due date: the other is refused only now, and has until 12-09.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));
        Assert.True((await GradeAsync(lateFirst.Id, passed: false, "请补充本单位做法")).Succeeded);

        // 12-09 at 23:30 in China is still the last day of the week after the refusal.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 15, 30, 0, TimeSpan.Zero));
        Assert.Equal(ReflectionProblem.ResubmissionClosed, (await SubmitAsync(early, Enough + "补交")).Problem);
        Assert.Equal(ReflectionProblem.PastDue, (await SubmitAsync(never, Enough)).Problem);
        var again = await SubmitAsync(late, Enough + "我们会把议事规则写进章程。");
        Assert.True(again.Succeeded, again.Problem.ToString());
        Assert.Equal(2, again.Reflection!.Attempt);
        Assert.True((await GradeAsync(again.Reflection.Id, passed: false, "仍不充分")).Succeeded);
        Assert.Equal(ReflectionProblem.PastDue, (await SubmitAsync(late, Enough + "第三次")).Problem);

        // The page names the last day of that window.
        var window = await _host.WithAsync(async (services, db) => services.GetRequiredService<ClassReflections>()
            .ResubmitBy(await db.TrainingClasses.SingleAsync(c => c.Id == _classId), await db.Set<ClassReflection>().SingleAsync(r => r.Id == lateFirst.Id)));
        Assert.Equal(new DateOnly(2026, 12, 9), window);
    }

    [Fact]
    public async Task A_scored_reflection_passes_from_the_pass_mark()
    {
        Assert.Equal(ReflectionProblem.None, await _host.WithAsync((services, _) => services.GetRequiredService<ClassReflections>()
            .PlanAsync(_classId, new ReflectionPlan(true, 20, DueOn, 60), "admin-1")));
        var low = (await SubmitAsync(_people[0], Enough)).Reflection!;
        var high = (await SubmitAsync(_people[1], Enough)).Reflection!;

        Assert.Equal(ReflectionProblem.GradeRequired, (await GradeAsync(high.Id, passed: true, score: null)).Problem);
        Assert.Equal(ReflectionProblem.CommentRequired, (await GradeAsync(low.Id, passed: true, score: 59)).Problem);
        Assert.Equal(ReflectionStatus.Failed, (await GradeAsync(low.Id, passed: true, "论述不足", score: 59)).Reflection!.Status);
        var graded = (await GradeAsync(high.Id, passed: false, score: 60)).Reflection!;
        Assert.Equal((ReflectionStatus.Passed, 60), (graded.Status, graded.Score));
    }

    [Fact]
    public async Task The_class_is_credited_only_with_attendance_quiz_and_reflection_all_met_and_whichever_comes_last_credits()
    {
        var (all, noQuiz, refused, absent) = (_people[0], _people[1], _people[2], _people[3]);
        var reflections = new Dictionary<int, int>();
        foreach (var person in _people)
        {
            reflections[person] = (await SubmitAsync(person, Enough)).Reflection!.Id;
        }

        // The quiz opens on the first day; three of the four pass it then.
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 1, 0, 0, TimeSpan.Zero));
        foreach (var person in new[] { all, refused, absent })
        {
            await PassQuizAsync(person);
        }

        // Grades before the sessions close credit nobody: the class is not finished.
        foreach (var person in new[] { all, noQuiz, absent })
        {
            Assert.True((await GradeAsync(reflections[person], passed: true)).Succeeded);
        }

        Assert.True((await GradeAsync(reflections[refused], passed: false, "请结合实际重写")).Succeeded);
        Assert.Empty(await CreditsAsync(all));

        // Both days held: everyone present except one, absent on the first day (3.5 of 7 hours is over 1/7).
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 6, 0, 0, TimeSpan.Zero));
        await _host.WithAsync(async (services, _) =>
        {
            var book = services.GetRequiredService<AttendanceBook>();
            foreach (var session in _sessions)
            {
                foreach (var person in _people.Where(p => p != absent || session != _sessions[0]))
                {
                    Assert.Equal(CorrectionOutcome.Corrected, await book.CorrectAsync(session, person, AttendanceState.Present, "签到表补登", "admin-1"));
                }
            }

            Assert.Equal(0, await book.CloseAsync(_sessions[0], "admin-1"));
            Assert.Equal(1, await book.CloseAsync(_sessions[1], "admin-1"));
            return 0;
        });

        // Only the one who met all three is credited; each missing piece blocks the others.
        var credit = Assert.Single(await CreditsAsync(all));
        Assert.Equal((7m, true, LedgerReference.ForClass(_seriesId).Value), (credit.Hours, credit.Centralized, credit.CreditKey));
        // Their certificate is issued with the credit, before anyone asks for it.
        Assert.Equal([(all, credit.Id)], await CertificatesAsync());
        Assert.Empty(await CreditsAsync(noQuiz));
        Assert.Empty(await CreditsAsync(refused));
        Assert.Empty(await CreditsAsync(absent));
        var standings = await _host.WithAsync((services, _) => services.GetRequiredService<ClassStandings>().OfSeriesAsync(_seriesId, _people));
        Assert.Equal([true, false, false, false], standings.Select(s => s.Completes));
        Assert.Equal(CheckState.Failed, standings[3].AttendanceCheck);
        Assert.Equal((CheckState.Open, CheckState.Failed), (standings[1].Quiz, standings[2].ReflectionCheck));

        // The quiz passed after the sessions closed credits then; so does the resubmitted reflection once accepted.
        await PassQuizAsync(noQuiz);
        Assert.Equal(7m, Assert.Single(await CreditsAsync(noQuiz)).Hours);
        var again = (await SubmitAsync(refused, Enough + "结合本会实际重写。")).Reflection!;
        Assert.Empty(await CreditsAsync(refused));
        Assert.True((await GradeAsync(again.Id, passed: true)).Succeeded);
        Assert.Equal(7m, Assert.Single(await CreditsAsync(refused)).Hours);
        Assert.Equal([all, noQuiz, refused], (await CertificatesAsync()).Select(c => c.Person).Order());

        // Settling again credits nobody twice; a grade corrected to a refusal reverses the credit.
        Assert.True((await GradeAsync(again.Id, passed: true, "复核")).Succeeded);
        Assert.Single(await CreditsAsync(all));
        Assert.Single(await CreditsAsync(refused));
        Assert.True((await GradeAsync(again.Id, passed: false, "复核发现抄袭")).Succeeded);
        Assert.Equal(0m, (await CreditsAsync(refused)).Sum(e => e.Hours));
        Assert.Empty(await CreditsAsync(absent));
        // The reversed credit's certificate is revoked on its next read, as before; settling again issues no other.
        var revoked = await _host.WithAsync((services, db) => services.GetRequiredService<ClassCertificates>().ReconcileAsync(db.ClassCertificates));
        Assert.Equal(refused, Assert.Single(revoked).PersonId);
        Assert.Equal([all, noQuiz], (await CertificatesAsync()).Select(c => c.Person).Order());
        Assert.Equal(3, await _host.WithAsync((_, db) => db.ClassCertificates.CountAsync()));
    }

    /// <summary>The standing certificates of the class: whose, on which credit.</summary>
    private Task<List<(int Person, long Credit)>> CertificatesAsync() => _host.WithAsync(async (_, db) =>
        (await db.ClassCertificates.AsNoTracking().Where(c => c.ClassId == _classId && c.RevokedAt == null).Select(c => new { c.PersonId, c.CreditEntryId }).ToListAsync())
        .Select(c => (c.PersonId, c.CreditEntryId)).ToList());
}
