namespace LearnHub.Courses.Import;

/// <summary>
/// A column of an import. Its Chinese header is the one the template writes and problems name; the
/// English one is accepted too (any case). An optional column may be left out of the file.
/// </summary>
public sealed record ImportColumn(string Chinese, string English, bool Required = true);

/// <summary>An import's columns in template order and the most rows one file may hold.</summary>
public sealed class ImportLayout(IReadOnlyList<ImportColumn> columns, int maxRows)
{
    public IReadOnlyList<ImportColumn> Columns { get; } = columns;

    public int MaxRows { get; } = maxRows;

    /// <summary>
    /// Columns taken in order whatever the header row says, for a sheet people fill in by hand
    /// (the paper sign-in sheet), where the header is a caption rather than a key.
    /// </summary>
    public bool ByPosition { get; init; }

    /// <summary>
    /// Sets of optional columns of which at least one must be there in full (a person found by mobile,
    /// or by name and credit code); when none is, the first column of the first set is reported missing.
    /// </summary>
    public IReadOnlyList<int[]> OneOf { get; init; } = [];

    public ImportColumn this[int column] => Columns[column];

    /// <summary>Where each column is in the file (-1 when absent); a missing column is a problem on row 1.</summary>
    internal int[] Map(IReadOnlyList<string> header, List<ImportProblem> problems)
    {
        if (ByPosition)
        {
            return Enumerable.Range(0, Columns.Count).ToArray();
        }

        var index = new int[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            index[i] = header.ToList().FindIndex(h =>
                string.Equals(h, column.Chinese, StringComparison.Ordinal) ||
                string.Equals(h, column.English, StringComparison.OrdinalIgnoreCase));
            if (index[i] < 0 && column.Required)
            {
                problems.Add(Missing(i));
            }
        }

        if (OneOf.Count > 0 && !OneOf.Any(set => set.All(i => index[i] >= 0)))
        {
            problems.Add(Missing(OneOf[0][0]));
        }

        return index;
    }

    private ImportProblem Missing(int column) => new(1, Columns[column].Chinese, ImportProblemCode.MissingColumn, Columns[column].Chinese);
}

/// <summary>
/// One row as an importer's rule sees it: cells by declared column (empty when the column is absent),
/// and problems reported against a column by its index.
/// </summary>
public sealed class ImportRow
{
    private readonly ImportLayout _layout;
    private readonly Func<int, string> _cell;
    private readonly List<ImportProblem> _problems;
    private readonly int _before;

    internal ImportRow(ImportLayout layout, int number, Func<int, string> cell, List<ImportProblem> problems)
    {
        _layout = layout;
        Number = number;
        _cell = cell;
        _problems = problems;
        _before = problems.Count;
    }

    public int Number { get; }

    public string this[int column] => _cell(column).Trim();

    /// <summary>True once any problem was reported for this row.</summary>
    public bool HasProblems => _problems.Count > _before;

    public void Problem(int column, ImportProblemCode code, string? value = null) =>
        _problems.Add(new ImportProblem(Number, _layout[column].Chinese, code, value));
}
