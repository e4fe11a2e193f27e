using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using Microsoft.EntityFrameworkCore;

namespace LearnHub.Courses.Learning.Assessments;

/// <summary>
/// Imports questions into a bank from a spreadsheet (.xlsx or .csv), one question a row. The whole
/// file is checked first; a file with any bad row adds nothing.
/// </summary>
public sealed class QuestionImporter(CoursesDbContext db)
{
    public const int MaxRows = 2_000;
    public const int MaxOptions = QuestionRules.MaxOptions;

    private const int KindColumn = 0, StemColumn = 1, FirstOptionColumn = 2, AnswerColumn = 8, ExplanationColumn = 9;

    /// <summary>
    /// Columns in template order; a header may use the Chinese or the English name. Option columns
    /// are optional: a bank of true/false questions needs none.
    /// </summary>
    public static readonly ImportLayout Layout = new(
    [
        new("题型", "Kind"),
        new("题干", "Stem"),
        new("选项A", "Option A", Required: false),
        new("选项B", "Option B", Required: false),
        new("选项C", "Option C", Required: false),
        new("选项D", "Option D", Required: false),
        new("选项E", "Option E", Required: false),
        new("选项F", "Option F", Required: false),
        new("答案", "Answer"),
        new("解析", "Explanation", Required: false),
    ], MaxRows);

    public static IReadOnlyList<ImportColumn> Columns => Layout.Columns;

    public static readonly IReadOnlyDictionary<string, QuestionKind> Kinds = new Dictionary<string, QuestionKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["单选"] = QuestionKind.SingleChoice, ["单选题"] = QuestionKind.SingleChoice, ["single"] = QuestionKind.SingleChoice,
        ["多选"] = QuestionKind.MultipleChoice, ["多选题"] = QuestionKind.MultipleChoice, ["multiple"] = QuestionKind.MultipleChoice,
        ["判断"] = QuestionKind.TrueFalse, ["判断题"] = QuestionKind.TrueFalse, ["true/false"] = QuestionKind.TrueFalse,
        ["填空"] = QuestionKind.FillIn, ["填空题"] = QuestionKind.FillIn, ["fill-in"] = QuestionKind.FillIn,
    };

    public async Task<QuestionImportResult> ImportAsync(int bankId, Stream stream, string fileName, CancellationToken cancellationToken) =>
        await TabularImport.RunAsync(db, stream, fileName, Layout, Steps(bankId, cancellationToken), cancellationToken);

    public async Task<QuestionImportResult> ImportAsync(int bankId, TabularFile file, CancellationToken cancellationToken) =>
        await TabularImport.RunAsync(db, file, Layout, Steps(bankId, cancellationToken), cancellationToken);

    private ImportSteps<Question, QuestionImportResult> Steps(int bankId, CancellationToken cancellationToken) => new()
    {
        ParseRow = Parse,
        Commit = async questions =>
        {
            var bank = await db.Set<QuestionBank>().SingleAsync(b => b.Id == bankId, cancellationToken);
            bank.Questions.AddRange(questions);
            await db.SaveChangesAsync(cancellationToken);
            return new QuestionImportResult([], questions.Count);
        },
        Failed = problems => QuestionImportResult.Failed([.. problems]),
    };

    /// <summary>Reads one question from cells in <see cref="Columns"/> order; adds problems and returns null when it is bad.</summary>
    internal static Question? Parse(int number, Func<int, string> cell, List<ImportProblem> problems) =>
        Parse(new ImportRow(Layout, number, cell, problems));

    private static Question? Parse(ImportRow row)
    {
        var errors = new List<QuestionError>();
        var kindText = row[KindColumn];
        if (!Kinds.TryGetValue(kindText, out var kind))
        {
            errors.Add(new(QuestionField.Kind, kindText.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownValue, kindText));
        }

        var draft = new QuestionDraft(kind, row[StemColumn], Enumerable.Range(FirstOptionColumn, MaxOptions).Select(i => row[i]).ToList(),
            row[AnswerColumn], row[ExplanationColumn]);
        var question = QuestionRules.Build(draft, errors);
        foreach (var error in errors)
        {
            row.Problem(ColumnOf(error), error.Code, error.Value);
        }

        return question;
    }

    private static int ColumnOf(QuestionError error) => error.Field switch
    {
        QuestionField.Kind => KindColumn,
        QuestionField.Stem => StemColumn,
        QuestionField.Option => FirstOptionColumn + error.OptionIndex,
        QuestionField.Answer => AnswerColumn,
        _ => ExplanationColumn,
    };
}

public sealed record QuestionImportResult(IReadOnlyList<ImportProblem> Problems, int QuestionsAdded) : ImportResult(Problems)
{
    public static QuestionImportResult Failed(params ImportProblem[] problems) => new(problems, 0);
}
