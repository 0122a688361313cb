namespace Orchestrator.AI.Bedrock;

/// <summary>The media types Converse accepts as image and document blocks, and their <c>format</c> names.</summary>
internal static class ConverseContentFormats
{
    private static readonly Dictionary<string, string> Images = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/png"] = "png",
        ["image/jpeg"] = "jpeg",
        ["image/gif"] = "gif",
        ["image/webp"] = "webp",
    };

    private static readonly Dictionary<string, string> Documents = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/pdf"] = "pdf",
        ["text/csv"] = "csv",
        ["application/msword"] = "doc",
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = "docx",
        ["application/vnd.ms-excel"] = "xls",
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = "xlsx",
        ["text/html"] = "html",
        ["text/plain"] = "txt",
        ["text/markdown"] = "md",
    };

    public static bool TryGetImageFormat(string mediaType, out string format) => Images.TryGetValue(mediaType, out format!);

    public static bool TryGetDocumentFormat(string mediaType, out string format) => Documents.TryGetValue(mediaType, out format!);

    /// <summary>
    /// Converse allows only letters, digits, single spaces, hyphens, parentheses and square brackets
    /// in a document name; anything else becomes a hyphen.
    /// </summary>
    public static string DocumentName(string? name, int index)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"document-{index}";
        }

        var chars = new char[name.Length];
        var length = 0;
        foreach (var c in name.Trim())
        {
            var mapped = char.IsAsciiLetterOrDigit(c) || c is '-' or '(' or ')' or '[' or ']' ? c : c == ' ' ? ' ' : '-';
            if (mapped == ' ' && length > 0 && chars[length - 1] == ' ')
            {
                continue;
            }

            chars[length++] = mapped;
        }

        return new string(chars, 0, length);
    }
}
