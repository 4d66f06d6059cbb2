import Foundation

/// Canonical JSON for a run's settings (sorted keys), and its flattening for reports.
public enum SettingsJSON {
    public static func encode(_ settings: [String: String]) -> String {
        var w = "{"
        for (i, k) in settings.keys.sorted().enumerated() {
            if i > 0 { w += "," }
            w += quote(k) + ":" + quote(settings[k]!)
        }
        return w + "}"
    }

    /// Key/value pairs of a flat JSON object in key order; nested values are rendered as JSON text.
    public static func entries(_ json: String) -> [(String, String)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return [] }
        return object.keys.sorted().map { k in
            let v = object[k]!
            if let s = v as? String { return (k, s) }
            if let d = try? JSONSerialization.data(withJSONObject: v, options: [.sortedKeys, .fragmentsAllowed]) {
                return (k, String(decoding: d, as: UTF8.self))
            }
            return (k, "\(v)")
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if ch.value < 0x20 {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(ch.value, radix: 16).count)
                        + String(ch.value, radix: 16)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }
}
