namespace LearnHub.Courses.Registry.Organizations;

/// <summary>A supervising unit (业务主管单位 / 行业管理部门) responsible for a set of organizations.</summary>
public sealed class SupervisingUnit
{
    public int Id { get; set; }

    /// <summary>Short ASCII code used by content files and accounts.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public List<Organization> Organizations { get; } = [];
}
