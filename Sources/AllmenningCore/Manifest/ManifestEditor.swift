import Foundation
import Yams

/// A value to write into a manifest: a text, fields in the order given, or a list.
public indirect enum YAMLOutput: Sendable, Equatable {
    case string(String)
    case mapping([(String, YAMLOutput)])
    case sequence([YAMLOutput])

    public static func == (lhs: YAMLOutput, rhs: YAMLOutput) -> Bool {
        switch (lhs, rhs) {
        case let (.string(left), .string(right)): left == right
        case let (.sequence(left), .sequence(right)): left == right
        case let (.mapping(left), .mapping(right)):
            left.count == right.count && zip(left, right).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }
}

extension YAMLOutput {
    /// An author as `fork` writes it: name, pseudonym, role, org (absent fields left out).
    public init(_ author: Manifest.Author) {
        var fields: [(String, YAMLOutput)] = []
        if let name = author.name { fields.append(("name", .string(name))) }
        if let pseudonym = author.pseudonym { fields.append(("pseudonym", .string(pseudonym))) }
        if let role = author.role { fields.append(("role", .string(role))) }
        if let org = author.org { fields.append(("org", .string(org))) }
        self = .mapping(fields)
    }

    /// A provenance entry in the order id, repository, commit, licence, title, authors
    /// (absent fields and an empty author list left out). The title's languages come in
    /// `languageOrder` first, then the rest alphabetically.
    public init(_ provenance: Manifest.Provenance, languageOrder: [String] = []) {
        var fields: [(String, YAMLOutput)] = [("id", .string(provenance.id))]
        if let repository = provenance.repository { fields.append(("repository", .string(repository))) }
        if let commit = provenance.commit { fields.append(("commit", .string(commit))) }
        fields.append(("licence", .string(provenance.licence)))
        fields.append(("title", .languageMap(provenance.title, order: languageOrder)))
        if let authors = provenance.authors, !authors.isEmpty {
            fields.append(("authors", .sequence(authors.map(YAMLOutput.init))))
        }
        self = .mapping(fields)
    }

    /// A language map as a mapping: the languages in `order` first (those present), then the
    /// others in alphabetical order, so the same map always gives the same text.
    public static func languageMap(_ map: LanguageMap, order: [String] = []) -> YAMLOutput {
        var keys: [String] = []
        for language in order where map[language] != nil && !keys.contains(language) { keys.append(language) }
        keys += map.keys.filter { !keys.contains($0) }.sorted()
        return .mapping(keys.map { ($0, .string(map[$0] ?? "")) })
    }
}

/// Changes a resource.yaml the way a careful person would by hand: only the value being
/// changed is touched, so teachers' comments, blank lines, quoting and layout stay as they
/// wrote them. Every edit is checked by reading the new text back; an edit that would read
/// back as anything other than what was intended is refused, never returned.
public struct ManifestEditor: Sendable {
    /// The manifest text, with every edit made so far.
    public private(set) var text: String

    /// - Throws: when the text is not a manifest (see `ManifestSource.parse`) or its top level
    ///   is not a block mapping (`field: value` lines).
    public init(text: String) throws(Failure) {
        _ = try Document(text)
        self.text = text
    }

    /// Sets a top-level field to a text: the value is replaced where it stands (a comment
    /// after it stays), or `key: value` is added at the end when the field is absent.
    public mutating func setScalar(_ key: String, to value: String) throws(Failure) {
        let document = try Document(text)
        var expected = document.unchangedEntries
        let edit: Edit
        if let index = document.index(of: key) {
            let entry = document.entries[index]
            edit = try document.scalarReplacement(of: entry.value, keyedBy: entry.key, field: key, inFlow: false,
                                                  parentIndent: entry.key.column - 1, with: ScalarText.render(value))
            expected[index].value = .string(value)
        } else {
            edit = document.appendingAtEnd([pad(document.rootIndent) + ScalarText.render(key) + ": " + ScalarText.render(value)])
            expected.append((.string(key), .string(value)))
        }
        try commit([edit], expected: expected, field: key)
    }

    /// Appends an item to a top-level list. A block list gets one more item at the end, in
    /// the same column as the others; a flow list (`[…]`) or an empty value is rewritten as a
    /// block list (only that field's value changes); an absent field is added at the end.
    public mutating func append(_ item: YAMLOutput, toSequence key: String) throws(Failure) {
        let document = try Document(text)
        var expected = document.unchangedEntries
        let edits: [Edit]
        guard let index = document.index(of: key) else {
            let dash = document.rootIndent + document.sequenceIndent
            let lines = [pad(document.rootIndent) + ScalarText.render(key) + ":"]
                + document.emitter(braceSpace: true).item(EmitValue(item), dash: dash, gap: 1, preferFlow: true)
            expected.append((.string(key), .sequence([Expected(item)])))
            try commit([document.appendingAtEnd(lines)], expected: expected, field: key)
            return
        }
        let entry = document.entries[index]
        let line = entry.value.mark?.line ?? entry.key.line
        if Document.hasExplicitTag(entry.value, deep: true) { throw .tagged(field: key, line: line) }
        switch entry.value {
        case .sequence(let sequence):
            guard let start = document.source.offset(sequence.mark) else { throw .unsupportedLayout(field: key, line: line) }
            if document.source.scalars[start] == "[" {
                edits = try document.rewriteAsBlockSequence(entryAt: index, field: key, adding: EmitValue(item))
            } else if document.source.scalars[start] == "-" {
                edits = try document.appendToBlockSequence(entryAt: index, field: key, adding: EmitValue(item))
            } else {
                throw .unsupportedLayout(field: key, line: line)
            }
            expected[index].value = .sequence(sequence.map { Expected.node($0) } + [Expected(item)])
        case .scalar(let scalar) where scalar.style == .plain && YAMLValue(scalar) == .null:
            edits = try document.rewriteAsBlockSequence(entryAt: index, field: key, adding: EmitValue(item))
            expected[index].value = .sequence([Expected(item)])
        default:
            throw .wrongShape(field: key, line: line, expected: .list)
        }
        try commit(edits, expected: expected, field: key)
    }

    /// Sets a field of the last item of a top-level list of groups, for example the
    /// `commit` of the last `derivedFrom` entry. The value is replaced where it stands, or
    /// the field is added at the end of that item.
    public mutating func setScalar(_ key: String, to value: String, inLastItemOf sequenceKey: String) throws(Failure) {
        let document = try Document(text)
        guard let index = document.index(of: sequenceKey) else { throw .noItems(field: sequenceKey) }
        let entry = document.entries[index]
        let line = entry.value.mark?.line ?? entry.key.line
        if Document.hasExplicitTag(entry.value, deep: true) { throw .tagged(field: sequenceKey, line: line) }
        guard case .sequence(let sequence) = entry.value else {
            throw .wrongShape(field: sequenceKey, line: line, expected: .list)
        }
        guard let last = sequence.last else { throw .noItems(field: sequenceKey) }
        let itemField = "\(sequenceKey)[\(sequence.count)]"
        let field = "\(itemField).\(key)"
        guard case .mapping(let mapping) = last else {
            throw .wrongShape(field: itemField, line: last.mark?.line ?? line, expected: .group)
        }
        let source = document.source
        guard let mappingStart = source.offset(mapping.mark) else { throw .unsupportedLayout(field: field, line: line) }
        let isFlow = source.scalars[mappingStart] == "{"
        let rendered = ScalarText.render(value)
        let pairs = Array(mapping)
        var entries: [(key: Expected, value: Expected)] = pairs.map { (.node($0.key), .node($0.value)) }
        let edit: Edit
        if let position = pairs.firstIndex(where: { Document.isKey($0.key, key) }) {
            let pair = pairs[position]
            edit = try document.scalarReplacement(of: pair.value, keyedBy: pair.key, field: field, inFlow: isFlow,
                                                  parentIndent: pair.key.column - 1, with: rendered)
            entries[position].value = .string(value)
        } else if isFlow {
            guard let scan = source.scanFlow(from: mappingStart) else { throw .unsupportedLayout(field: field, line: line) }
            let text = ScalarText.render(key) + ": " + rendered
            if let end = scan.lastEntryEnd {
                edit = Edit(range: end..<end, replacement: ", " + text)
            } else {
                edit = Edit(range: scan.close..<scan.close, replacement: text)
            }
            entries.append((.string(key), .string(value)))
        } else {
            let column = (mapping.mark?.column ?? 1) - 1
            let dash = (sequence.mark?.column ?? 1) - 1
            let endLine = source.lastContentLine(from: source.line(of: mappingStart), through: document.regionEnd(ofEntryAt: index),
                                                 commentsDeeperThan: dash)
            let end = source.contentEnds[endLine]
            edit = Edit(range: end..<end, replacement: source.lineBreak + pad(column) + ScalarText.render(key) + ": " + rendered)
            entries.append((.string(key), .string(value)))
        }
        var expected = document.unchangedEntries
        expected[index].value = .sequence(sequence.dropLast().map { Expected.node($0) } + [.mapping(entries)])
        try commit([edit], expected: expected, field: field)
    }

    /// Applies the edits, reads the result back and keeps it only if it says exactly what was intended.
    private mutating func commit(_ edits: [Edit], expected: [(key: Expected, value: Expected)], field: String) throws(Failure) {
        let source = SourceText(text)
        let newText = source.applying(edits)
        guard let root = try? ManifestSource.parse(Data(newText.utf8)), Expected.mapping(expected).matches(root) else {
            throw .notVerified(field: field)
        }
        text = newText
    }
}

// MARK: - Failures

extension ManifestEditor {
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The text is not a manifest that can be read at all.
        case unreadable(ManifestSource.Problem)
        /// The top level is not a block mapping (`field: value` lines).
        case notABlockMapping
        /// The field's value has another shape than the edit needs.
        case wrongShape(field: String, line: Int, expected: Shape)
        /// The field's value, or something in it, carries a YAML tag (`!…`).
        case tagged(field: String, line: Int)
        /// The value is written in a way the editor does not change by itself (for example a
        /// text continued over several lines without quotes).
        case unsupportedLayout(field: String, line: Int)
        /// The list is absent or empty, so it has no last item to change.
        case noItems(field: String)
        /// The edited text did not read back as intended; nothing was changed.
        case notVerified(field: String)

        public enum Shape: Sendable, Equatable {
            case text, list, group
        }

        public var message: LocalizedText {
            switch self {
            case .unreadable(let problem):
                let reason = Self.describe(problem)
                return LocalizedText(nb: "Kan ikke endre manifestet fordi det ikke kan leses: \(reason.nb) Rett det og prøv igjen.",
                                     en: "Cannot edit the manifest because it cannot be read: \(reason.en) Fix it and try again.")
            case .notABlockMapping:
                return LocalizedText(nb: "Kan ikke endre manifestet: det øverste nivået må være felt på hver sin linje (`navn: verdi`).",
                                     en: "Cannot edit the manifest: its top level must be fields on lines of their own (`name: value`).")
            case let .wrongShape(field, line, expected):
                let names: (nb: String, en: String) = switch expected {
                case .text: ("en tekst", "a text")
                case .list: ("en liste", "a list")
                case .group: ("en gruppe med felt (navn: verdi)", "a group of fields (name: value)")
                }
                return LocalizedText(nb: "Kan ikke endre «\(field)» (linje \(line)): verdien skal være \(names.nb), men er noe annet. Rett feltet for hånd først.",
                                     en: "Cannot edit \"\(field)\" (line \(line)): its value must be \(names.en), but it is something else. Correct the field by hand first.")
            case let .tagged(field, line):
                return LocalizedText(nb: "Kan ikke endre «\(field)» (linje \(line)): verdien har en YAML-tagg (!…), som manifestet ikke bruker. Ta bort taggen.",
                                     en: "Cannot edit \"\(field)\" (line \(line)): its value carries a YAML tag (!…), which manifests do not use. Remove the tag.")
            case let .unsupportedLayout(field, line):
                return LocalizedText(nb: "Kan ikke endre «\(field)» (linje \(line)) uten å skrive om mer enn feltet: verdien er skrevet på en uvanlig måte (for eksempel en tekst over flere linjer uten anførselstegn). Skriv verdien på én linje og prøv igjen.",
                                     en: "Cannot edit \"\(field)\" (line \(line)) without rewriting more than the field: the value is written in an unusual way (for example a text over several lines without quotes). Write the value on one line and try again.")
            case let .noItems(field):
                return LocalizedText(nb: "Kan ikke endre siste element i «\(field)»: lista mangler eller er tom.",
                                     en: "Cannot edit the last item of \"\(field)\": the list is missing or empty.")
            case let .notVerified(field):
                return LocalizedText(nb: "Kan ikke endre «\(field)» trygt: den endrede fila ville ikke blitt lest slik den skulle, så ingenting er endret. Gjør endringen for hånd.",
                                     en: "Cannot edit \"\(field)\" safely: the changed file would not read back as intended, so nothing was changed. Make the change by hand.")
            }
        }

        public var description: String { message.en }

        private static func describe(_ problem: ManifestSource.Problem) -> (nb: String, en: String) {
            switch problem {
            case .notAFile: ("det er ikke en vanlig fil.", "it is not a regular file.")
            case .unreadable(let reason): ("\(reason).", "\(reason).")
            case .tooLarge(let bytes): ("fila er for stor (\(bytes / 1024) kB).", "the file is too large (\(bytes / 1024) kB).")
            case .binary(let line): ("fila er ikke tekst (NUL-byte på linje \(line)).", "the file is not text (NUL byte on line \(line)).")
            case let .invalidUTF8(line, column): ("fila er ikke UTF-8 (linje \(line), kolonne \(column)).", "the file is not UTF-8 (line \(line), column \(column)).")
            case .empty: ("fila er tom.", "the file is empty.")
            case .tooDeep(let line): ("YAML-en er nøstet for dypt (linje \(line)).", "the YAML nests too deeply (line \(line)).")
            case let .anchor(line, column):
                ("den bruker YAML-ankere eller -alias (&navn, *navn) på linje \(line), kolonne \(column).",
                 "it uses YAML anchors or aliases (&name, *name) at line \(line), column \(column).")
            case let .syntax(line, column, problem):
                ("YAML-feil på linje \(line), kolonne \(column): \(problem).", "YAML error at line \(line), column \(column): \(problem).")
            case let .duplicateKey(line, _, key): ("feltet «\(key)» står to ganger (linje \(line)).", "the field \"\(key)\" appears twice (line \(line)).")
            case .severalDocuments(let line): ("fila har flere YAML-dokumenter (linje \(line)).", "the file holds several YAML documents (line \(line)).")
            }
        }
    }
}

// MARK: - Rendering values

/// How a text is written as a YAML scalar: plain only when no YAML reader could take it for
/// anything but that text, otherwise double-quoted with escapes.
enum ScalarText {
    static func render(_ text: String) -> String {
        isSafePlain(text) ? text : doubleQuoted(text)
    }

    static func isSafePlain(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        guard isLetter(first) || isDigit(first), last != " " else { return false }
        for scalar in scalars {
            guard isLetter(scalar) || isDigit(scalar) || isMark(scalar) || " ._-+/()".unicodeScalars.contains(scalar) else { return false }
        }
        // YAML 1.1 and 1.2 booleans and null, in any case.
        if ["y", "n", "yes", "no", "true", "false", "on", "off", "null"].contains(text.lowercased()) { return false }
        // Anything that starts with a digit and could be a number, date or time in any YAML
        // version: 1e3, 0x1F, 0o17, 0b101, 1_000, 2024-05-01, a hexadecimal commit id.
        if isDigit(first), text.unicodeScalars.allSatisfy({ "0123456789abcdefABCDEFxXoObB._+-:".unicodeScalars.contains($0) }) {
            return false
        }
        let scalar = Node.Scalar(text, Tag(.implicit), .plain)
        return YAMLValue(scalar) == .string(text)
    }

    static func doubleQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\0": result += "\\0"
            case "\u{07}": result += "\\a"
            case "\u{08}": result += "\\b"
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\u{0B}": result += "\\v"
            case "\u{0C}": result += "\\f"
            case "\r": result += "\\r"
            case "\u{1B}": result += "\\e"
            case "\u{85}": result += "\\N"
            case "\u{2028}": result += "\\L"
            case "\u{2029}": result += "\\P"
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    result += "\\x" + hex(scalar.value, digits: 2)
                } else if needsEscape(scalar) {
                    result += scalar.value > 0xFFFF ? "\\U" + hex(scalar.value, digits: 8) : "\\u" + hex(scalar.value, digits: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Invisible or non-printable characters: format characters (but not the joiners that
    /// emoji and some scripts need, nor the tag characters of flag emoji), unassigned and
    /// private-use code points, and U+FFFE/U+FFFF.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0xFFFE || scalar.value == 0xFFFF || scalar.value == 0xFEFF { return true }
        switch scalar.properties.generalCategory {
        case .format:
            return !(scalar.value == 0x200C || scalar.value == 0x200D || (0xE0020...0xE007F).contains(scalar.value))
        case .unassigned, .privateUse, .surrogate, .lineSeparator, .paragraphSeparator, .control:
            return true
        default:
            return false
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: true
        default: false
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }
}

/// A value ready to be laid out: scalars already rendered as YAML text.
indirect enum EmitValue {
    case scalar(String)
    case mapping([(String, EmitValue)])
    case sequence([EmitValue])

    init(_ output: YAMLOutput) {
        switch output {
        case .string(let text): self = .scalar(ScalarText.render(text))
        case .mapping(let fields): self = .mapping(fields.map { (ScalarText.render($0.0), EmitValue($0.1)) })
        case .sequence(let items): self = .sequence(items.map(EmitValue.init))
        }
    }

    /// The same value as a node read from the manifest: texts are written safely again,
    /// numbers, yes/no values and null keep their plain spelling.
    init?(node: Node) {
        switch node {
        case .scalar(let scalar):
            switch YAMLValue(scalar) {
            case .string(let text): self = .scalar(ScalarText.render(text))
            case .null: self = .scalar(scalar.string.isEmpty ? "~" : scalar.string)
            default: self = .scalar(scalar.string)
            }
        case .mapping(let mapping):
            var fields: [(String, EmitValue)] = []
            for (key, value) in mapping {
                guard case .scalar(let text)? = EmitValue(node: key), let value = EmitValue(node: value) else { return nil }
                fields.append((text, value))
            }
            self = .mapping(fields)
        case .sequence(let sequence):
            var items: [EmitValue] = []
            for element in sequence {
                guard let item = EmitValue(node: element) else { return nil }
                items.append(item)
            }
            self = .sequence(items)
        case .alias:
            return nil
        }
    }

    var isScalar: Bool {
        if case .scalar = self { true } else { false }
    }
}

/// Lays values out as block YAML lines in the manifest's own indentation style.
struct BlockEmitter {
    /// Columns from a field to the dashes of its list items (0 for `key:\n- item`).
    var sequenceIndent: Int
    /// Columns from a field to the fields of its group.
    var mappingIndent: Int
    /// `{ a: b }` rather than `{a: b}`.
    var braceSpace: Bool
    /// Groups and lists of scalars are written on one line (`{ nb: …, en: … }`, `[a, b]`)
    /// when the line stays within this width.
    var maximumWidth = 100

    func flow(_ value: EmitValue) -> String? {
        switch value {
        case .scalar(let text): return text
        case .mapping(let fields):
            guard fields.allSatisfy({ $0.1.isScalar }) else { return nil }
            if fields.isEmpty { return "{}" }
            let inner = fields.map { field -> String in
                guard case .scalar(let text) = field.1 else { return "" }
                return field.0 + ": " + text
            }.joined(separator: ", ")
            return braceSpace ? "{ " + inner + " }" : "{" + inner + "}"
        case .sequence(let items):
            guard items.allSatisfy(\.isScalar) else { return nil }
            return "[" + items.compactMap { if case .scalar(let text) = $0 { text } else { nil } }.joined(separator: ", ") + "]"
        }
    }

    /// The lines of a list item whose dash stands in column `dash`, with `gap` spaces after it.
    func item(_ value: EmitValue, dash: Int, gap: Int, preferFlow: Bool) -> [String] {
        let prefix = pad(dash) + "-" + pad(gap)
        let content = dash + 1 + gap
        switch value {
        case .scalar(let text):
            return [prefix + text]
        case .mapping(let fields):
            if fields.isEmpty { return [prefix + "{}"] }
            if preferFlow, let flow = flow(value), content + flow.count <= maximumWidth { return [prefix + flow] }
            var lines: [String] = []
            for (index, field) in fields.enumerated() {
                var sub = entry(field.0, field.1, column: content)
                if index == 0 { sub[0] = prefix + sub[0].dropFirst(content) }
                lines += sub
            }
            return lines
        case .sequence(let items):
            if items.isEmpty { return [prefix + "[]"] }
            if let flow = flow(value), content + flow.count <= maximumWidth { return [prefix + flow] }
            var lines: [String] = []
            for (index, element) in items.enumerated() {
                var sub = item(element, dash: content, gap: 1, preferFlow: true)
                if index == 0 { sub[0] = prefix + sub[0].dropFirst(content) }
                lines += sub
            }
            return lines
        }
    }

    /// The lines of `key: value` with the key in column `column`.
    func entry(_ key: String, _ value: EmitValue, column: Int) -> [String] {
        let head = pad(column) + key + ":"
        switch value {
        case .scalar(let text):
            return [head + " " + text]
        case .mapping(let fields):
            if let flow = flow(value), head.count + 1 + flow.count <= maximumWidth { return [head + " " + flow] }
            return [head] + fields.flatMap { entry($0.0, $0.1, column: column + mappingIndent) }
        case .sequence(let items):
            if let flow = flow(value), head.count + 1 + flow.count <= maximumWidth { return [head + " " + flow] }
            return [head] + items.flatMap { item($0, dash: column + sequenceIndent, gap: 1, preferFlow: true) }
        }
    }
}

private func pad(_ count: Int) -> String {
    String(repeating: " ", count: max(0, count))
}

// MARK: - Verification

/// What a node must be after an edit: unchanged, a given text, or a list or group of those.
indirect enum Expected {
    case node(Node)
    case string(String)
    case sequence([Expected])
    case mapping([(key: Expected, value: Expected)])

    init(_ output: YAMLOutput) {
        switch output {
        case .string(let text): self = .string(text)
        case .mapping(let fields): self = .mapping(fields.map { (.string($0.0), Expected($0.1)) })
        case .sequence(let items): self = .sequence(items.map(Expected.init))
        }
    }

    func matches(_ node: Node) -> Bool {
        switch self {
        case .node(let old):
            return Self.same(old, node)
        case .string(let text):
            guard case .scalar(let scalar) = node, case .string(let found) = YAMLValue(scalar) else { return false }
            return found == text
        case .sequence(let items):
            guard case .sequence(let sequence) = node, sequence.count == items.count else { return false }
            return zip(items, sequence).allSatisfy { $0.matches($1) }
        case .mapping(let fields):
            guard case .mapping(let mapping) = node, mapping.count == fields.count else { return false }
            return zip(fields, mapping).allSatisfy { $0.key.matches($1.key) && $0.value.matches($1.value) }
        }
    }

    /// The same value, read the way the validator reads it (the core schema), whatever the
    /// layout or quoting.
    static func same(_ left: Node, _ right: Node) -> Bool {
        switch (left, right) {
        case let (.scalar(a), .scalar(b)):
            let (valueA, valueB) = (YAMLValue(a), YAMLValue(b))
            if valueA == .null, valueB == .null { return true }
            return kind(valueA) == kind(valueB) && a.string == b.string
        case let (.sequence(a), .sequence(b)):
            return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case let (.mapping(a), .mapping(b)):
            return a.count == b.count && zip(a, b).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
        default:
            return false
        }
    }

    private static func kind(_ value: YAMLValue) -> Int {
        switch value {
        case .string: 0
        case .integer: 1
        case .float: 2
        case .bool: 3
        case .null: 4
        }
    }
}

// MARK: - The text

/// One change to the text: replace `range` (in Unicode scalars) with `replacement`.
struct Edit {
    var range: Range<Int>
    var replacement: String
}

/// The manifest text as Unicode scalars, with its lines the way the YAML reader counts them
/// (libyaml counts columns in code points and takes CR LF, CR, LF, NEL, LS and PS as breaks).
struct SourceText {
    let scalars: [Unicode.Scalar]
    /// Where each line starts.
    let lineStarts: [Int]
    /// Where each line's content ends (where its line break starts).
    let contentEnds: [Int]
    /// The line break new lines get: CR LF when the file uses it, else LF.
    let lineBreak: String

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var starts = [0]
        var ends: [Int] = []
        var firstBreak: String?
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            var width = 0
            if scalar == "\r" {
                width = index + 1 < scalars.count && scalars[index + 1] == "\n" ? 2 : 1
            } else if Self.isBreak(scalar) {
                width = 1
            }
            if width == 0 { index += 1; continue }
            if firstBreak == nil, scalar == "\n" || width == 2 { firstBreak = width == 2 ? "\r\n" : "\n" }
            ends.append(index)
            starts.append(index + width)
            index += width
        }
        ends.append(scalars.count)
        self.scalars = scalars
        self.lineStarts = starts
        self.contentEnds = ends
        self.lineBreak = firstBreak ?? "\n"
    }

    static func isBreak(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t"
    }

    var lineCount: Int { lineStarts.count }
    var endsWithBreak: Bool { !scalars.isEmpty && lineStarts.last == scalars.count }

    func offset(_ mark: Mark?) -> Int? {
        guard let mark, mark.line >= 1, mark.line <= lineCount, mark.column >= 1 else { return nil }
        let offset = lineStarts[mark.line - 1] + mark.column - 1
        guard offset <= contentEnds[mark.line - 1] else { return nil }
        return offset
    }

    /// The line (from 0) an offset is on.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    func indent(_ line: Int) -> Int {
        var index = lineStarts[line]
        while index < contentEnds[line], scalars[index] == " " { index += 1 }
        return index - lineStarts[line]
    }

    func isBlank(_ line: Int) -> Bool {
        scalars[lineStarts[line]..<contentEnds[line]].allSatisfy(Self.isSpace)
    }

    func isComment(_ line: Int) -> Bool {
        scalars[lineStarts[line]..<contentEnds[line]].first { !Self.isSpace($0) } == "#"
    }

    func string(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    func applying(_ edits: [Edit]) -> String {
        var result = scalars
        // From the back, so earlier offsets stay valid; at the same offset the removal goes
        // first and the insertion lands before what follows it.
        let ordered = edits.sorted { ($0.range.lowerBound, $0.range.upperBound) > ($1.range.lowerBound, $1.range.upperBound) }
        for edit in ordered {
            result.replaceSubrange(edit.range, with: edit.replacement.unicodeScalars)
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: result)
        return String(view)
    }

    /// The last line from `first` through `last` that holds content: blank lines and comments
    /// no deeper than `threshold` after it belong to what follows.
    func lastContentLine(from first: Int, through last: Int, commentsDeeperThan threshold: Int) -> Int {
        var line = min(last, lineCount - 1)
        while line > first, isBlank(line) || (isComment(line) && indent(line) <= threshold) { line -= 1 }
        return max(line, first)
    }

    // MARK: Scanning scalars

    /// The end of a single- or double-quoted scalar whose opening quote is at `start`.
    func quotedEnd(from start: Int) -> Int? {
        guard start < scalars.count else { return nil }
        let quote = scalars[start]
        var index = start + 1
        while index < scalars.count {
            let scalar = scalars[index]
            if quote == "\"", scalar == "\\" { index += 2; continue }
            if scalar == quote {
                if quote == "'", index + 1 < scalars.count, scalars[index + 1] == "'" { index += 2; continue }
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// The end of a plain scalar on the line of `start` (before a comment, trailing spaces and,
    /// in flow context, the next indicator).
    func plainEnd(from start: Int, inFlow: Bool) -> Int {
        let limit = contentEnds[line(of: start)]
        var index = start
        var end = start
        while index < limit {
            let scalar = scalars[index]
            if scalar == "#", index > start, Self.isSpace(scalars[index - 1]) { break }
            if inFlow, ",[]{}".unicodeScalars.contains(scalar) { break }
            if scalar == ":" {
                let next = index + 1 < limit ? scalars[index + 1] : " "
                if Self.isSpace(next) || (inFlow && ",[]{}".unicodeScalars.contains(next)) { break }
            }
            if !Self.isSpace(scalar) { end = index + 1 }
            index += 1
        }
        return end
    }

    /// A literal or folded scalar whose indicator is at `start`: where its last content line
    /// ends, and the comment on its header line, if any.
    func blockScalarSpan(from start: Int, parentIndent: Int) -> (end: Int, headerComment: String?) {
        let header = line(of: start)
        var comment: String?
        var indicatorEnd = start
        while indicatorEnd < contentEnds[header], !Self.isSpace(scalars[indicatorEnd]) { indicatorEnd += 1 }
        var index = indicatorEnd
        while index < contentEnds[header] {
            if scalars[index] == "#", Self.isSpace(scalars[index - 1]) {
                comment = string(index..<contentEnds[header])
                break
            }
            index += 1
        }
        var lastBody: Int?
        var line = header + 1
        while line < lineCount {
            if !isBlank(line) {
                guard indent(line) > parentIndent else { break }
                lastBody = line
            }
            line += 1
        }
        guard let lastBody else { return (indicatorEnd, nil) }
        return (contentEnds[lastBody], comment)
    }

    enum FlowPart {
        case entry(Range<Int>)
        case comment(String)
    }

    struct FlowScan {
        /// Just after the closing bracket.
        var end: Int
        /// The closing bracket.
        var close: Int
        var parts: [FlowPart]
        /// Just after the last entry's last character.
        var lastEntryEnd: Int?
        var entryCount: Int { parts.filter { if case .entry = $0 { true } else { false } }.count }
    }

    /// The entries and comments of the flow collection (`[…]` or `{…}`) opening at `start`.
    func scanFlow(from start: Int) -> FlowScan? {
        guard start < scalars.count, scalars[start] == "[" || scalars[start] == "{" else { return nil }
        var depth = 1
        var index = start + 1
        var atNodeStart = true
        var entryStart: Int?
        var entryEnd = start
        var parts: [FlowPart] = []
        var lastEntryEnd: Int?
        func closeEntry() {
            if let entryStart {
                parts.append(.entry(entryStart..<entryEnd))
                lastEntryEnd = entryEnd
            }
            entryStart = nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if Self.isSpace(scalar) || Self.isBreak(scalar) { index += 1; continue }
            if scalar == "#", Self.isSpace(scalars[index - 1]) || Self.isBreak(scalars[index - 1]) {
                let end = contentEnds[line(of: index)]
                parts.append(.comment(string(index..<end)))
                index = end
                continue
            }
            if depth == 1, scalar == "," {
                closeEntry()
                atNodeStart = true
                index += 1
                continue
            }
            if depth == 1, scalar == "]" || scalar == "}" {
                closeEntry()
                return FlowScan(end: index + 1, close: index, parts: parts, lastEntryEnd: lastEntryEnd)
            }
            if entryStart == nil { entryStart = index }
            if atNodeStart, scalar == "\"" || scalar == "'" {
                guard let end = quotedEnd(from: index) else { return nil }
                index = end
                entryEnd = end
                atNodeStart = false
                continue
            }
            switch scalar {
            case "[", "{":
                depth += 1
                atNodeStart = true
            case "]", "}":
                depth -= 1
                atNodeStart = false
            case ",":
                atNodeStart = true
            case ":":
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                atNodeStart = Self.isSpace(next) || Self.isBreak(next) || ",[]{}".unicodeScalars.contains(next)
            default:
                atNodeStart = false
            }
            index += 1
            entryEnd = index
        }
        return nil
    }
}

// MARK: - The parsed manifest

/// The manifest text with its YAML tree, and what an edit needs to know about both.
struct Document {
    let source: SourceText
    let entries: [(key: Node, value: Node)]
    /// The column of the top-level fields (0 unless the whole manifest is indented).
    let rootIndent: Int

    init(_ text: String) throws(ManifestEditor.Failure) {
        let root: Node
        do {
            root = try ManifestSource.parse(Data(text.utf8))
        } catch {
            throw .unreadable(error)
        }
        let source = SourceText(text)
        guard case .mapping(let mapping) = root, let mark = mapping.mark, let start = source.offset(mark),
              start < source.scalars.count, source.scalars[start] != "{" else {
            throw .notABlockMapping
        }
        self.source = source
        self.entries = mapping.map { ($0.key, $0.value) }
        self.rootIndent = mark.column - 1
    }

    var unchangedEntries: [(key: Expected, value: Expected)] {
        entries.map { (.node($0.key), .node($0.value)) }
    }

    static func isKey(_ node: Node, _ key: String) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return YAMLValue(scalar) == .string(key)
    }

    func index(of key: String) -> Int? {
        entries.firstIndex { Self.isKey($0.key, key) }
    }

    /// Whether a node (and, when `deep`, anything in it) has an explicit tag. Quoted and block
    /// scalars are tagged `str` by the parser; that is not a tag someone wrote.
    static func hasExplicitTag(_ node: Node, deep: Bool) -> Bool {
        let str = Tag.Name.str.rawValue
        switch node {
        case .scalar(let scalar):
            return scalar.style == .plain ? scalar.tag.rawValue != "" : scalar.tag.rawValue != str
        case .sequence(let sequence):
            return sequence.tag.rawValue != "" || (deep && sequence.contains { hasExplicitTag($0, deep: true) })
        case .mapping(let mapping):
            // The parser tags plain keys `str` as well.
            return mapping.tag.rawValue != ""
                || (deep && mapping.contains { pair in
                    let keyTag = pair.key.tag.rawValue
                    return (keyTag != "" && keyTag != str) || hasExplicitTag(pair.value, deep: true)
                })
        case .alias:
            return true
        }
    }

    /// The last line (from 0) of the top-level entry at `index`: the line before the next
    /// field, or the last line of the file.
    func regionEnd(ofEntryAt index: Int) -> Int {
        if index + 1 < entries.count, let next = entries[index + 1].key.mark {
            return max(0, next.line - 2)
        }
        return source.lineCount - 1
    }

    /// Columns from a top-level field to the dashes of its block list, as the manifest does it.
    var sequenceIndent: Int {
        for (key, value) in entries {
            guard case .sequence(let sequence) = value, let keyMark = key.mark, let mark = sequence.mark,
                  let start = source.offset(mark), start < source.scalars.count, source.scalars[start] == "-" else { continue }
            return max(0, mark.column - keyMark.column)
        }
        return 2
    }

    /// Columns from a top-level field to the fields of its block group, as the manifest does it.
    var mappingIndent: Int {
        for (key, value) in entries {
            guard case .mapping(let mapping) = value, let keyMark = key.mark, let mark = mapping.mark,
                  mark.line > keyMark.line, mark.column > keyMark.column else { continue }
            return mark.column - keyMark.column
        }
        return 2
    }

    func emitter(braceSpace: Bool) -> BlockEmitter {
        BlockEmitter(sequenceIndent: sequenceIndent, mappingIndent: mappingIndent, braceSpace: braceSpace)
    }

    /// Lines added at the end of the file, keeping whether it ends with a line break.
    func appendingAtEnd(_ lines: [String]) -> Edit {
        let end = source.scalars.count
        let text = source.endsWithBreak
            ? lines.map { $0 + source.lineBreak }.joined()
            : lines.map { source.lineBreak + $0 }.joined()
        return Edit(range: end..<end, replacement: text)
    }

    /// Just after the colon that follows a key.
    func colonEnd(afterKey key: Node, inFlow: Bool) -> Int? {
        guard case .scalar(let scalar) = key, let start = source.offset(key.mark) else { return nil }
        var end: Int
        switch scalar.style {
        case .singleQuoted, .doubleQuoted:
            guard let quoted = source.quotedEnd(from: start) else { return nil }
            end = quoted
        case .plain:
            end = source.plainEnd(from: start, inFlow: inFlow)
            guard source.string(start..<end) == scalar.string else { return nil }
        default:
            return nil
        }
        while end < source.scalars.count, SourceText.isSpace(source.scalars[end]) { end += 1 }
        guard end < source.scalars.count, source.scalars[end] == ":" else { return nil }
        return end + 1
    }

    /// Replaces a scalar value where it stands, keeping what follows it on the line.
    func scalarReplacement(of value: Node, keyedBy key: Node, field: String, inFlow: Bool, parentIndent: Int,
                           with rendered: String) throws(ManifestEditor.Failure) -> Edit {
        let line = value.mark?.line ?? key.line
        guard case .scalar(let scalar) = value else { throw .wrongShape(field: field, line: line, expected: .text) }
        if Self.hasExplicitTag(value, deep: false) { throw .tagged(field: field, line: line) }
        guard let start = source.offset(scalar.mark) else { throw .unsupportedLayout(field: field, line: line) }
        switch scalar.style {
        case .plain:
            if scalar.string.isEmpty {
                // `key:` with nothing after the colon.
                guard start > 0, source.scalars[start - 1] == ":" else { throw .unsupportedLayout(field: field, line: line) }
                return Edit(range: start..<start, replacement: " " + rendered)
            }
            let end = source.plainEnd(from: start, inFlow: inFlow)
            guard source.string(start..<end) == scalar.string else { throw .unsupportedLayout(field: field, line: line) }
            return Edit(range: start..<end, replacement: rendered)
        case .singleQuoted, .doubleQuoted:
            guard let end = source.quotedEnd(from: start) else { throw .unsupportedLayout(field: field, line: line) }
            return Edit(range: start..<end, replacement: rendered)
        case .literal, .folded:
            guard !inFlow else { throw .unsupportedLayout(field: field, line: line) }
            let span = source.blockScalarSpan(from: start, parentIndent: parentIndent)
            return Edit(range: start..<span.end, replacement: rendered + (span.headerComment.map { " " + $0 } ?? ""))
        case .any:
            throw .unsupportedLayout(field: field, line: line)
        }
    }

    /// One more item after the last one of a block list, in the same column and style.
    func appendToBlockSequence(entryAt index: Int, field: String, adding item: EmitValue) throws(ManifestEditor.Failure) -> [Edit] {
        let (key, value) = entries[index]
        guard case .sequence(let sequence) = value, let mark = sequence.mark, let last = sequence.last,
              let itemStart = source.offset(last.mark), itemStart < source.scalars.count else {
            throw .unsupportedLayout(field: field, line: key.line)
        }
        let dash = mark.column - 1
        let itemLine = source.line(of: itemStart)
        // Spaces between the dash and the item, when the item starts on the dash's line.
        var gap = 1
        let dashOffset = source.lineStarts[itemLine] + dash
        if dashOffset + 1 < itemStart, source.scalars[dashOffset] == "-",
           source.scalars[(dashOffset + 1)..<itemStart].allSatisfy(SourceText.isSpace) {
            gap = itemStart - dashOffset - 1
        }
        var braceSpace = true
        var preferFlow = true
        if source.scalars[itemStart] == "{" {
            braceSpace = itemStart + 1 < source.scalars.count && source.scalars[itemStart + 1] == " "
        } else if case .mapping = last {
            preferFlow = false
        }
        let lines = emitter(braceSpace: braceSpace).item(item, dash: dash, gap: gap, preferFlow: preferFlow)
        let endLine = source.lastContentLine(from: itemLine, through: regionEnd(ofEntryAt: index), commentsDeeperThan: dash)
        let end = source.contentEnds[endLine]
        return [Edit(range: end..<end, replacement: lines.map { source.lineBreak + $0 }.joined())]
    }

    /// Rewrites an empty value or a flow list (`[…]`) as a block list with one more item; the
    /// existing items keep their text when it fits on one line, comments in the list stay.
    func rewriteAsBlockSequence(entryAt index: Int, field: String, adding item: EmitValue) throws(ManifestEditor.Failure) -> [Edit] {
        let (key, value) = entries[index]
        let line = key.line
        guard let keyStart = source.offset(key.mark), let colonEnd = colonEnd(afterKey: key, inFlow: false) else {
            throw .unsupportedLayout(field: field, line: line)
        }
        let keyLine = source.line(of: keyStart)
        let dash = key.column - 1 + sequenceIndent
        var braceSpace = true
        var lines: [String] = []
        let valueRange: Range<Int>
        switch value {
        case .scalar(let scalar):
            guard let start = source.offset(scalar.mark) else { throw .unsupportedLayout(field: field, line: line) }
            if scalar.string.isEmpty {
                valueRange = colonEnd..<colonEnd
            } else {
                let end = source.plainEnd(from: start, inFlow: false)
                guard source.string(start..<end) == scalar.string else { throw .unsupportedLayout(field: field, line: line) }
                valueRange = start..<end
            }
        case .sequence(let sequence):
            guard let start = source.offset(sequence.mark), let scan = source.scanFlow(from: start),
                  scan.entryCount == sequence.count else {
                throw .unsupportedLayout(field: field, line: line)
            }
            valueRange = start..<scan.end
            var position = 0
            for part in scan.parts {
                switch part {
                case .comment(let comment):
                    lines.append(pad(dash) + comment)
                case .entry(let range):
                    let element = sequence[position]
                    position += 1
                    if source.line(of: range.lowerBound) == source.line(of: range.upperBound - 1) {
                        lines.append(pad(dash) + "- " + source.string(range))
                        if source.scalars[range.lowerBound] == "{" {
                            braceSpace = range.count > 1 && source.scalars[range.lowerBound + 1] == " "
                        }
                    } else {
                        guard let emitted = EmitValue(node: element) else { throw .unsupportedLayout(field: field, line: line) }
                        lines += emitter(braceSpace: braceSpace).item(emitted, dash: dash, gap: 1, preferFlow: true)
                    }
                }
            }
        default:
            throw .wrongShape(field: field, line: line, expected: .list)
        }
        lines += emitter(braceSpace: braceSpace).item(item, dash: dash, gap: 1, preferFlow: true)

        var edits: [Edit] = []
        let valueLine = source.line(of: valueRange.lowerBound)
        let valueEndLine = valueRange.isEmpty ? valueLine : source.line(of: valueRange.upperBound - 1)
        let insertionLine: Int
        if valueLine == keyLine {
            if !valueRange.isEmpty { edits.append(Edit(range: colonEnd..<valueRange.upperBound, replacement: "")) }
            insertionLine = valueEndLine
        } else {
            let aloneOnItsLines = source.scalars[source.lineStarts[valueLine]..<valueRange.lowerBound].allSatisfy(SourceText.isSpace)
                && source.scalars[valueRange.upperBound..<source.contentEnds[valueEndLine]].allSatisfy(SourceText.isSpace)
            if aloneOnItsLines {
                edits.append(Edit(range: source.contentEnds[valueLine - 1]..<source.contentEnds[valueEndLine], replacement: ""))
            } else {
                edits.append(Edit(range: valueRange, replacement: ""))
            }
            insertionLine = keyLine
        }
        let end = source.contentEnds[insertionLine]
        edits.append(Edit(range: end..<end, replacement: lines.map { source.lineBreak + $0 }.joined()))
        return edits
    }
}

private extension Node {
    var line: Int { mark?.line ?? 1 }
    var column: Int { mark?.column ?? 1 }
}
