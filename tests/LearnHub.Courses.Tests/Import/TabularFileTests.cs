using System.IO.Compression;
using System.Text;
using LearnHub.Courses.Import;
using MiniExcelLibs;

namespace LearnHub.Courses.Tests.Import;

/// <summary>Reading spreadsheets row by row: a file past its import's limit is refused without being held whole.</summary>
public sealed class TabularFileTests
{
    private const int Limit = 2_000;

    // Reading 2,000 rows and discarding the rest costs a few MB; holding 200,000 rows costs hundreds.
    private const long ReadingBudget = 48L * 1024 * 1024;

    [Fact]
    public void A_long_workbook_stops_at_the_row_limit_without_being_read_whole()
    {
        using var workbook = new MemoryStream();
        workbook.SaveAs(Enumerable.Range(1, 200_000).Select(i => new { 题型 = "判断", 题干 = $"第{i}题", 答案 = "对" }), excelType: ExcelType.XLSX);

        var allocated = Allocated(() => Assert.Throws<TooManyRowsException>(() => TabularFile.Read(Rewound(workbook), "bank.xlsx", Limit)));

        Assert.True(allocated < ReadingBudget, $"{allocated / (1024 * 1024)} MB allocated");
    }

    [Fact]
    public void A_long_csv_stops_at_the_row_limit_without_being_read_whole()
    {
        var csv = new StringBuilder("题型,题干,答案\n");
        for (var i = 0; i < 200_000; i++)
        {
            csv.Append("判断,x,对\n");
        }

        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var allocated = Allocated(() => Assert.Throws<TooManyRowsException>(() => TabularFile.Read(new MemoryStream(bytes), "bank.csv", Limit)));

        Assert.True(allocated < ReadingBudget, $"{allocated / (1024 * 1024)} MB allocated");
    }

    [Fact]
    public void Rows_at_the_limit_are_read_and_blank_rows_do_not_count()
    {
        var csv = "题型,题干\n" + string.Concat(Enumerable.Repeat("判断,x\n,\n", Limit));

        var file = TabularFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "bank.csv", Limit);

        Assert.Equal(Limit, file.Rows.Count);
        Assert.Equal(2 * Limit, file.Rows[^1].Number);
    }

    [Fact]
    public void A_workbook_whose_entries_unpack_past_the_cap_is_refused_before_it_is_parsed()
    {
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var written = 0L; written <= TabularFile.MaxUnpackedBytes; written += spaces.Length)
            {
                sheet.Write(spaces);
            }
        }

        Assert.True(bomb.Length < 1024 * 1024, "the bomb itself is small");
        Assert.Throws<WorkbookTooLargeException>(() => TabularFile.Read(Rewound(bomb), "roster.xlsx", Limit));
    }

    [Fact]
    public void An_import_reports_a_long_file_as_too_many_rows_naming_the_limit()
    {
        var csv = "题型,题干\n" + string.Concat(Enumerable.Repeat("判断,x\n", Limit + 1));

        var file = TabularImport.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "bank.csv", Limit, out var problem);

        Assert.Null(file);
        Assert.Equal(ImportProblemCode.TooManyRows, problem!.Code);
        Assert.Equal("2000", problem.Value);
    }

    private static MemoryStream Rewound(MemoryStream stream)
    {
        stream.Position = 0;
        return stream;
    }

    private static long Allocated(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        read();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
