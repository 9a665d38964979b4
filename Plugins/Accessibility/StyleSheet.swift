import AllmenningCore
import Foundation

/// The rules of a page's `style` elements, read as far as a static check can: which selectors
/// declare which properties. Used to tell whether a style sheet may give an element a value
/// of its own (then it does not inherit an inline value) and which rules draw with an icon font.
struct StyleSheet: Sendable {
    struct Rule: Sendable {
        /// Each selector of the rule's list, trimmed, in lower case.
        var selectors: [String]
        var declarations: [StyleDeclaration]
    }

    var rules: [Rule] = []

    init(_ css: String) {
        for (selectors, declarations) in Self.innermostBlocks(Self.withoutComments(css)) {
            rules.append(Rule(selectors: selectors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() },
                              declarations: InlineStyle.declarations(String(declarations))))
        }
    }

    /// Some rule that declares one of `properties` has a selector that may match `element`.
    func maySet(_ properties: [String], on element: Int, in tree: HTMLTree) -> Bool {
        rules.contains { rule in
            rule.declarations.contains { properties.contains($0.property) }
                && rule.selectors.contains { Self.mayMatch($0, element: element, in: tree) }
        }
    }

    /// Whether `selector` may match `element`: its subject (the last compound selector) is
    /// compared by type, classes and id; what a static check cannot decide (pseudo-classes,
    /// attribute selectors, anything unparsed) is taken to match.
    static func mayMatch(_ selector: String, element: Int, in tree: HTMLTree) -> Bool {
        let subject = selector.split(whereSeparator: { $0.isWhitespace || $0 == ">" || $0 == "+" || $0 == "~" }).last.map(String.init) ?? ""
        guard !subject.isEmpty else { return false }
        let compound = subject.prefix { $0 != ":" && $0 != "[" }
        var type: Substring = ""
        var classes: [Substring] = []
        var ids: [Substring] = []
        var rest = compound[...]
        let nameCharacter = { (character: Character) in character.isLetter || character.isNumber || character == "-" || character == "_" }
        type = rest.prefix { nameCharacter($0) || $0 == "*" }
        rest = rest.dropFirst(type.count)
        while let marker = rest.first {
            let name = rest.dropFirst().prefix(while: nameCharacter)
            guard !name.isEmpty else { return true }
            switch marker {
            case ".": classes.append(name)
            case "#": ids.append(name)
            default: return true
            }
            rest = rest.dropFirst(1 + name.count)
        }
        let node = tree[element]
        if !type.isEmpty, type != "*", type != node.name { return false }
        let own = (node.attribute("class") ?? "").lowercased().split(whereSeparator: \.isWhitespace)
        if !classes.allSatisfy({ own.contains($0) }) { return false }
        if let id = node.attribute("id")?.lowercased() { return ids.allSatisfy { $0 == id } }
        return ids.isEmpty
    }

    /// The CSS without its /* comments */ (an unclosed one runs to the end).
    static func withoutComments(_ css: String) -> String {
        guard css.contains("/*") else { return css }
        var result = ""
        var rest = css[...]
        while let open = rest.firstRange(of: "/*") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "*/") else { return result }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// Each `selectors { declarations }` that holds no other block, as (selectors,
    /// declarations): the rules of a style sheet, and those inside an @media block.
    static func innermostBlocks(_ css: String) -> [(selectors: Substring, declarations: Substring)] {
        var blocks: [(Substring, Substring)] = []
        var segmentStart = css.startIndex
        var selectors: Substring?
        for index in css.utf8.indices {
            switch css.utf8[index] {
            case UInt8(ascii: "{"):
                let text = css[segmentStart..<index]
                selectors = text.isEmpty ? nil : text
                segmentStart = css.utf8.index(after: index)
            case UInt8(ascii: "}"):
                if let opened = selectors { blocks.append((opened, css[segmentStart..<index])) }
                selectors = nil
                segmentStart = css.utf8.index(after: index)
            default: continue
            }
        }
        return blocks
    }
}
