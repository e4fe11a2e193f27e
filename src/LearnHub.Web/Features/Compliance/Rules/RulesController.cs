using System.ComponentModel.DataAnnotations;
using LearnHub.Courses.Calendar;
using LearnHub.Courses.Compliance.Ledger;
using LearnHub.Courses.Registry.People;
using LearnHub.Courses.Compliance.Rules;
using LearnHub.Courses.Learning.Watching;
using LearnHub.Web.Audit;
using LearnHub.Web.Features.Compliance.Hours;
using LearnHub.Web.Identity;
using LearnHub.Web.Localization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace LearnHub.Web.Features.Compliance.Rules;

public sealed record RulesViewModel(int Year, IReadOnlyList<int> Years, IReadOnlyList<RuleSet> Sets, ProgrammeYear? Opened = null);

public sealed class RuleThresholdsForm
{
    public int Id { get; set; }

    [Range(0, 100, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.MinTrainings")]
    public int MinCentralizedTrainings { get; set; }

    [Range(0, 365, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.MinDays")]
    public decimal MinDays { get; set; }

    [Range(0, 2000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.MinCentralizedHours")]
    public decimal MinCentralizedHours { get; set; }

    [Range(0, 2000, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.MinTotalHours")]
    public decimal MinTotalHours { get; set; }

    [Range(0, 24, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.WindowMonths")]
    public int WindowMonths { get; set; }
}

public sealed class RuleSetForm
{
    [Range(1, 24, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.HoursPerDay")]
    public decimal HoursPerDay { get; set; }

    [Range(1, 600, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.LongMinutes")]
    public int LongMinutes { get; set; }

    [Range(0, 10, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.LongHours")]
    public decimal LongHours { get; set; }

    [Range(1, 600, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.ShortMaxMinutes")]
    public int ShortMaxMinutes { get; set; }

    [Range(0, 10, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.MediumHours")]
    public decimal MediumHours { get; set; }

    [Range(0, 10, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.ShortHours")]
    public decimal ShortHours { get; set; }

    [Range(0, 10, ErrorMessage = "Validation.Range")]
    [Display(Name = "Rules.PassedTestHours")]
    public decimal PassedTestHours { get; set; }

    public List<RuleThresholdsForm> Rules { get; set; } = [];

    /// <summary>Whether the set includes the curriculum-complete rule (it has no thresholds to edit).</summary>
    public bool IncludeCurriculum { get; set; }
}

/// <summary>Training rules (培训规则): the active preset of each year, its thresholds and the hour settings.</summary>
[Area("Admin")]
[Authorize(Roles = Roles.Admin)]
[Route("/admin/rules")]
public sealed class RulesController(RuleBook rules, YearTurnover turnover, CourseCredit credit, ProgrammeClock clock, IStringLocalizer<SharedResource> t)
    : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(int? year, CancellationToken cancellationToken)
    {
        var selected = HoursYear.Clamp(year, clock.Today);
        var sets = await rules.YearAsync(selected, cancellationToken);
        var years = (await rules.YearsAsync(cancellationToken)).Append(selected).Append(selected + 1).Distinct().OrderDescending().ToList();
        ViewData["Section"] = "admin";
        return View(new RulesViewModel(selected, years, sets, await turnover.FindAsync(selected, cancellationToken)));
    }

    [HttpPost("activate")]
    [Audited(AuditAction.RulesChanged)]
    public async Task<IActionResult> Activate(int year, RulePreset preset, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(preset) || !await rules.ActivateAsync(year, preset, cancellationToken))
        {
            return NotFound();
        }

        this.Flash(FlashKind.Notice, t["Rules.Activated", year, t.Label(preset)].Value);
        // Courses show and plans sum the hours under the year's active conversion.
        await credit.RefreshAsync(cancellationToken: cancellationToken);
        return Redirect($"/admin/rules?year={year}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        if (await rules.FindForEditAsync(id, cancellationToken) is not { } set)
        {
            return NotFound();
        }

        var c = set.OnlineCredit;
        var form = new RuleSetForm
        {
            HoursPerDay = set.HoursPerDay, LongMinutes = c.LongMinutes, LongHours = c.LongHours, ShortMaxMinutes = c.ShortMaxMinutes,
            MediumHours = c.MediumHours, ShortHours = c.ShortHours, PassedTestHours = c.PassedTestHours,
            IncludeCurriculum = set.Rules.Any(r => r.Kind == RuleKind.CurriculumComplete),
            Rules = set.Rules.Where(r => r.Kind != RuleKind.CurriculumComplete).OrderBy(r => r.Order).Select(r => new RuleThresholdsForm
            {
                Id = r.Id, MinCentralizedTrainings = r.MinCentralizedTrainings, MinDays = r.MinDays,
                MinCentralizedHours = r.MinCentralizedHours, MinTotalHours = r.MinTotalHours, WindowMonths = r.WindowMonths,
            }).ToList(),
        };
        return EditView(set, form);
    }

    [HttpPost("{id:int}")]
    [Audited(AuditAction.RulesChanged)]
    public async Task<IActionResult> Edit(int id, RuleSetForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await rules.FindForEditAsync(id, cancellationToken) is not { } set)
        {
            return NotFound();
        }

        if (form.ShortMaxMinutes >= form.LongMinutes)
        {
            ModelState.AddModelError(nameof(form.ShortMaxMinutes), t["Rules.ShortBelowLong"]);
        }

        foreach (var (name, value) in new[] { (nameof(form.LongHours), form.LongHours), (nameof(form.MediumHours), form.MediumHours),
            (nameof(form.ShortHours), form.ShortHours), (nameof(form.PassedTestHours), form.PassedTestHours) })
        {
            if (value % TrainingLedger.Granularity != 0)
            {
                ModelState.AddModelError(name, t["Ledger.QuarterHours"]);
            }
        }

        for (var i = 0; i < form.Rules.Count; i++)
        {
            var input = form.Rules[i];
            var rule = set.Rules.SingleOrDefault(r => r.Id == input.Id);
            if (rule is null || rule.Kind == RuleKind.CurriculumComplete)
            {
                return NotFound();
            }

            if (rule.Kind == RuleKind.NewSecretary && input.WindowMonths < 1)
            {
                ModelState.AddModelError($"Rules[{i}].WindowMonths", t["Validation.Range", t["Rules.WindowMonths"], 1, 24]);
            }

            if (input.MinCentralizedTrainings == 0 && input.MinDays == 0 && input.MinCentralizedHours == 0 && input.MinTotalHours == 0)
            {
                ModelState.AddModelError($"Rules[{i}].MinCentralizedTrainings", t["Rules.NoThreshold"]);
            }
        }

        if (!ModelState.IsValid)
        {
            return EditView(set, form);
        }

        set.HoursPerDay = form.HoursPerDay;
        set.OnlineCredit.LongMinutes = form.LongMinutes;
        set.OnlineCredit.LongHours = form.LongHours;
        set.OnlineCredit.ShortMaxMinutes = form.ShortMaxMinutes;
        set.OnlineCredit.MediumHours = form.MediumHours;
        set.OnlineCredit.ShortHours = form.ShortHours;
        set.OnlineCredit.PassedTestHours = form.PassedTestHours;
        foreach (var input in form.Rules)
        {
            var rule = set.Rules.Single(r => r.Id == input.Id);
            rule.MinCentralizedTrainings = input.MinCentralizedTrainings;
            rule.MinDays = input.MinDays;
            rule.MinCentralizedHours = input.MinCentralizedHours;
            rule.MinTotalHours = input.MinTotalHours;
            rule.WindowMonths = rule.Kind == RuleKind.NewSecretary ? input.WindowMonths : 0;
        }

        var curriculum = set.Rules.FirstOrDefault(r => r.Kind == RuleKind.CurriculumComplete);
        if (form.IncludeCurriculum && curriculum is null)
        {
            set.Rules.Add(new ComplianceRule
            {
                Code = ComplianceRule.CurriculumCompleteCode, Kind = RuleKind.CurriculumComplete,
                Tiers = TierRules.All.Aggregate(Tier.None, (all, tier) => all | tier), Order = set.Rules.Max(r => r.Order) + 1,
            });
        }
        else if (!form.IncludeCurriculum && curriculum is not null)
        {
            set.Rules.Remove(curriculum);
        }

        await rules.SaveAsync(cancellationToken);
        await credit.RefreshAsync(cancellationToken: cancellationToken);
        this.Flash(FlashKind.Notice, t["Admin.Saved"].Value);
        return Redirect($"/admin/rules?year={set.Year}");
    }

    private ViewResult EditView(RuleSet set, RuleSetForm form)
    {
        ViewData["Section"] = "admin";
        ViewData["RuleSet"] = set;
        return View("Edit", form);
    }
}
