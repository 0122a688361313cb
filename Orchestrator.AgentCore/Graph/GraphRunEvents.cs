using System.Text.Json.Nodes;

namespace Orchestrator.AgentCore.Graph;

/// <summary>An event of a graph run.</summary>
public abstract record GraphRunEvent;

/// <summary>A piece of the answer as the model produces it.</summary>
public sealed record GraphMessageChunk(string Text) : GraphRunEvent;

/// <summary>The answering node wrote the answer; the run has not ended yet and may still fail.</summary>
public sealed record GraphAnswerReady(string Answer) : GraphRunEvent;

/// <summary>The run finished: the answer, and the values the run wrote (SQL, rows, citations when the workflow set them).</summary>
public sealed record GraphRunCompleted(string Answer, JsonObject Written) : GraphRunEvent;

/// <summary>The run stopped before running its SQL, for a person to approve it (resume with <see cref="GraphRunInput.Approve"/>).</summary>
public sealed record GraphApprovalRequired(string InterruptId, string Sql) : GraphRunEvent;
