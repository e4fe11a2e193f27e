namespace LearnHub.Courses.Data;

/// <summary>Column lengths, shared by the EF configuration and the input validation at the edge.</summary>
public static class FieldLimits
{
    public const int Code = 64;
    public const int PersonName = 50;
    public const int Mobile = 20;
    public const int Name = 100;
    public const int Title = 200;
    public const int LongText = 4000;
    public const int Markdown = 100_000;
}
