using Microsoft.AspNetCore.Identity;

namespace LearnHub.Web.Identity;

/// <summary>A LearnHub account. Links to the domain record the role acts for.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>For trainees: their person record.</summary>
    public int? PersonId { get; set; }

    /// <summary>For supervisors: the supervising unit whose organizations they see.</summary>
    public int? SupervisingUnitId { get; set; }

    /// <summary>For lecturers: their lecturer-pool profile.</summary>
    public int? LecturerId { get; set; }
}

/// <summary>The four roles; a user normally has one.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Lecturer = "Lecturer";
    public const string Supervisor = "Supervisor";
    public const string Trainee = "Trainee";

    public const string AdminOrSupervisor = Admin + "," + Supervisor;

    public static readonly string[] All = [Admin, Lecturer, Supervisor, Trainee];
}
