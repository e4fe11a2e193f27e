using LearnHub.Benchmarks;
using LearnHub.Benchmarks.Province;

// LearnHub's benchmarks and load drivers (docs/benchmarks.md); none is part of ./test.sh.
// Usage: dotnet run -c Release --project tests/LearnHub.Benchmarks -- COMMAND [arguments]
var rest = args.Skip(1).ToArray();
switch (args.FirstOrDefault())
{
    case "heartbeat-inprocess":
        await InProcessHeartbeat.RunAsync(rest);
        break;
    case "generate":
        await GenerateCommand.RunAsync(rest);
        break;
    case "compliance":
        await ComplianceCommand.RunAsync(rest);
        break;
    case "dashboard":
        await HttpCommand.RunAsync(rest, dashboard: true);
        break;
    case "checkin-burst":
        await CheckInBurstCommand.RunAsync(rest);
        break;
    case "heartbeat":
        await HttpCommand.RunAsync(rest, dashboard: false);
        break;
    case "fault-live":
        return await LearnHub.Benchmarks.Faults.FaultDrivers.LiveAsync(rest);
    case "fault-heartbeat":
        return await LearnHub.Benchmarks.Faults.FaultDrivers.HeartbeatAsync(rest);
    default:
        Console.Error.WriteLine("""
            commands:
              heartbeat-inprocess [trainees] [rounds] [threads] [on|off|compare] [pairs]
                                                                  PlaybackTracker and the flusher without HTTP; compare: with and
                                                                  without the delivery evidence check, side by side
              generate sqlite DATA_FOLDER | postgres CONNECTION [organizations people entries]
                                                                  a province in bulk: 10,000 organizations, 100,000 people, 5,000,000 ledger lines
              compliance sqlite DATA_FOLDER | postgres CONNECTION [runs] [year]
                                                                  province report vs one SQL aggregate; one person's ledger
              dashboard URL DATA_FOLDER [requests]              /supervision for the 500-organization unit over HTTP
              heartbeat URL DATA_FOLDER [learners] [seconds] [interval] [fetch|none]
                                                                  /api/v1/playback/heartbeat over HTTP, open loop, then raw inserts;
                                                                  fetch: each report's segments through the playback's URLs first
              checkin-burst URL DATA_FOLDER [people] [seconds] [postgres CONNECTION]
                                                                  that many trainees check in to one session within the window
                                                                  (confirmation page, then the post); then the same rows inserted bare
              fault-live URLS SESSION TRAINEES SECONDS MARKER [end]
              fault-heartbeat URLS LESSON LEARNERS SECONDS INTERVAL MARKER
                                                                  the clients of tests/LearnHub.Benchmarks/faults.sh (Faults/FaultDrivers.cs)
            """);
        return 2;
}

return 0;
