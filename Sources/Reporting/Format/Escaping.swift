/// Escaping for the three output syntaxes.
public enum Escape {
    /// Text safe inside XML/HTML element content and double- or single-quoted attribute values.
    public static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab/newline, U+FFFE and U+FFFF are not allowed in XML 1.0 at all.
                if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
                    || scalar.value == 0xFFFE || scalar.value == 0xFFFF
                {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// One RFC 4180 field: quoted (with doubled quotes) when it holds a comma, quote, CR or LF. A field that a
    /// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR, and not a plain number)
    /// is neutralised with a leading `'`, as OWASP advises for CSV injection.
    public static func csvField(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first), text != "-",
            Double(text) == nil
        {
            text = "'" + text
        }
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One RFC 4180 record, CRLF-terminated.
    public static func csvRecord(_ fields: [String]) -> String {
        fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    /// Text safe inside a Markdown table cell: pipes, backslashes and backticks escaped, `<` as an entity (so no
    /// HTML passes through, as in the HTML report), line breaks flattened.
    public static func markdownCell(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "|": out += "\\|"
            case "\\": out += "\\\\"
            case "`": out += "\\`"
            case "<": out += "&lt;"  // no tag can open: no HTML passes through
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

extension String {
    /// `replacingOccurrences` without Foundation, for single-scalar targets.
    func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}
