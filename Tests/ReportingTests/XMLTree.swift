import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A parsed XML element, enough to query rendered HTML/SVG in tests.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""

    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    /// This node and all descendants, document order.
    var all: [XMLNode] { [self] + children.flatMap(\.all) }
    func descendants(_ name: String) -> [XMLNode] { all.filter { $0.name == name } }
    /// Text of this node and its descendants.
    var allText: String { text + children.map(\.allText).joined() }

    /// Parses `text` as XML; nil (with the parser's error) when not well-formed.
    static func parse(_ text: String) -> (root: XMLNode?, error: String?) {
        let parser = XMLParser(data: Data(text.utf8))
        let builder = Builder()
        parser.delegate = builder
        guard parser.parse() else {
            return (
                nil, "line \(parser.lineNumber) col \(parser.columnNumber): \(String(describing: parser.parserError))"
            )
        }
        return (builder.root, nil)
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
        ) {
            let node = XMLNode(name: elementName, attributes: attributeDict)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName qName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}

/// Parses a `data-points` attribute (`x:y x:y`).
func parseDataPoints(_ text: String?) -> [ChartPointValue] {
    guard let text, !text.isEmpty else { return [] }
    return text.split(separator: " ").map { pair in
        let parts = pair.split(separator: ":")
        return ChartPointValue(x: Double(parts[0])!, y: Double(parts[1])!)
    }
}

struct ChartPointValue: Equatable { var x: Double; var y: Double }
