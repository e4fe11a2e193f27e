using System.Security.Claims;
using LearnHub.Courses.LectureHall.Classes;
using Microsoft.AspNetCore.Authorization;

namespace LearnHub.Web.Identity;

/// <summary>
/// Whether a user runs a training class's assessment (reads and grades its reflections, reads its closing summary): an
/// administrator, the class's head teacher (班主任), or a supervisor of the unit that organizes it. Every page asks
/// <see cref="IAuthorizationService"/> with this requirement, so there is one answer.
/// </summary>
public sealed class ClassStaffRequirement : IAuthorizationRequirement
{
    public static readonly ClassStaffRequirement Instance = new();

    private ClassStaffRequirement()
    {
    }
}

internal sealed class ClassStaffHandler : AuthorizationHandler<ClassStaffRequirement, TrainingClass>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClassStaffRequirement requirement, TrainingClass resource)
    {
        var user = context.User;
        var unit = int.TryParse(user.FindFirstValue(CurrentScope.UnitClaim), out var id) ? id : (int?)null;
        if (user.IsInRole(Roles.Admin)
            || (resource.HeadTeacherUserId is { } teacher && user.FindFirstValue(ClaimTypes.NameIdentifier) == teacher)
            || (resource.OrganizingUnitId is { } organizer && user.IsInRole(Roles.Supervisor) && unit == organizer))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class ClassStaffExtensions
{
    public static async Task<bool> IsClassStaffAsync(this IAuthorizationService authorization, ClaimsPrincipal user, TrainingClass trainingClass)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return (await authorization.AuthorizeAsync(user, trainingClass, ClassStaffRequirement.Instance)).Succeeded;
    }
}

/// <summary>
/// Whether a user plans a training class (its plan, timetable, enrolment settings and decisions on enrolments): an
/// administrator, or a supervisor of the unit that organizes it (<see cref="TrainingClass.OrganizingUnitId"/>). A
/// head teacher runs a class but does not plan it.
/// </summary>
public sealed class ClassPlannerRequirement : IAuthorizationRequirement
{
    public static readonly ClassPlannerRequirement Instance = new();

    private ClassPlannerRequirement()
    {
    }
}

internal sealed class ClassPlannerHandler : AuthorizationHandler<ClassPlannerRequirement, TrainingClass>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClassPlannerRequirement requirement, TrainingClass resource)
    {
        var user = context.User;
        if (user.IsInRole(Roles.Admin)
            || (resource.OrganizingUnitId is { } organizer && user.IsInRole(Roles.Supervisor)
                && int.TryParse(user.FindFirstValue(CurrentScope.UnitClaim), out var unit) && unit == organizer))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class ClassPlannerExtensions
{
    public static async Task<bool> PlansClassAsync(this IAuthorizationService authorization, ClaimsPrincipal user, TrainingClass trainingClass)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return (await authorization.AuthorizeAsync(user, trainingClass, ClassPlannerRequirement.Instance)).Succeeded;
    }
}
