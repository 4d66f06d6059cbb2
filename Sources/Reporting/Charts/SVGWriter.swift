/// Appends SVG (valid XML) to a string: elements with ordered attributes, escaped text, fixed number format.
struct SVGWriter {
    private(set) var text = ""
    private var depth = 0

    /// Pixel coordinates: one decimal place is finer than any screen needs and keeps output short.
    static func px(_ value: Double) -> String { Format.number(value, decimals: 1) }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        line("<\(name)\(Self.render(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    /// A self-closing element, or one with escaped text content.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], text content: String? = nil) {
        if let content {
            line("<\(name)\(Self.render(attributes))>\(Escape.xml(content))</\(name)>")
        } else {
            line("<\(name)\(Self.render(attributes))/>")
        }
    }

    /// A text label.
    mutating func label(
        _ content: String, x: Double, y: Double, anchor: String = "start", size: Int = 11,
        extra: [(String, String)] = []
    ) {
        element(
            "text", [("x", Self.px(x)), ("y", Self.px(y)), ("text-anchor", anchor), ("font-size", "\(size)")] + extra,
            text: content)
    }

    private mutating func line(_ content: String) {
        text += String(repeating: " ", count: depth) + content + "\n"
    }

    private static func render(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(Escape.xml($0.1))\"" }.joined()
    }
}

/// The fixed colour cycle for series (Tableau 10), chosen by series index so output never depends on hashing.
public enum Palette {
    public static let colors = [
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]
    public static func color(_ index: Int) -> String { colors[index % colors.count] }
}
