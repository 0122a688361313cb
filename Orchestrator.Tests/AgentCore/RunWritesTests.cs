using Orchestrator.AgentCore.Graph;

namespace Orchestrator.Tests.AgentCore;

public class RunWritesTests
{
    [Fact]
    public void Add_TheSameChannelWrittenTwice_KeepsTheLastValueAndAResetIsNull()
    {
        var writes = new RunWrites();

        writes.Add("""{"route": {"route": "analyst", "sql": null, "rows": null, "citations": null}}""");
        writes.Add("""{"analyst": {"sql": "SELECT 1", "rows": [["1"]]}}""");
        writes.Add("""{"search": {"rows": null}}""");

        Assert.Equal("SELECT 1", writes.Values["sql"]!.GetValue<string>());
        Assert.True(writes.Values.ContainsKey("rows"));
        Assert.Null(writes.Values["rows"]);
        Assert.Null(writes.Answer);
    }

    [Fact]
    public void Add_MessagesAsAListOrAsOneMessage_AnswerIsTheLastAiMessagesText()
    {
        var writes = new RunWrites();

        writes.Add("""{"general": {"messages": [{"type": "ai", "content": "first"}, {"type": "human", "content": "not an answer"}]}}""");
        Assert.Equal("first", writes.Answer);

        writes.Add("""{"synthesize": {"messages": {"type": "ai", "content": [{"type": "text", "text": "Revenue "}, {"type": "text", "text": "is 42."}]}}}""");
        Assert.Equal("Revenue is 42.", writes.Answer);
        Assert.False(writes.Values.ContainsKey("messages"));
    }

    [Fact]
    public void Add_AnInterrupt_MarksTheRunInterruptedWithNoAnswer()
    {
        var writes = new RunWrites();

        writes.Add("""{"analyst": null}""");
        writes.Add("""{"__interrupt__": [{"id": "i-1", "value": {"type": "approve_sql"}, "when": "during", "node": "analyst"}]}""");

        Assert.True(writes.Interrupted);
        Assert.Null(writes.Answer);
        Assert.Empty(writes.Values);
        Assert.Null(writes.PendingApproval);
    }

    [Fact]
    public void Add_TheAnalystsApprovalInterrupt_IsThePendingApprovalWithItsIdAndSql()
    {
        var writes = new RunWrites();

        writes.Add("""{"__interrupt__": [{"value": {"type": "ask_user"}, "id": "other", "when": "during"}, {"value": {"type": "approve_sql", "sql": "SELECT 1", "question": "q"}, "id": "i-2", "when": "during"}]}""");

        Assert.Equal(new GraphApprovalRequired("i-2", "SELECT 1"), writes.PendingApproval);
    }
}
