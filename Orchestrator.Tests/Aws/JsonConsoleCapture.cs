using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Orchestrator.Tests.Aws;

/// <summary>
/// A logger provider that renders every entry with Microsoft.Extensions.Logging's own JSON console
/// formatter — what a task writes to stdout with <c>Logging__Console__FormatterName=json</c> — and
/// keeps the lines, at the console logger's default minimum level (Information).
/// </summary>
internal sealed class JsonConsoleCapture : ILoggerProvider
{
    private readonly ServiceProvider _services;
    private readonly ConsoleFormatter _formatter;

    public JsonConsoleCapture()
    {
        _services = new ServiceCollection().AddLogging(logging => logging.AddJsonConsole()).BuildServiceProvider();
        _formatter = _services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() => _services.Dispose();

    private sealed class Logger(JsonConsoleCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => NullLogger.Instance.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Information and < LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            using var writer = new StringWriter();
            owner._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), null, writer);
            owner.Lines.Enqueue(writer.ToString());
        }
    }
}
