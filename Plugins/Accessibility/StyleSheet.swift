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

    /// The subjects of the selectors of the rules that declare one of `properties`.
    func subjects(declaring properties: [String]) -> Subjects {
        var subjects = Subjects()
        for rule in rules where rule.declarations.contains(where: { properties.contains($0.property) }) {
            for selector in rule.selectors { subjects.add(selector) }
        }
        return subjects
    }

    /// The subject (the last compound selector) of each selector, indexed by its most
    /// selective part so that asking about one element looks at few of them: a page with
    /// thousands of elements and a long style sheet stays linear.
    struct Subjects: Sendable {
        struct Compound: Sendable {
            var type: String?
            var classes: [String]
            var ids: [String]
        }

        /// A subject with no type, class or id to compare, or one not understood: it may
        /// match any element.
        private(set) var matchesAny = false
        private var byID: [String: [Compound]] = [:]
        private var byClass: [String: [Compound]] = [:]
        private var byType: [String: [Compound]] = [:]

        /// More subjects than this under one key are not compared one by one: the key alone
        /// counts as a match (a hostile style sheet must not make every element cost much).
        private static let comparedPerKey = 64

        mutating func add(_ selector: String) {
            guard let compound = Self.subject(of: selector) else { return }
            guard let compound else { matchesAny = true; return }
            if let id = compound.ids.first { byID[id, default: []].append(compound) }
            else if let name = compound.classes.first { byClass[name, default: []].append(compound) }
            else if let type = compound.type { byType[type, default: []].append(compound) }
            else { matchesAny = true }
        }

        /// Whether a selector may match `element`: compared by type, classes and id; what a
        /// static check cannot decide (pseudo-classes, attribute selectors) is taken to match.
        func mayMatch(_ element: Int, in tree: HTMLTree) -> Bool {
            if matchesAny { return true }
            let node = tree[element]
            let id = node.attribute("id")?.lowercased()
            let classes = (node.attribute("class") ?? "").lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
            func matches(_ candidates: [Compound]?) -> Bool {
                guard let candidates, !candidates.isEmpty else { return false }
                if candidates.count > Self.comparedPerKey { return true }
                return candidates.contains { compound in
                    (compound.type.map { $0 == node.name } ?? true) && compound.classes.allSatisfy(classes.contains)
                        && compound.ids.allSatisfy { $0 == id }
                }
            }
            return matches(id.flatMap { byID[$0] }) || classes.contains { matches(byClass[$0]) } || matches(byType[node.name])
        }

        /// The selector's subject: nil when it has none (an empty selector), .some(nil) when
        /// it may match anything.
        static func subject(of selector: String) -> Compound?? {
            let subject = selector.split(whereSeparator: { $0.isWhitespace || $0 == ">" || $0 == "+" || $0 == "~" }).last ?? ""
            guard !subject.isEmpty else { return nil }
            let nameCharacter = { (character: Character) in character.isLetter || character.isNumber || character == "-" || character == "_" }
            var rest = subject.prefix { $0 != ":" && $0 != "[" }
            let type = rest.prefix { nameCharacter($0) || $0 == "*" }
            rest = rest.dropFirst(type.count)
            var compound = Compound(type: type.isEmpty || type == "*" ? nil : String(type), classes: [], ids: [])
            while let marker = rest.first {
                let name = rest.dropFirst().prefix(while: nameCharacter)
                guard !name.isEmpty else { return .some(nil) }
                switch marker {
                case ".": compound.classes.append(String(name))
                case "#": compound.ids.append(String(name))
                default: return .some(nil)
                }
                rest = rest.dropFirst(1 + name.count)
            }
            return .some(compound)
        }
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
