namespace Orchestrator.AgentCore.Supervisor;

/// <summary>The agents a turn can be routed to, described for the model and for embedding similarity.</summary>
public static class AgentRoutes
{
    public const string Analyst = "analyst";
    public const string Search = "search";
    public const string General = "general";

    /// <summary>One line per route, as the routing tool describes them to a model.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [Analyst] = "Data analyst: numeric and tabular questions answered with SQL over the sales warehouse (revenue, orders, customers, products, regions, trends, totals, counts, averages).",
        [Search] = "Knowledge search: questions answered from documents (policies, product descriptions, how-to guides, definitions, procedures), with citations.",
        [General] = "General: greetings, small talk, questions about this assistant itself, and anything that needs neither data nor documents.",
    };

    /// <summary>
    /// Example questions per route. Embedding similarity to whole questions separates the routes far
    /// better than similarity to the one-line descriptions, which short models blur together.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Examples { get; } = new Dictionary<string, string[]>
    {
        [Analyst] =
        [
            "How much revenue is in the warehouse?",
            "What was total revenue last month?",
            "How many orders did we get per region?",
            "Which products sold the most units?",
            "What is the average order value by customer segment?",
            "Show sales by month for this year",
            "Top 10 customers by revenue",
            "How many customers do we have?",
            "What is the revenue trend over the last quarters?",
            "Compare sales between regions",
        ],
        [Search] =
        [
            "What is our return policy?",
            "How do I reset my password?",
            "Find the document about shipping times",
            "What does the warranty cover?",
            "Explain the product documentation for the router",
            "Where is the guide to onboarding new employees?",
            "What do the terms and conditions say about refunds?",
            "Search the knowledge base for data retention rules",
        ],
        [General] =
        [
            "Hello",
            "Hi, how are you?",
            "Thanks!",
            "Who are you?",
            "What can you do?",
            "Tell me a joke",
            "Good morning",
            "Help",
        ],
    };
}
