using LearnHub.Courses.Compliance.Rules;

namespace LearnHub.Web.Features.Compliance.Hours;

/// <summary>
/// A person's ledger lines; <see cref="ReverseAction"/> is set where the viewer may reverse them (administrators).
/// <see cref="Cards"/> shows each line as a card on a phone, hours first after the title.
/// </summary>
public sealed record LedgerLinesModel(PersonHours Hours, string? ReverseAction, bool Cards = false);
