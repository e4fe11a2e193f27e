using System.Globalization;
using LearnHub.Courses.Data;
using LearnHub.Courses.Import;
using LearnHub.Courses.Registry.Import;
using LearnHub.Courses.Compliance.Ledger;
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

    /// <summary>Columns in template order; a header may use the Chinese or the English name.</summary>
    public static readonly IReadOnlyList<RosterColumn> Columns =
    [
        new("题型", "Kind"),
        new("题干", "Stem"),
        new("选项A", "Option A"),
        new("选项B", "Option B"),
        new("选项C", "Option C"),
        new("选项D", "Option D"),
        new("选项E", "Option E"),
        new("选项F", "Option F"),
        new("答案", "Answer"),
        new("解析", "Explanation"),
    ];

    public static readonly IReadOnlyDictionary<string, QuestionKind> Kinds = new Dictionary<string, QuestionKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["单选"] = QuestionKind.SingleChoice, ["单选题"] = QuestionKind.SingleChoice, ["single"] = QuestionKind.SingleChoice,
        ["多选"] = QuestionKind.MultipleChoice, ["多选题"] = QuestionKind.MultipleChoice, ["multiple"] = QuestionKind.MultipleChoice,
        ["判断"] = QuestionKind.TrueFalse, ["判断题"] = QuestionKind.TrueFalse, ["true/false"] = QuestionKind.TrueFalse,
        ["填空"] = QuestionKind.FillIn, ["填空题"] = QuestionKind.FillIn, ["fill-in"] = QuestionKind.FillIn,
    };

    public async Task<QuestionImportResult> ImportAsync(int bankId, Stream stream, string fileName, CancellationToken cancellationToken)
    {
        TabularFile file;
        try
        {
            file = TabularFile.Read(stream, fileName);
        }
        catch (InvalidDataException e)
        {
            return QuestionImportResult.Failed(new ImportProblem(0, "", e.Message == "unsupported-extension"
                ? ImportProblemCode.UnsupportedFileType : ImportProblemCode.UnreadableFile, fileName));
        }

        return await ImportAsync(bankId, file, cancellationToken);
    }

    public async Task<QuestionImportResult> ImportAsync(int bankId, TabularFile file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<ImportProblem>();
        var index = new int[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            index[i] = file.Header.ToList().FindIndex(h => string.Equals(h, column.Chinese, StringComparison.Ordinal) ||
                string.Equals(h, column.English, StringComparison.OrdinalIgnoreCase));
            // Option columns after B are optional: a bank of true/false questions needs none.
            if (index[i] < 0 && i is 0 or 1 or 8)
            {
                problems.Add(new ImportProblem(1, column.Chinese, ImportProblemCode.MissingColumn, column.Chinese));
            }
        }

        if (problems.Count > 0)
        {
            return QuestionImportResult.Failed([.. problems]);
        }

        if (file.Rows.Count == 0)
        {
            return QuestionImportResult.Failed(new ImportProblem(0, "", ImportProblemCode.NoRows, null));
        }

        if (file.Rows.Count > MaxRows)
        {
            return QuestionImportResult.Failed(new ImportProblem(0, "", ImportProblemCode.TooManyRows, MaxRows.ToString(CultureInfo.InvariantCulture)));
        }

        var questions = new List<Question>();
        foreach (var (number, cells) in file.Rows)
        {
            string Cell(int i) => index[i] >= 0 && index[i] < cells.Length ? cells[index[i]].Trim() : "";
            if (Parse(number, Cell, problems) is { } question)
            {
                questions.Add(question);
            }
        }

        if (problems.Count > 0)
        {
            return QuestionImportResult.Failed([.. problems]);
        }

        var bank = await db.Set<QuestionBank>().SingleAsync(b => b.Id == bankId, cancellationToken);
        bank.Questions.AddRange(questions);
        await db.SaveChangesAsync(cancellationToken);
        return new QuestionImportResult([], questions.Count);
    }

    /// <summary>Reads one question from cells in <see cref="Columns"/> order; adds problems and returns null when it is bad.</summary>
    internal static Question? Parse(int number, Func<int, string> cell, List<ImportProblem> problems)
    {
        var errors = new List<QuestionError>();
        var kindText = cell(0);
        if (!Kinds.TryGetValue(kindText, out var kind))
        {
            errors.Add(new(QuestionField.Kind, kindText.Length == 0 ? ImportProblemCode.Required : ImportProblemCode.UnknownValue, kindText));
        }

        var draft = new QuestionDraft(kind, cell(1), Enumerable.Range(2, MaxOptions).Select(cell).ToList(), cell(8), cell(9));
        var question = QuestionRules.Build(draft, errors);
        problems.AddRange(errors.Select(e => new ImportProblem(number, Columns[ColumnOf(e)].Chinese, e.Code, e.Value)));
        return question;
    }

    private static int ColumnOf(QuestionError error) => error.Field switch
    {
        QuestionField.Kind => 0,
        QuestionField.Stem => 1,
        QuestionField.Option => 2 + error.OptionIndex,
        QuestionField.Answer => 8,
        _ => 9,
    };
}

public sealed record QuestionImportResult(IReadOnlyList<ImportProblem> Problems, int QuestionsAdded)
{
    public bool Succeeded => Problems.Count == 0;

    public static QuestionImportResult Failed(params ImportProblem[] problems) => new(problems, 0);
}
