using System.Globalization;
using LearnHub.Courses.Data;

namespace LearnHub.Courses.Import;

/// <summary>
/// What one import declares beyond its columns: the rule for a single row, the checks across rows
/// (duplicates, people that must exist) and the write of the checked rows.
/// </summary>
public sealed class ImportSteps<TRow, TResult>
    where TRow : class
{
    /// <summary>Reads one row; reports its problems on the row and returns null when it has any.</summary>
    public required Func<ImportRow, TRow?> ParseRow { get; init; }

    /// <summary>Checks the rows together, after each passed alone; adds what it finds to the list.</summary>
    public Func<IReadOnlyList<TRow>, List<ImportProblem>, Task>? CheckRows { get; init; }

    /// <summary>Writes every row; runs only when no row has a problem, inside one transaction.</summary>
    public required Func<IReadOnlyList<TRow>, Task<TResult>> Commit { get; init; }

    /// <summary>The importer's result for a refused file.</summary>
    public required Func<IReadOnlyList<ImportProblem>, TResult> Failed { get; init; }
}

/// <summary>
/// The one way a spreadsheet is imported: read the file, find the columns, check every row and the
/// rows together, collecting every problem, then write all rows in one transaction or nothing.
/// </summary>
public static class TabularImport
{
    /// <summary>The date spellings a spreadsheet cell may use (Excel dates arrive as yyyy-MM-dd).</summary>
    internal static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyy/MM/dd", "yyyy.M.d", "yyyyMMdd"];

    /// <summary>
    /// Reads an upload, stopping at the import's row limit; a file that cannot be read, is too long or
    /// unpacks too large is the only problem.
    /// </summary>
    public static TabularFile? Read(Stream stream, string fileName, int maxRows, out ImportProblem? problem)
    {
        try
        {
            problem = null;
            return TabularFile.Read(stream, fileName, maxRows);
        }
        catch (TooManyRowsException e)
        {
            problem = TooManyRows(e.MaxRows);
            return null;
        }
        catch (WorkbookTooLargeException e)
        {
            problem = new ImportProblem(0, "", ImportProblemCode.WorkbookTooLarge, (e.MaxBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture));
            return null;
        }
        catch (InvalidDataException e)
        {
            problem = new ImportProblem(0, "", e.Message == "unsupported-extension"
                ? ImportProblemCode.UnsupportedFileType : ImportProblemCode.UnreadableFile, fileName);
            return null;
        }
    }

    private static ImportProblem TooManyRows(int maxRows) => new(0, "", ImportProblemCode.TooManyRows, maxRows.ToString(CultureInfo.InvariantCulture));

    public static async Task<TResult> RunAsync<TRow, TResult>(CoursesDbContext db, Stream stream, string fileName,
        ImportLayout layout, ImportSteps<TRow, TResult> steps, CancellationToken cancellationToken)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(steps);
        return Read(stream, fileName, layout.MaxRows, out var problem) is { } file
            ? await RunAsync(db, file, layout, steps, cancellationToken)
            : steps.Failed([problem!]);
    }

    public static async Task<TResult> RunAsync<TRow, TResult>(CoursesDbContext db, TabularFile file,
        ImportLayout layout, ImportSteps<TRow, TResult> steps, CancellationToken cancellationToken)
        where TRow : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(steps);
        var problems = new List<ImportProblem>();
        var index = layout.Map(file.Header, problems);
        if (problems.Count > 0)
        {
            return steps.Failed(problems);
        }

        if (file.Rows.Count == 0)
        {
            return steps.Failed([new ImportProblem(0, "", ImportProblemCode.NoRows, null)]);
        }

        if (file.Rows.Count > layout.MaxRows)
        {
            return steps.Failed([TooManyRows(layout.MaxRows)]);
        }

        var rows = new List<TRow>();
        foreach (var (number, cells) in file.Rows)
        {
            string Cell(int column) => index[column] >= 0 && index[column] < cells.Length ? cells[index[column]] : "";
            if (steps.ParseRow(new ImportRow(layout, number, Cell, problems)) is { } row)
            {
                rows.Add(row);
            }
        }

        if (steps.CheckRows is not null)
        {
            await steps.CheckRows(rows, problems);
        }

        if (problems.Count > 0)
        {
            return steps.Failed([.. problems.OrderBy(p => p.Row)]);
        }

        // Join the caller's transaction (the demo loader) or run in our own: all rows or none.
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var result = await steps.Commit(rows);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }
}
