using System.Net;
using System.Net.Sockets;
using System.Text;
using LearnHub.Courses.Data;
using LearnHub.Courses.LectureHall.Sessions;
using LearnHub.Courses.LectureHall.Attendance;
using LearnHub.Web.Identity;
using LearnHub.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LearnHub.Web.Tests.LectureHall;

/// <summary>The app at 14:20 China time on its test day, the clock standing still until a test moves it, with mail going to a local SMTP sink.</summary>
public class HallFactory : LearnHubFactory
{
    public SmtpSink Mail { get; } = new();

    protected override TestClock CreateClock() => new(OnTestDay(14, 20), running: false);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("LearnHub:Smtp:Enabled", "true");
        builder.UseSetting("LearnHub:Smtp:Host", "127.0.0.1");
        builder.UseSetting("LearnHub:Smtp:Port", Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("LearnHub:Smtp:PollSeconds", "1");
    }

    /// <summary>A trainee account for a person of the demo roster, signed in.</summary>
    public async Task<(HttpClient Client, int PersonId, string Email)> TraineeAsync(int skip)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var person = await db.People.Where(p => p.Mobile != "13800000001").OrderBy(p => p.Id).Skip(skip).FirstAsync();
        var email = $"t{person.Id}@learnhub.example";
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByEmailAsync(email) is null)
        {
            // Every roster person has an account waiting for activation: this one is given an address and the
            // demo password (which the password rules refuse to people, hence the hash set directly).
            var user = await users.Users.SingleAsync(u => u.PersonId == person.Id);
            user.Email = email;
            user.EmailConfirmed = true;
            user.PasswordHash = users.PasswordHasher.HashPassword(user, Password);
            var updated = await users.UpdateAsync(user);
            Assert.True(updated.Succeeded);
        }

        return (await SignInAsync(email), person.Id, email);
    }

    /// <summary>A session of a new series at 14:30–17:00 on the test day, open to all by registration.</summary>
    public async Task<int> SessionAsync(int capacity, int? lecturerId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoursesDbContext>();
        var today = Programme.Today;
        var series = new LectureHallSeries { Title = "测试系列", Year = today.Year };
        series.Sessions.Add(new LectureHallSession
        {
            Number = 1, Date = today, StartTime = new TimeOnly(14, 30), EndTime = new TimeOnly(17, 0),
            Topic = "社会组织财务管理实务", Venue = "二楼会议室", Capacity = capacity, LecturerId = lecturerId,
        });
        db.LectureHallSeries.Add(series);
        await db.SaveChangesAsync();
        return series.Sessions[0].Id;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Mail.Dispose();
        }
    }
}

/// <summary>A minimal SMTP server that accepts every message and keeps it, enough for MailKit.</summary>
public sealed class SmtpSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(string To, string Data)> _messages = [];
    private readonly Dictionary<string, int> _rejections = [];
    private bool _disposed;

    public SmtpSink()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Answers the next <paramref name="times"/> messages to <paramref name="to"/> with a temporary failure (451), as a busy server does.</summary>
    public void Reject(string to, int times)
    {
        lock (_messages)
        {
            _rejections[to] = times;
        }
    }

    public IReadOnlyList<(string To, string Data)> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToList();
            }
        }
    }

    /// <summary>Decodes RFC 2047 encoded words of a header line ("=?utf-8?B?...?=").</summary>
    public static string Subject(string data)
    {
        var line = string.Join("", data.Split("\r\n").SkipWhile(l => !l.StartsWith("Subject:", StringComparison.Ordinal))
            .Take(1).Concat(data.Split("\r\n").SkipWhile(l => !l.StartsWith("Subject:", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.StartsWith(' '))));
        return System.Text.RegularExpressions.Regex.Replace(line, @"=\?utf-8\?B\?([^?]*)\?=\s*", m => Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value)),
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
    }

    /// <summary>The message's text, decoded when it was sent as base64.</summary>
    public static string Body(string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = split < 0 ? data : data[(split + 4)..];
        return data.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal)))
            : body;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink ready");
            var to = "";
            while (await reader.ReadLineAsync() is { } line)
            {
                var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (command)
                {
                    case "EHLO":
                    case "HELO":
                        await writer.WriteLineAsync("250 sink");
                        break;
                    case "RCPT":
                        to = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>');
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go ahead");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } body && body != ".")
                        {
                            data.Append(body).Append("\r\n");
                        }

                        bool rejected;
                        lock (_messages)
                        {
                            rejected = _rejections.TryGetValue(to, out var left) && left > 0;
                            if (rejected)
                            {
                                _rejections[to] = left - 1;
                            }
                            else
                            {
                                _messages.Add((to, data.ToString()));
                            }
                        }

                        await writer.WriteLineAsync(rejected ? "451 try again later" : "250 queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }
    }

    public void Dispose()
    {
        // The factory may be disposed twice (sync and async); the second time is a no-op.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        _listener.Dispose();
        _stop.Dispose();
    }
}
