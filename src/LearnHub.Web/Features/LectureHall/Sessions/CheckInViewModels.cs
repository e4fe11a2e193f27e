namespace LearnHub.Web.Features.LectureHall.Sessions;

public sealed record ScreenEntry(string Name, string Organization, string State, string Time);

/// <summary>What the venue screen polls every two seconds.</summary>
public sealed record ScreenState(string Code, long Window, int SecondsLeft, int CheckedIn, int Expected, IReadOnlyList<ScreenEntry> Entries);
