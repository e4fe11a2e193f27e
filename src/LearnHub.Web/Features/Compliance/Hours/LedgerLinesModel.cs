using LearnHub.Courses.Compliance.Rules;

namespace LearnHub.Web.Features.Compliance.Hours;

/// <summary>
/// A person's ledger lines; <see cref="ReverseAction"/> is set where the viewer may reverse them (administrators).
/// On a phone each line is a card, hours first after the title.
/// </summary>
public sealed record LedgerLinesModel(PersonHours Hours, string? ReverseAction);
