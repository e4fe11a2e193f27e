using LearnHub.Courses.Learning.Assessments;

namespace LearnHub.Courses.Tests.Assessments;

public sealed class ScoringTests
{
    private static Question Single() => new() { Id = 1, Kind = QuestionKind.SingleChoice, Options = ["甲", "乙", "丙", "丁"], CorrectOptions = [2] };

    private static Question Multiple() => new() { Id = 2, Kind = QuestionKind.MultipleChoice, Options = ["甲", "乙", "丙", "丁"], CorrectOptions = [0, 3] };

    private static Question TrueFalse(bool truth) => new() { Id = 3, Kind = QuestionKind.TrueFalse, CorrectOptions = [truth ? 0 : 1] };

    private static Question FillIn(params string[] accepted) => new() { Id = 4, Kind = QuestionKind.FillIn, AcceptedAnswers = [.. accepted] };

    [Fact]
    public void Single_choice_is_right_only_with_the_one_correct_option()
    {
        Assert.True(AnswerKey.IsCorrect(Single(), QuestionResponse.Choose(2)));
        Assert.False(AnswerKey.IsCorrect(Single(), QuestionResponse.Choose(1)));
        Assert.False(AnswerKey.IsCorrect(Single(), QuestionResponse.Choose(2, 1)));
        Assert.False(AnswerKey.IsCorrect(Single(), QuestionResponse.Empty));
    }

    [Fact]
    public void Multiple_choice_needs_exactly_the_correct_set_in_any_order()
    {
        Assert.True(AnswerKey.IsCorrect(Multiple(), QuestionResponse.Choose(3, 0)));
        Assert.False(AnswerKey.IsCorrect(Multiple(), QuestionResponse.Choose(0)));
        Assert.False(AnswerKey.IsCorrect(Multiple(), QuestionResponse.Choose(0, 1, 3)));
    }

    [Fact]
    public void True_false_compares_the_chosen_truth()
    {
        Assert.True(AnswerKey.IsCorrect(TrueFalse(false), QuestionResponse.Choose(1)));
        Assert.False(AnswerKey.IsCorrect(TrueFalse(false), QuestionResponse.Choose(0)));
    }

    [Theory]
    [InlineData("三会一课")]
    [InlineData("  三会 一课 ")]
    [InlineData("三会一课。")]
    [InlineData("ＡＢＣ１２")]
    [InlineData("abc12")]
    public void Fill_in_ignores_spaces_width_case_and_a_final_full_stop(string typed)
    {
        Assert.True(AnswerKey.IsCorrect(FillIn("三会一课", "abc12"), QuestionResponse.Fill(typed)));
    }

    [Fact]
    public void Fill_in_refuses_other_text_and_an_empty_answer()
    {
        Assert.False(AnswerKey.IsCorrect(FillIn("三会一课"), QuestionResponse.Fill("两会一课")));
        Assert.False(AnswerKey.IsCorrect(FillIn("三会一课"), QuestionResponse.Fill("   ")));
    }

    [Fact]
    public void Normalization_folds_full_width_digits_and_letters()
    {
        Assert.Equal("5a", AnswerText.Normalize("５Ａ"));
    }

    [Fact]
    public void Same_seed_draws_the_same_paper_whatever_the_order_the_ids_come_in()
    {
        var ids = Enumerable.Range(100, 30).ToList();
        var first = QuizDraw.Draw(ids, 10, 12345);
        var again = QuizDraw.Draw(ids.AsEnumerable().Reverse().ToList(), 10, 12345);
        Assert.Equal(first, again);
        Assert.Equal(10, first.Distinct().Count());
        Assert.All(first, id => Assert.Contains(id, ids));
    }

    [Fact]
    public void Different_seeds_draw_different_papers()
    {
        var ids = Enumerable.Range(1, 40).ToList();
        var papers = Enumerable.Range(1, 20).Select(seed => string.Join(',', QuizDraw.Draw(ids, 10, seed))).Distinct().Count();
        Assert.True(papers > 15);
    }

    [Fact]
    public void A_draw_larger_than_the_bank_takes_the_whole_bank()
    {
        Assert.Equal(3, QuizDraw.Draw([1, 2, 3], 10, 7).Count);
    }

    [Fact]
    public void Submitting_scores_each_question_and_decides_pass_by_percent()
    {
        var now = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var questions = new[] { Single(), Multiple(), TrueFalse(true), FillIn("章程") }.ToDictionary(q => q.Id);
        var quiz = new Quiz { Id = 9, QuestionCount = 4, PassPercent = 75 };
        var attempt = QuizAttempt.Start(quiz, 1, 1, 42, [.. questions.Keys], now);

        attempt.Submit(new Dictionary<int, QuestionResponse>
        {
            [1] = QuestionResponse.Choose(2), [2] = QuestionResponse.Choose(0, 3), [3] = QuestionResponse.Choose(1), [4] = QuestionResponse.Fill("章程"),
        }, questions, quiz.PassPercent, now.AddMinutes(3));

        Assert.Equal(AttemptState.Submitted, attempt.State);
        Assert.Equal(3, attempt.CorrectCount);
        Assert.Equal(75, attempt.Percent);
        Assert.True(attempt.Passed);
        Assert.False(attempt.Answers.Single(a => a.QuestionId == 3).Correct);
        Assert.Throws<InvalidOperationException>(() => attempt.Submit(new Dictionary<int, QuestionResponse>(), questions, 75, now));
    }

    [Fact]
    public void A_paper_sent_after_the_time_limit_and_grace_is_not_accepted()
    {
        var now = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
        var questions = new[] { Single() }.ToDictionary(q => q.Id);
        var quiz = new Quiz { Id = 9, QuestionCount = 1, PassPercent = 60, TimeLimitMinutes = 10 };

        var onTime = QuizAttempt.Start(quiz, 1, 1, 1, [1], now);
        onTime.Submit(new Dictionary<int, QuestionResponse> { [1] = QuestionResponse.Choose(2) }, questions, 60, now.AddMinutes(10).AddSeconds(20));
        Assert.True(onTime.Passed);

        var late = QuizAttempt.Start(quiz, 1, 2, 1, [1], now);
        Assert.False(late.HasExpired(now.AddMinutes(10)));
        Assert.True(late.HasExpired(now.AddMinutes(11)));
        late.Submit(new Dictionary<int, QuestionResponse> { [1] = QuestionResponse.Choose(2) }, questions, 60, now.AddMinutes(11));
        Assert.Equal(AttemptState.TimedOut, late.State);
        Assert.False(late.Passed);
        Assert.Equal(0, late.CorrectCount);
    }

    [Fact]
    public void Satisfaction_rate_counts_responses_with_an_overall_of_four_or_more()
    {
        var summary = RatingSummary.From([(5, 5, 5), (4, 4, 4), (4, 4, 3), (2, 3, 2)]);
        Assert.Equal(4, summary.Responses);
        Assert.Equal(0.5, summary.SatisfactionRate);
        Assert.Equal([0, 1, 0, 2, 1], summary.OverallDistribution);
        Assert.Equal(3.75, summary.Content);
    }
}
