using LearnHub.Courses;
using LearnHub.Media;
using LearnHub.Web.Features.LectureHall.Live;
using LearnHub.Web.Hosting;

var builder = WebApplication.CreateBuilder(HostCommands.HostArguments(args));
if (HostCommands.RunsBeforeHost(args))
{
    return await HostCommands.RunBeforeHostAsync(builder.Configuration, args);
}

builder.AddLearnHubHost();
builder.AddCoursesModule();
builder.AddMediaModule();
builder.AddLiveRoom();
builder.AddLiveVideo();
builder.AddObservability();

var app = builder.Build();
await app.PrepareDatabaseAsync();
if (HostCommands.IsInvocation(args))
{
    return await HostCommands.RunAsync(app.Services, args);
}

app.UseObservability();
app.UseLearnHub();
app.MapLiveRoom();
app.MapLiveVideo();
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
