namespace NasAssistant.Benchmarks;

/// <summary>Short messages of the kind a household assistant embeds (about 10-16 tokens each).</summary>
internal static class Conversations
{
    public static readonly string[] Messages =
    [
        "Where did we put the photos from the summer holiday?",
        "Remind me what the plumber said about the boiler.",
        "Which invoices from March are still unpaid?",
        "Find the recipe for grandma's apple cake please.",
        "When is the next appointment at the dentist?",
        "Summarize the notes from the school parents meeting.",
        "Did the nightly backup of the office laptops finish?",
        "What was the name of the hotel in Lisbon?",
        "Show me the contract with the internet provider.",
        "How much did we spend on groceries last month?",
        "Is there a warranty for the washing machine?",
        "List the patients scheduled for Thursday morning.",
        "What did the accountant say about the tax return?",
        "Open the scanned letter from the insurance company.",
        "Which movies did the kids watch this weekend?",
        "Find the manual for the heat pump in the basement.",
    ];
}

/// <summary>Help-desk questions that the shipped knowledge corpus answers, for the chat phase.</summary>
internal static class HelpDeskQuestions
{
    public static readonly string[] All =
    [
        "The printer says paper is stuck, how do I get it out?",
        "How can I open the shared folders when working from home?",
        "I forgot my password and cannot log in",
        "When does the nightly backup run?",
        "What is the password for the guest wifi?",
        "Is the help desk open between Christmas and New Year?",
        "How do I get my work mail on my phone?",
        "I deleted a file by mistake, can I get it back?",
    ];
}
