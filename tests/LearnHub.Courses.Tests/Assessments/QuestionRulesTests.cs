using LearnHub.Courses.Learning.Assessments;
using LearnHub.Courses.Import;

namespace LearnHub.Courses.Tests.Assessments;

public sealed class QuestionRulesTests
{
    private static (Question? Question, List<QuestionError> Errors) Build(QuestionKind kind, string stem, string[] options, string answer, string? explanation = null)
    {
        var errors = new List<QuestionError>();
        return (QuestionRules.Build(new QuestionDraft(kind, stem, options, answer, explanation), errors), errors);
    }

    [Fact]
    public void A_single_choice_answer_is_one_letter_of_an_option_given()
    {
        var (question, errors) = Build(QuestionKind.SingleChoice, " 题干 ", ["甲", "乙", "丙"], " ｂ ");
        Assert.Empty(errors);
        Assert.Equal(("题干", 3, 1), (question!.Stem, question.Options.Count, question.CorrectOptions.Single()));
    }

    [Theory]
    [InlineData(QuestionKind.SingleChoice, "AB")]
    [InlineData(QuestionKind.SingleChoice, "D")]
    [InlineData(QuestionKind.MultipleChoice, "A")]
    [InlineData(QuestionKind.MultipleChoice, "AA")]
    [InlineData(QuestionKind.TrueFalse, "也许")]
    [InlineData(QuestionKind.FillIn, "|")]
    public void An_answer_that_does_not_fit_the_kind_is_an_error_on_the_answer(QuestionKind kind, string answer)
    {
        var (question, errors) = Build(kind, "题干", QuestionRules.IsChoice(kind) ? ["甲", "乙", "丙"] : [], answer);
        Assert.Null(question);
        Assert.Equal(new QuestionError(QuestionField.Answer, ImportProblemCode.UnknownValue, answer.Trim()), Assert.Single(errors));
    }

    [Fact]
    public void Multiple_choice_picks_are_sorted_and_separators_ignored()
    {
        var (question, _) = Build(QuestionKind.MultipleChoice, "题干", ["甲", "乙", "丙"], "C、A");
        Assert.Equal([0, 2], question!.CorrectOptions);
    }

    [Fact]
    public void True_false_and_fill_in_answers_are_read_in_their_own_words()
    {
        Assert.Equal([1], Build(QuestionKind.TrueFalse, "题干", [], "错").Question!.CorrectOptions);
        Assert.Equal(["月", "每月"], Build(QuestionKind.FillIn, "题干", [], "月 ｜ 每月").Question!.AcceptedAnswers);
    }

    [Fact]
    public void A_gap_before_the_last_option_is_an_error_on_that_option()
    {
        var (question, errors) = Build(QuestionKind.SingleChoice, "题干", ["甲", "", "丙", "", ""], "A");
        Assert.Null(question);
        Assert.Equal(new QuestionError(QuestionField.Option, ImportProblemCode.Required, OptionIndex: 1), Assert.Single(errors));
    }

    [Fact]
    public void A_choice_question_needs_two_options()
    {
        var (_, errors) = Build(QuestionKind.SingleChoice, "题干", ["甲"], "A");
        Assert.Equal(new QuestionError(QuestionField.Option, ImportProblemCode.Required, OptionIndex: 1), Assert.Single(errors));
        Assert.False(QuestionRules.HasOptionCount(QuestionKind.MultipleChoice, 1));
        Assert.False(QuestionRules.HasOptionCount(QuestionKind.SingleChoice, QuestionRules.MaxOptions + 1));
        Assert.True(QuestionRules.HasOptionCount(QuestionKind.TrueFalse, 0));
    }

    [Fact]
    public void Missing_stem_and_too_long_explanation_are_keyed_by_field_and_the_answer_waits()
    {
        var (question, errors) = Build(QuestionKind.TrueFalse, " ", [], "", new string('长', 5000));
        Assert.Null(question);
        Assert.Equal([QuestionField.Stem, QuestionField.Explanation], errors.Select(e => e.Field));
    }

    [Fact]
    public void An_empty_answer_is_required()
    {
        var (_, errors) = Build(QuestionKind.FillIn, "题干", [], "  ");
        Assert.Equal(new QuestionError(QuestionField.Answer, ImportProblemCode.Required), Assert.Single(errors));
    }

    [Fact]
    public void A_question_without_a_kind_is_refused_on_its_kind()
    {
        var (_, errors) = Build(0, "题干", [], "对");
        Assert.Equal(QuestionField.Kind, Assert.Single(errors).Field);
    }

    [Fact]
    public void The_importer_reports_the_same_rules_by_column()
    {
        string[] cells = ["单选", "题干", "甲", "", "丙", "", "", "", "A", ""];
        var problems = new List<ImportProblem>();
        Assert.Null(QuestionImporter.Parse(3, i => cells[i], problems));
        Assert.Equal(new ImportProblem(3, "选项B", ImportProblemCode.Required, null), Assert.Single(problems));
    }
}
