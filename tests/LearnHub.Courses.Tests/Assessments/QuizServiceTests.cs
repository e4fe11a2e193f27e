using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Catalogue;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Registry.Organizations;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Learning.Watching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LearnHub.Courses.Tests.Assessments;

/// <summary>Attempts, the lesson gate and question import on a real SQLite file.</summary>
public sealed class QuizServiceTests : IAsyncLifetime
{
    private readonly ScratchDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private int _personId;
    private int _lessonId;
    private int _quizId;
    private int _bankId;

    public async Task InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.MigrateAsync();
        var unit = new SupervisingUnit { Code = "civil", Name = "省民政厅" };
        var organization = new Organization { Name = "甲协会", CreditCode = "51510000MJ0000001" + CreditCode.CheckCharacter("51510000MJ0000001"), SupervisingUnit = unit };
        var person = new Person { Name = "林晓", Mobile = "13711110001", Organization = organization };
        db.People.Add(person);
        var course = new Course { Slug = "c", Title = "课程" };
        course.Lessons.Add(new Lesson { Order = 1, Title = "第一讲" });
        db.Courses.Add(course);
        await db.SaveChangesAsync();
        var bank = new QuestionBank { Title = "题库", CourseId = course.Id };
        bank.Questions.AddRange(Enumerable.Range(1, 8).Select(i => new Question
        {
            Kind = QuestionKind.SingleChoice, Stem = $"第{i}题", Options = ["对的", "错的"], CorrectOptions = [0],
        }));
        db.Add(bank);
        await db.SaveChangesAsync();
        var quiz = new Quiz { Title = "测验", BankId = bank.Id, LessonId = course.Lessons[0].Id, QuestionCount = 5, PassPercent = 80, MaxAttempts = 2, TimeLimitMinutes = 15 };
        db.Add(quiz);
        await db.SaveChangesAsync();
        (_personId, _lessonId, _quizId, _bankId) = (person.Id, course.Lessons[0].Id, quiz.Id, bank.Id);
    }

    public Task DisposeAsync() => _database.DeleteAsync();

    private SqliteCoursesDbContext NewContext() => _database.NewContext();

    private async Task<IReadOnlyDictionary<int, QuestionResponse>> AllRightAsync(int attemptId)
    {
        await using var db = NewContext();
        var paper = await new QuizQueries(db).PaperAsync(attemptId, _personId, default);
        return paper!.Questions.ToDictionary(q => q.Id, _ => QuestionResponse.Choose(0));
    }

    private QuizService Service(CoursesDbContext db) => new(db,
        new LessonCompletion(db, new TrainingLedger(db, _clock), new LessonQuizGate(db), new PlaybackTracker(new WatchingRules(), _clock),
            new CourseCredit(db, new ActiveOnlineCredit(new RuleBook(db)), new LessonQuizGate(db), _clock.Programme()), _clock.Programme()),
        LectureHalls.LectureHallTests.ClassSettlementOf(db, new LearnHub.Courses.LectureHall.Sessions.Roster(db, _clock.Programme()), new TrainingLedger(db, _clock),
            _clock.Programme()), _clock);

    [Fact]
    public async Task A_reload_resumes_the_same_paper()
    {
        await using var db = NewContext();
        var service = Service(db);
        var first = await service.StartAsync(_quizId, _personId, default);
        var again = await service.StartAsync(_quizId, _personId, default);

        Assert.Equal(StartOutcome.Started, first.Outcome);
        Assert.Equal(StartOutcome.Resumed, again.Outcome);
        Assert.Equal(first.AttemptId, again.AttemptId);
        var paper = await new QuizQueries(db).PaperAsync(first.AttemptId!.Value, _personId, default);
        Assert.Equal(5, paper!.Questions.Count);
        Assert.Null(await new QuizQueries(db).PaperAsync(first.AttemptId!.Value, _personId + 1, default));
    }

    [Fact]
    public async Task Attempts_run_out_after_the_maximum()
    {
        await using var db = NewContext();
        var service = Service(db);
        for (var i = 0; i < 2; i++)
        {
            var start = await service.StartAsync(_quizId, _personId, default);
            Assert.Equal(StartOutcome.Started, start.Outcome);
            Assert.Equal(SubmitOutcome.Scored, await service.SubmitAsync(start.AttemptId!.Value, _personId, new Dictionary<int, QuestionResponse>(), default));
        }

        Assert.Equal(StartOutcome.AttemptsExhausted, (await service.StartAsync(_quizId, _personId, default)).Outcome);
    }

    [Fact]
    public async Task The_lesson_gate_opens_only_after_a_passed_attempt()
    {
        await using var db = NewContext();
        var gate = new LessonQuizGate(db);
        var service = Service(db);
        Assert.False(await gate.IsSatisfiedAsync(_personId, _lessonId, default));
        Assert.True(await gate.IsSatisfiedAsync(_personId, _lessonId + 1000, default));

        var start = await service.StartAsync(_quizId, _personId, default);
        Assert.Equal(SubmitOutcome.Scored, await service.SubmitAsync(start.AttemptId!.Value, _personId, await AllRightAsync(start.AttemptId.Value), default));
        Assert.Equal(SubmitOutcome.AlreadySubmitted, await service.SubmitAsync(start.AttemptId.Value, _personId, new Dictionary<int, QuestionResponse>(), default));

        Assert.True(await gate.IsSatisfiedAsync(_personId, _lessonId, default));
    }

    [Fact]
    public async Task An_attempt_left_past_its_time_limit_is_closed_and_counts()
    {
        await using var db = NewContext();
        var service = Service(db);
        var start = await service.StartAsync(_quizId, _personId, default);
        _clock.Advance(TimeSpan.FromMinutes(20));

        var next = await service.StartAsync(_quizId, _personId, default);

        Assert.Equal(StartOutcome.Started, next.Outcome);
        Assert.NotEqual(start.AttemptId, next.AttemptId);
        var first = (await new QuizQueries(db).AttemptsAsync(_quizId, _personId, default))[0];
        Assert.Equal(AttemptState.TimedOut, first.State);
    }

    [Fact]
    public async Task Another_person_cannot_submit_my_attempt()
    {
        await using var db = NewContext();
        var service = Service(db);
        var start = await service.StartAsync(_quizId, _personId, default);
        Assert.Equal(SubmitOutcome.NotFound, await service.SubmitAsync(start.AttemptId!.Value, _personId + 1, new Dictionary<int, QuestionResponse>(), default));
    }

    [Fact]
    public async Task Import_adds_every_kind_or_nothing_with_row_numbers()
    {
        const string header = "题型,题干,选项A,选项B,选项C,选项D,答案,解析\n";
        const string good = header +
            "单选,党组织书记一般应由谁担任？,理事长,秘书长,党员负责人,会员,C,\n" +
            "多选,“三会一课”包括哪些？,支部党员大会,支部委员会会议,党小组会,理事会,ABC,\n" +
            "判断,社会组织章程应写入党建工作内容。,,,,,对,\n" +
            "填空,支部委员会会议一般每___召开一次。,,,,,月|每月,\n";
        const string bad = header +
            "单选,题一,甲,乙,,,E,\n" +
            "问答,题二,,,,,对,\n" +
            "判断,题三,,,,,也许,\n";

        await using var db = NewContext();
        var importer = new QuestionImporter(db);
        var before = await db.Set<Question>().CountAsync(q => q.BankId == _bankId);
        var refused = await importer.ImportAsync(_bankId, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(bad)), "q.csv", default);
        Assert.False(refused.Succeeded);
        Assert.Equal([2, 3, 4], refused.Problems.Select(p => p.Row).ToArray());
        Assert.Equal(ImportProblemCode.UnknownValue, refused.Problems[1].Code);
        Assert.Equal(before, await db.Set<Question>().CountAsync(q => q.BankId == _bankId));

        var result = await importer.ImportAsync(_bankId, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(good)), "q.csv", default);
        Assert.True(result.Succeeded, string.Join("; ", result.Problems));
        Assert.Equal(4, result.QuestionsAdded);
        var added = await db.Set<Question>().AsNoTracking().Where(q => q.BankId == _bankId).OrderByDescending(q => q.Id).Take(4).ToListAsync();
        Assert.Equal(["月", "每月"], added[0].AcceptedAnswers);
        Assert.Equal([0], added[1].CorrectOptions);
        Assert.Equal([0, 1, 2], added[2].CorrectOptions);
        Assert.Equal(4, added[2].Options.Count);
    }
}
