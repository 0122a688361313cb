namespace Orchestrator.Cortex.Search;

/// <summary>
/// Generates the support and policy corpus deterministically: every run yields the same articles,
/// so search results in tests and benchmarks are reproducible. Topics × product lines × article
/// kinds give 240 articles with distinct vocabulary per topic.
/// </summary>
public static class SupportCorpusGenerator
{
    private sealed record Topic(string Category, string Subject, string Policy, string Steps, string[] Tags);

    private static readonly Topic[] Topics =
    [
        new("returns", "returning an item", "Items can be returned within 30 days of delivery for a full refund when they are unused and in the original packaging. Opened electronics are refunded minus a 15% restocking fee.", "Open Orders, choose the order line, select Return item, print the prepaid label and drop the parcel at any carrier point. Refunds reach the original payment method within 5 business days after the warehouse inspects the return.", ["refund", "return label", "restocking fee"]),
        new("shipping", "delivery times and shipping costs", "Standard shipping is free on orders over 50 dollars and takes 3 to 5 business days; express shipping takes 1 to 2 business days and costs 12 dollars.", "Track a parcel from the order page with the carrier tracking number. If a parcel shows delivered but did not arrive, wait 24 hours, check with neighbours, then open a lost-parcel claim.", ["tracking", "express", "lost parcel"]),
        new("billing", "invoices, payments and charges", "We accept credit cards, debit cards and bank transfer. The card is charged when the order ships, not when it is placed. Corporate customers can pay invoices within 30 days.", "Download invoices from Account, Billing history. A duplicate charge usually is a pending authorisation that disappears within 3 days; contact billing if it stays longer.", ["invoice", "payment method", "duplicate charge"]),
        new("account", "managing your account and password", "Each customer account belongs to one person; business accounts can add up to 20 team members with roles. Accounts inactive for 3 years are closed after notice.", "Reset a forgotten password with the Forgot password link; the reset email expires after 1 hour. Enable two-factor authentication under Security settings.", ["password reset", "two-factor", "team members"]),
        new("warranty", "warranty coverage and repairs", "All products carry a 2-year limited warranty covering manufacturing defects. Accidental damage, misuse and normal wear are not covered. Extended protection plans add up to 3 more years.", "Start a warranty claim with the order number and a photo or video of the defect. We repair, replace or refund the product; replacements ship within 7 days.", ["defect", "repair", "protection plan"]),
        new("privacy", "personal data and privacy", "We keep order data for 7 years for tax reasons and delete marketing data when you unsubscribe. We never sell personal data. Customers in the EU have GDPR rights of access, correction and erasure.", "Request a copy of your data or its deletion from Account, Privacy. Requests are completed within 30 days; identity is verified first.", ["GDPR", "data deletion", "cookies"]),
        new("orders", "changing or cancelling an order", "Orders can be changed or cancelled free of charge until they are packed, usually within 2 hours of purchase. Once shipped, an order must be returned instead.", "Open the order and choose Cancel order or Edit items. Partial cancellations refund the cancelled lines only; promotional discounts are recalculated.", ["cancel order", "modify order", "partial cancellation"]),
        new("products", "product care and compatibility", "Product pages list dimensions, materials and compatibility. Batteries must not be shipped by air when damaged. Furniture assembly instructions are included and downloadable.", "Check compatibility with the product finder, clean surfaces with a damp cloth only, and store batteries at 40 to 60 percent charge when unused for months.", ["compatibility", "assembly", "battery care"]),
        new("loyalty", "loyalty points and promotions", "Members earn 1 point per dollar spent; 100 points are worth 5 dollars. Points expire after 18 months without a purchase. Promotion codes cannot be combined.", "See your points under Account, Rewards, and apply them at checkout. A promotion code that fails is often expired or limited to a product category.", ["points", "promo code", "membership"]),
        new("stores", "in-store pickup and store services", "Click and collect orders are held for 7 days at the chosen store. Stores accept returns of online orders and offer free installation booking for large appliances.", "Choose Pick up in store at checkout, wait for the ready-for-pickup email and bring the order number and an ID. Someone else can collect with a signed authorisation.", ["click and collect", "pickup", "installation"]),
    ];

    private static readonly string[] ProductLines = ["electronics", "home", "outdoor", "apparel"];

    private static readonly (string Kind, string TitlePattern)[] Kinds =
    [
        ("policy", "{0} policy for {1}"),
        ("faq", "FAQ: {0} ({1})"),
        ("how-to", "How to handle {0} for {1} orders"),
        ("troubleshooting", "Troubleshooting {0}: {1}"),
        ("announcement", "Update on {0} for {1}"),
        ("guide", "Customer guide to {0} — {1}"),
    ];

    private static readonly string[] Regions = ["global", "AMER", "EMEA", "APAC"];

    /// <summary>The corpus: 240 articles, ids 1…240, identical on every call.</summary>
    public static IReadOnlyList<SupportArticle> Generate()
    {
        var articles = new List<SupportArticle>();
        var id = 0;
        foreach (var topic in Topics)
        {
            foreach (var line in ProductLines)
            {
                foreach (var (kind, titlePattern) in Kinds)
                {
                    id++;
                    var region = Regions[(id * 7) % Regions.Length];
                    var title = string.Format(System.Globalization.CultureInfo.InvariantCulture, titlePattern, Capitalize(topic.Subject), line);
                    var body = Body(topic, line, kind, region);
                    var published = new DateOnly(2023, 1, 1).AddDays((id * 37) % 1000);
                    var views = 50 + ((id * 7919) % 20000);
                    var helpful = (id * 131) % 500;
                    articles.Add(new SupportArticle(id, title, body, topic.Category, kind, region, line, [.. topic.Tags, line, kind], published, views, helpful));
                }
            }
        }

        return articles;
    }

    private static string Body(Topic topic, string line, string kind, string region)
    {
        var scope = region == "global" ? "in every region" : $"for customers in {region}";
        return kind switch
        {
            "policy" => $"This policy covers {topic.Subject} for {line} products {scope}. {topic.Policy}",
            "faq" => $"Frequently asked questions about {topic.Subject} for {line}. {topic.Policy} {topic.Steps}",
            "how-to" => $"Step by step: {topic.Subject} with {line} orders {scope}. {topic.Steps}",
            "troubleshooting" => $"If something goes wrong with {topic.Subject} for {line}, start here. {topic.Steps} If the problem persists, contact support with your order number.",
            "announcement" => $"We updated how we handle {topic.Subject} for {line} {scope}. {topic.Policy}",
            _ => $"A complete guide to {topic.Subject} for {line} customers {scope}. {topic.Policy} {topic.Steps}",
        };
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
