using LearnHub.Courses.Learning.Watching;
using System.Net;
using System.Text.RegularExpressions;
using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Data;
using LearnHub.Web.Tests.Admin;
using LearnHub.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LearnHub.Web.Tests.Assessments;

/// <summary>Quizzes and surveys through the real pages, on the demo content.</summary>
public sealed partial class AssessmentTests(LearnHubFactory factory) : IClassFixture<LearnHubFactory>
{
    private const string Trainee = "trainee@learnhub.example";
    private const string Lecturer = "lecturer@learnhub.example";

    private Task<int> QuizIdAsync(string courseSlug, int lessonOrder) => AdminTestData.QueryAsync(factory, db =>
        db.Set<Quiz>().Where(q => db.Lessons.Any(l => l.Id == q.LessonId && l.Order == lessonOrder && db.Courses.Any(c => c.Id == l.CourseId && c.Slug == courseSlug)))
            .Select(q => q.Id).SingleAsync());

    /// <summary>A session of the demo's series: 1–4 are held, 5 is under way, 6–8 are to come.</summary>
    private Task<int> SessionIdAsync(int number) => AdminTestData.QueryAsync(factory, db =>
        db.LectureHallSessions.Where(s => s.Number == number && s.SeriesId == db.LectureHallSeries.Min(x => x.Id)).Select(s => s.Id).SingleAsync());

    private Task<int> TraineePersonIdAsync() => AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Mobile == "13800000001").Select(p => p.Id).SingleAsync());

    private static async Task<string> StartAsync(HttpClient client, int quizId)
    {
        var response = await client.PostAsync($"/quizzes/{quizId}/start", await LearnHubFactory.FormWithTokenAsync(client, $"/quizzes/{quizId}", []));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task Trainee_submits_answers_and_is_scored_on_the_server()
    {
        var client = await factory.SignInAsync(Trainee);
        var quizId = await QuizIdAsync("pb-organization-building", 1);
        var attemptUrl = await StartAsync(client, quizId);
        Assert.Matches("^/quizzes/attempts/\\d+$", attemptUrl);

        var paper = await client.GetStringAsync(attemptUrl);
        // The paper carries the questions but no key: no explanation text reaches the browser before submission.
        Assert.DoesNotContain("双向进入、交叉任职”有利于", paper, StringComparison.Ordinal);
        Assert.DoesNotContain("不需要公开党员名单", paper, StringComparison.Ordinal);
        var ids = QuestionNames().Matches(paper).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.Equal(5, ids.Count);
        Assert.Equal(paper, await client.GetStringAsync(attemptUrl).ContinueWith(t => t.Result.Replace(LearnHubFactory.AntiforgeryToken(t.Result), LearnHubFactory.AntiforgeryToken(paper), StringComparison.Ordinal)));

        var key = await AdminTestData.QueryAsync(factory, db => db.Set<Question>().Where(q => ids.Contains(q.Id)).ToListAsync());
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", LearnHubFactory.AntiforgeryToken(paper)) };
        // All right except the first question, answered wrong on purpose.
        foreach (var (q, i) in key.OrderBy(q => ids.IndexOf(q.Id)).Select((q, i) => (q, i)))
        {
            var name = $"q{q.Id}";
            if (i == 0)
            {
                fields.Add(new(name, q.Kind == QuestionKind.FillIn ? "不对的答案" : ((q.CorrectOptions[0] + 1) % Math.Max(2, q.Options.Count)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            else if (q.Kind == QuestionKind.FillIn)
            {
                fields.Add(new(name, " " + q.AcceptedAnswers[0].ToUpperInvariant() + " "));
            }
            else
            {
                fields.AddRange(q.CorrectOptions.Select(o => new KeyValuePair<string, string>(name, o.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        var submitted = await client.PostAsync(attemptUrl, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(attemptUrl + "/result", submitted.Headers.Location!.OriginalString);
        var result = await client.GetStringAsync(attemptUrl + "/result");
        Assert.Contains(">80<", result, StringComparison.Ordinal);
        Assert.Contains("通过", result, StringComparison.Ordinal);
        Assert.Contains("剩余 2 次作答机会", result, StringComparison.Ordinal);
        // Two attempts remain: the score, but neither which answer was wrong nor the key.
        Assert.Contains("答对 4 题", result, StringComparison.Ordinal);
        Assert.DoesNotContain("答错 1 题", result, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"answer-key-withheld\"", result, StringComparison.Ordinal);

        // A second submission of the same paper changes nothing.
        var again = await client.PostAsync(attemptUrl, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var lessonId = await AdminTestData.QueryAsync(factory, db => db.Set<Quiz>().Where(q => q.Id == quizId).Select(q => q.LessonId!.Value).SingleAsync());
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ILessonQuizGate>().IsSatisfiedAsync(await TraineePersonIdAsync(), lessonId, default));
    }

    [Fact]
    public async Task Retakes_do_not_harvest_the_answer_key_unless_the_author_chooses_so()
    {
        var quizId = await QuizIdAsync("pb-three-meetings-one-lesson", 1);
        var trainee = await factory.SignInAsync(Trainee);
        async Task<(string Page, List<Question> Key)> AttemptAsync()
        {
            var url = await StartAsync(trainee, quizId);
            var paper = await trainee.GetStringAsync(url);
            var ids = QuestionNames().Matches(paper).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Equal(HttpStatusCode.Redirect, (await trainee.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", LearnHubFactory.AntiforgeryToken(paper))]))).StatusCode);
            var key = await AdminTestData.QueryAsync(factory, db => db.Set<Question>().Where(q => ids.Contains(q.Id)).ToListAsync());
            return (url + "/result", key);
        }

        static bool ShowsKey(string page, List<Question> key) =>
            page.Contains("正确答案：", StringComparison.Ordinal) && page.Contains("data-correct=\"false\"", StringComparison.Ordinal)
            && key.All(q => page.Contains(q.Explanation, StringComparison.Ordinal));
        static bool ShowsNothingOfTheKey(string page, List<Question> key) =>
            !page.Contains("正确答案：", StringComparison.Ordinal) && !page.Contains("data-correct=\"false\"", StringComparison.Ordinal)
            && key.All(q => !page.Contains(q.Explanation, StringComparison.Ordinal));

        // Explanations that appear nowhere else on the page, so seeing one means the key was sent.
        var bankId = await AdminTestData.QueryAsync(factory, db => db.Set<Quiz>().Where(q => q.Id == quizId).Select(q => q.BankId).SingleAsync());
        await AdminTestData.QueryAsync(factory, async db =>
        {
            foreach (var question in await db.Set<Question>().Where(q => q.BankId == bankId).ToListAsync())
            {
                question.Explanation = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"解析标记{question.Id}号");
            }

            return await db.SaveChangesAsync();
        });

        // The default: the first two of three attempts show the score only.
        var (first, firstKey) = await AttemptAsync();
        var page = await trainee.GetStringAsync(first);
        Assert.True(ShowsNothingOfTheKey(page, firstKey), page);
        Assert.Contains("用完后可查看", page, StringComparison.Ordinal);
        var (second, secondKey) = await AttemptAsync();
        Assert.True(ShowsNothingOfTheKey(await trainee.GetStringAsync(second), secondKey));

        // The author may choose to show it after each attempt, on the quiz's form.
        var admin = await factory.SignInAsync("admin@learnhub.example");
        var edit = $"/admin/assessments/quizzes/{quizId}/edit";
        var form = await admin.GetStringAsync(edit);
        Assert.Contains("何时显示正确答案", form, StringComparison.Ordinal);
        Assert.Contains("用完全部作答次数后显示（默认）", form, StringComparison.Ordinal);
        var quiz = await AdminTestData.QueryAsync(factory, db => db.Set<Quiz>().SingleAsync(q => q.Id == quizId));
        async Task ChooseAsync(AnswerKeyShown shown)
        {
            var saved = await admin.PostAsync(edit, await LearnHubFactory.FormWithTokenAsync(admin, edit, new Dictionary<string, string>
            {
                ["Title"] = quiz.Title, ["Place"] = $"lesson:{quiz.LessonId}", ["QuestionCount"] = quiz.QuestionCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PassPercent"] = quiz.PassPercent.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MaxAttempts"] = quiz.MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Published"] = "true", ["AnswerKeyShown"] = shown.ToString(),
            }));
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal(shown, await AdminTestData.QueryAsync(factory, db => db.Set<Quiz>().Where(q => q.Id == quizId).Select(q => q.AnswerKeyShown).SingleAsync()));
        }

        await ChooseAsync(AnswerKeyShown.AfterEachAttempt);
        Assert.True(ShowsKey(await trainee.GetStringAsync(first), firstKey));
        await ChooseAsync(AnswerKeyShown.AfterLastAttempt);

        // The last attempt shows the key of every attempt.
        var (last, lastKey) = await AttemptAsync();
        Assert.True(ShowsKey(await trainee.GetStringAsync(last), lastKey));
        Assert.True(ShowsKey(await trainee.GetStringAsync(first), firstKey));

        // "Never" keeps it hidden even then.
        await ChooseAsync(AnswerKeyShown.Never);
        page = await trainee.GetStringAsync(last);
        Assert.True(ShowsNothingOfTheKey(page, lastKey));
        Assert.Contains("不公布每题对错和正确答案", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trainee_cannot_see_or_submit_another_persons_attempt()
    {
        var quizId = await QuizIdAsync("law-registration-regulations", 1);
        var other = await AdminTestData.QueryAsync(factory, db => db.People.Where(p => p.Mobile != "13800000001").Select(p => p.Id).FirstAsync());
        int attemptId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var start = await scope.ServiceProvider.GetRequiredService<QuizService>().StartAsync(quizId, other, default);
            attemptId = start.AttemptId!.Value;
        }

        var client = await factory.SignInAsync(Trainee);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/quizzes/attempts/{attemptId}")).StatusCode);
        var token = LearnHubFactory.AntiforgeryToken(await client.GetStringAsync($"/quizzes/{quizId}"));
        var post = await client.PostAsync($"/quizzes/attempts/{attemptId}", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<QuizService>().SubmitAsync(attemptId, other, new Dictionary<int, QuestionResponse>(), default);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/quizzes/attempts/{attemptId}/result")).StatusCode);
        Assert.Equal(AttemptState.Submitted, await AdminTestData.QueryAsync(factory, db => db.Set<QuizAttempt>().Where(a => a.Id == attemptId).Select(a => a.State).SingleAsync()));
    }

    [Fact]
    public async Task Trainee_cannot_start_more_attempts_than_allowed()
    {
        var client = await factory.SignInAsync(Trainee);
        var quizId = await QuizIdAsync("pb-three-meetings-one-lesson", 2);
        for (var i = 0; i < 2; i++)
        {
            var url = await StartAsync(client, quizId);
            var paper = await client.GetStringAsync(url);
            var response = await client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", LearnHubFactory.AntiforgeryToken(paper))]));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var refused = await StartAsync(client, quizId);
        Assert.Equal($"/quizzes/{quizId}", refused);
        var page = await client.GetStringAsync(refused);
        Assert.Contains("作答次数已用完", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"start-quiz\"", page, StringComparison.Ordinal);
        var person = await TraineePersonIdAsync();
        Assert.Equal(2, await AdminTestData.QueryAsync(factory, db => db.Set<QuizAttempt>().CountAsync(a => a.QuizId == quizId && a.PersonId == person)));
    }

    [Fact]
    public async Task Survey_is_answered_once_only()
    {
        var client = await factory.SignInAsync(Trainee);
        var session = await SessionIdAsync(1);
        var url = $"/lecture-hall/sessions/{session}/survey";
        var form = new Dictionary<string, string> { ["Content"] = "5", ["Lecturer"] = "4", ["Organisation"] = "5", ["Comment"] = "很有收获" };

        var first = await client.PostAsync(url, await LearnHubFactory.FormWithTokenAsync(client, url, new Dictionary<string, string>(form)));
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("已提交过", await client.GetStringAsync(url), StringComparison.Ordinal);

        var token = LearnHubFactory.AntiforgeryToken(await client.GetStringAsync("/quizzes/" + await QuizIdAsync("pb-organization-building", 1)));
        form["__RequestVerificationToken"] = token;
        var second = await client.PostAsync(url, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("已提交过", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var person = await TraineePersonIdAsync();
        Assert.Equal(1, await AdminTestData.QueryAsync(factory, db => db.Set<SurveyResponse>().CountAsync(r => r.PersonId == person && r.LectureHallSessionId == session)));
    }

    [Fact]
    public async Task Survey_refuses_a_rating_out_of_range_and_a_session_not_yet_held()
    {
        var client = await factory.SignInAsync(Trainee);
        var held = await SessionIdAsync(1);
        var url = $"/lecture-hall/sessions/{held}/survey";
        var bad = await client.PostAsync(url, await LearnHubFactory.FormWithTokenAsync(client, url,
            new Dictionary<string, string> { ["Content"] = "9", ["Lecturer"] = "4", ["Organisation"] = "5" }));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("请为“课程内容”选择 1 到 5 分", html, StringComparison.Ordinal);
        Assert.DoesNotContain("请为“授课讲师”选择", html, StringComparison.Ordinal);

        var future = await client.GetStringAsync($"/lecture-hall/sessions/{await SessionIdAsync(8)}/survey");
        Assert.Contains("开讲后才能填写", future, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"survey-form\"", future, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lecturer_sees_only_own_ratings()
    {
        var client = await factory.SignInAsync(Lecturer);
        var own = await SessionIdAsync(1);
        var others = await SessionIdAsync(2);
        var topics = await AdminTestData.QueryAsync(factory, db => db.LectureHallSessions.Where(s => s.Id == own || s.Id == others).ToDictionaryAsync(s => s.Id, s => s.Topic));

        var list = await client.GetStringAsync("/surveys/results");
        Assert.Contains(topics[own], list, StringComparison.Ordinal);
        Assert.DoesNotContain(topics[others], list, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"lecturer-ratings\"", list, StringComparison.Ordinal);

        var detail = await client.GetAsync($"/lecture-hall/sessions/{own}/survey/results");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        var html = await detail.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"rating-chart\"", html, StringComparison.Ordinal);
        Assert.Contains("/lib/chart.js/chart.umd.min.js", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/lecture-hall/sessions/{others}/survey/results")).StatusCode);

        var trainee = await factory.SignInAsync(Trainee);
        var denied = await trainee.GetAsync("/surveys/results");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/account/denied", denied.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Demo_ratings_give_each_lecturer_an_average_shown_on_the_admin_lecturer_page()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var lecturer = await db.Lecturers.SingleAsync(l => l.Key == "he-jingwen");
        var ratings = await scope.ServiceProvider.GetRequiredService<SurveyQueries>().LecturerRatingsAsync(lecturer.Id, default);
        Assert.True(ratings.Summary.Responses > 30);
        Assert.InRange(ratings.Summary.SatisfactionRate, 0.9, 1.0);

        var admin = await factory.SignInAsync("admin@learnhub.example");
        var page = await admin.GetStringAsync($"/admin/lecturers/{lecturer.Id}/edit");
        Assert.Contains("data-testid=\"lecturer-ratings\"", page, StringComparison.Ordinal);
        Assert.Contains(ratings.Summary.Overall.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lecturer_manages_banks_of_own_courses_only()
    {
        var client = await factory.SignInAsync(Lecturer);
        var banks = await AdminTestData.QueryAsync(factory, db => db.Set<QuestionBank>()
            .Select(b => new { b.Id, Slug = db.Courses.Where(c => c.Id == b.CourseId).Select(c => c.Slug).Single() }).ToDictionaryAsync(b => b.Slug, b => b.Id));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/admin/assessments/banks/{banks["pb-three-meetings-one-lesson"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/assessments/banks/{banks["law-registration-regulations"]}")).StatusCode);

        var index = await client.GetStringAsync("/admin/assessments");
        Assert.Contains("三会一课与主题党日题库", index, StringComparison.Ordinal);
        Assert.DoesNotContain("社会组织登记管理法规题库", index, StringComparison.Ordinal);

        // A question for another lecturer's bank is refused and nothing is written.
        var before = await AdminTestData.QueryAsync(factory, db => db.Set<Question>().CountAsync());
        var token = LearnHubFactory.AntiforgeryToken(index);
        var refused = await client.PostAsync($"/admin/assessments/banks/{banks["law-registration-regulations"]}/questions/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Kind"] = "TrueFalse", ["Stem"] = "越权写入的题目", ["Answer"] = "对",
        }));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(before, await AdminTestData.QueryAsync(factory, db => db.Set<Question>().CountAsync()));

        var trainee = await factory.SignInAsync(Trainee);
        Assert.Equal(HttpStatusCode.Redirect, (await trainee.GetAsync("/admin/assessments")).StatusCode);
    }

    [Fact]
    public async Task Lecturer_adds_a_question_and_imports_a_sheet_all_or_nothing()
    {
        var client = await factory.SignInAsync(Lecturer);
        var bankId = await AdminTestData.QueryAsync(factory, db => db.Set<QuestionBank>().Where(b => b.Title == "社会组织党组织建设题库").Select(b => b.Id).SingleAsync());
        var count = () => AdminTestData.QueryAsync(factory, db => db.Set<Question>().CountAsync(q => q.BankId == bankId));
        var before = await count();

        var page = $"/admin/assessments/banks/{bankId}/questions/new";
        var wrong = await client.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(client, page, new Dictionary<string, string>
        {
            ["Kind"] = "SingleChoice", ["Stem"] = "党组织书记由谁选举产生？", ["Options"] = "党员大会\n理事会", ["Answer"] = "C",
        }));
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("填写一个选项字母", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var added = await client.PostAsync(page, await LearnHubFactory.FormWithTokenAsync(client, page, new Dictionary<string, string>
        {
            ["Kind"] = "SingleChoice", ["Stem"] = "党组织书记由谁选举产生？", ["Options"] = "党员大会\n理事会", ["Answer"] = "a",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(before + 1, await count());

        var bankPage = $"/admin/assessments/banks/{bankId}";
        var token = LearnHubFactory.AntiforgeryToken(await client.GetStringAsync(bankPage));
        Task<string> ImportAsync(string csv) => ImportFileAsync(System.Text.Encoding.UTF8.GetBytes(csv), "questions.csv");
        async Task<string> ImportFileAsync(byte[] file, string name)
        {
            using var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new ByteArrayContent(file), "file", name },
            };
            var response = await client.PostAsync($"/admin/assessments/banks/{bankId}/import", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        var failed = await ImportAsync("题型,题干,选项A,选项B,答案\n判断,党员应当按期交纳党费。,,,对\n单选,缺少选项的题,,,A\n");
        Assert.Contains("data-testid=\"import-problems\"", failed, StringComparison.Ordinal);
        Assert.Equal(before + 1, await count());

        var ok = await ImportAsync("题型,题干,选项A,选项B,答案\n判断,党员应当按期交纳党费。,,,对\n填空,党的基层组织设立党的委员会、总支部委员会和___委员会。,,,支部\n");
        Assert.Contains("data-testid=\"import-succeeded\"", ok, StringComparison.Ordinal);
        Assert.Equal(before + 3, await count());

        // A small workbook of many rows is refused at the bank's row limit, read row by row, not whole.
        using var longSheet = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(longSheet, Enumerable.Range(0, 50_000).Select(_ => new { 题型 = "判断", 题干 = "党员应当按期交纳党费。", 答案 = "对" }));
        var tooLong = await ImportFileAsync(longSheet.ToArray(), "questions.xlsx");
        Assert.Contains("数据行过多（最多 2000 行）", tooLong, StringComparison.Ordinal);
        Assert.Equal(before + 3, await count());

        var template = await client.GetAsync("/admin/assessments/template.xlsx");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<QuestionImporter>();
        var fromTemplate = await importer.ImportAsync(bankId, await template.Content.ReadAsStreamAsync(), "template.xlsx", default);
        Assert.True(fromTemplate.Succeeded, string.Join("; ", fromTemplate.Problems));
        Assert.Equal(3, fromTemplate.QuestionsAdded);
    }

    [GeneratedRegex("name=\"q(\\d+)\"")]
    private static partial Regex QuestionNames();
}
