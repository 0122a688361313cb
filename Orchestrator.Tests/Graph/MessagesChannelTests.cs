using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

public class MessagesChannelTests
{
    private static CompiledGraph Echo(Func<NodeContext, NodeResult> node) => new StateGraph("chat")
        .AddChannel("messages", ChannelSpec.Messages())
        .AddNode("bot", c => ValueTask.FromResult(node(c)))
        .SetEntryPoint("bot")
        .Compile();

    [Fact]
    public async Task Messages_RoleInputAndStrings_AreNormalisedWithIds()
    {
        var graph = Echo(_ => NodeResult.Update(("messages", J("{'type':'ai','content':'hello','id':'m2'}"))));

        var result = await graph.InvokeAsync(J("{'messages':[{'role':'user','content':'hi'},'plain']}"), new RunConfig()).WaitAsync(Wait);

        var messages = result.Values.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["human", "human", "ai"], messages.Select(m => m.GetProperty("type").GetString()));
        Assert.Equal(["hi", "plain", "hello"], messages.Select(m => m.GetProperty("content").GetString()));
        Assert.All(messages, m => Assert.False(string.IsNullOrEmpty(m.GetProperty("id").GetString())));
    }

    [Fact]
    public async Task Messages_SameId_ReplacesInPlace()
    {
        var graph = Echo(_ => NodeResult.Update(("messages", J("{'type':'human','content':'edited','id':'m1'}"))));

        var result = await graph.InvokeAsync(J("{'messages':[{'type':'human','content':'first','id':'m1'},{'type':'ai','content':'x','id':'m2'}]}"), new RunConfig()).WaitAsync(Wait);

        var messages = result.Values.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["edited", "x"], messages.Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Messages_RemoveById_DeletesAndRemoveAllClears()
    {
        var removeOne = Echo(_ => NodeResult.Update(("messages", MessageJson.Remove("m1"))));
        var removeAll = Echo(_ => NodeResult.Update(("messages", J("[{'type':'remove','id':'__remove_all__'},{'type':'ai','content':'fresh','id':'m9'}]"))));
        var input = J("{'messages':[{'type':'human','content':'a','id':'m1'},{'type':'ai','content':'b','id':'m2'}]}");

        var one = await removeOne.InvokeAsync(input, new RunConfig()).WaitAsync(Wait);
        var all = await removeAll.InvokeAsync(input, new RunConfig()).WaitAsync(Wait);

        Assert.Equal(["m2"], one.Values.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["m9"], all.Values.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Messages_RemoveUnknownId_Fails()
    {
        var graph = Echo(_ => NodeResult.Update(("messages", MessageJson.Remove("ghost"))));

        var error = await Assert.ThrowsAsync<InvalidUpdateException>(() => graph.InvokeAsync(J("{'messages':['hi']}"), new RunConfig()).WaitAsync(Wait));

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }
}
