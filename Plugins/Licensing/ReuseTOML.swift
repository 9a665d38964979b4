import AllmenningCore
import Foundation

/// REUSE.toml (REUSE Specification 3.3): `version = 1` and `[[annotations]]` tables with
/// `path` (a glob or a list of globs), optional `precedence` (closest, aggregate, override),
/// `SPDX-FileCopyrightText` and `SPDX-License-Identifier` (a string or a list of strings).
struct ReuseTOML: Sendable, Equatable {
    enum Precedence: String, Sendable, Equatable {
        case closest
        case aggregate
        case override
    }

    struct Annotation: Sendable, Equatable {
        var paths: [String]
        var precedence: Precedence
        var licences: [String]
        var copyrights: [String]
        /// Where the `[[annotations]]` header stands.
        var line: Int
        var patterns: [GlobPattern] = []

        func matches(_ path: [Unicode.Scalar]) -> Bool { patterns.contains { $0.matches(path) } }
    }

    /// Why a REUSE.toml cannot be read, and where.
    struct Problem: Error, Equatable {
        var line: Int
        var message: LocalizedText
    }

    /// The REUSE.toml's own path in the resource; "" as directory for the root.
    var path: String
    var directory: String
    var annotations: [Annotation]

    static let maximumSize = 256 * 1024
    static let maximumAnnotations = 1000

    /// The last annotation whose paths match `relativePath` (relative to this file's folder).
    func annotation(for relativePath: String) -> Annotation? {
        let scalars = Array(relativePath.unicodeScalars)
        return annotations.last { $0.matches(scalars) }
    }

    static func parse(_ data: Data, path: String) throws(Problem) -> ReuseTOML {
        guard data.count <= maximumSize else {
            throw Problem(line: 1, message: LocalizedText(
                nb: "Fila er \(data.count / 1024) kB; Allmenning leser ikke REUSE.toml over \(maximumSize / 1024) kB.",
                en: "The file is \(data.count / 1024) kB; Allmenning does not read a REUSE.toml over \(maximumSize / 1024) kB."))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Problem(line: 1, message: LocalizedText(nb: "Fila er ikke UTF-8.", en: "The file is not UTF-8."))
        }
        var reader = TOMLReader(text)
        var document = try reader.read()
        let directory = path.split(separator: "/").dropLast().joined(separator: "/")
        var annotations: [Annotation] = []
        guard case let .integer(version)? = document.root["version"]?.value, version == 1 else {
            throw Problem(line: document.root["version"]?.line ?? 1, message: LocalizedText(
                nb: "REUSE.toml må begynne med `version = 1`.", en: "REUSE.toml must start with `version = 1`."))
        }
        guard document.annotations.count <= maximumAnnotations else {
            throw Problem(line: 1, message: LocalizedText(
                nb: "Flere enn \(maximumAnnotations) [[annotations]]-tabeller.", en: "More than \(maximumAnnotations) [[annotations]] tables."))
        }
        for table in document.annotations {
            func strings(_ key: String, required: Bool) throws(Problem) -> [String] {
                guard let entry = table.values[key] else {
                    if required {
                        throw Problem(line: table.line, message: LocalizedText(
                            nb: "[[annotations]] mangler «\(key)».", en: "[[annotations]] lacks \"\(key)\"."))
                    }
                    return []
                }
                switch entry.value {
                case let .string(value): return [value]
                case let .array(values):
                    var result: [String] = []
                    for value in values {
                        guard case let .string(text) = value else {
                            throw Problem(line: entry.line, message: LocalizedText(
                                nb: "«\(key)» må være tekst eller en liste med tekst.", en: "\"\(key)\" must be a string or a list of strings."))
                        }
                        result.append(text)
                    }
                    return result
                default:
                    throw Problem(line: entry.line, message: LocalizedText(
                        nb: "«\(key)» må være tekst eller en liste med tekst.", en: "\"\(key)\" must be a string or a list of strings."))
                }
            }
            let paths = try strings("path", required: true)
            var precedence = Precedence.closest
            if let entry = table.values["precedence"] {
                guard case let .string(value) = entry.value, let known = Precedence(rawValue: value) else {
                    throw Problem(line: entry.line, message: LocalizedText(
                        nb: "«precedence» må være closest, aggregate eller override.", en: "\"precedence\" must be closest, aggregate or override."))
                }
                precedence = known
            }
            var annotation = Annotation(paths: paths, precedence: precedence,
                                        licences: try strings("SPDX-License-Identifier", required: false),
                                        copyrights: try strings("SPDX-FileCopyrightText", required: false), line: table.line)
            annotation.patterns = paths.map(GlobPattern.init)
            annotations.append(annotation)
        }
        document.annotations = []
        return ReuseTOML(path: path, directory: directory, annotations: annotations)
    }
}

/// A REUSE.toml path glob, translated exactly as the REUSE tool does (`_paths_regex`): `*` is
/// any run of characters but `/`, `**` any run including `/` (and `**/` also matches nothing),
/// `\*` a literal star, `\\` a literal backslash.
struct GlobPattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case character(Unicode.Scalar)
        case star
        case anything
    }

    let tokens: [Token]

    init(_ pattern: String) {
        var tokens: [Token] = []
        var escaping = false
        var globstar = false
        var previous: Unicode.Scalar?
        for character in pattern.unicodeScalars {
            switch character {
            case "\\":
                if previous == "\\" && escaping {
                    escaping = false
                    tokens.append(.character("\\"))
                } else {
                    escaping = true
                }
            case "*":
                if escaping {
                    tokens.append(.character("*"))
                    escaping = false
                } else if previous == "*" && !globstar {
                    globstar = true
                    tokens.append(.anything)
                }
            case "/":
                if !globstar {
                    if previous == "*" { tokens.append(.star) }
                    tokens.append(.character("/"))
                }
                escaping = false
            default:
                if previous == "*" && !globstar { tokens.append(.star) }
                tokens.append(.character(character))
                globstar = false
                escaping = false
            }
            previous = character
        }
        if previous == "*" && !globstar { tokens.append(.star) }
        self.tokens = tokens
    }

    func matches(_ path: String) -> Bool { matches(Array(path.unicodeScalars)) }

    /// Time proportional to tokens × characters, whatever the pattern (no backtracking).
    func matches(_ characters: [Unicode.Scalar]) -> Bool {
        let count = characters.count
        // reachable[i]: the tokens so far can match characters[..<i].
        var reachable = [Bool](repeating: false, count: count + 1)
        var next = [Bool](repeating: false, count: count + 1)
        reachable[0] = true
        for token in tokens {
            var any = false
            switch token {
            case let .character(expected):
                next[0] = false
                for index in 0..<count {
                    let value = reachable[index] && characters[index] == expected
                    next[index + 1] = value
                    any = any || value
                }
            case .star, .anything:
                var open = false
                for index in 0...count {
                    if reachable[index] { open = true }
                    next[index] = open
                    any = any || open
                    if index < count, token == .star, characters[index] == "/" { open = false }
                }
            }
            if !any { return false }
            swap(&reachable, &next)
        }
        return reachable[count]
    }
}

/// A reader for the part of TOML that REUSE.toml uses: comments, `key = value` with bare or
/// quoted keys, strings (basic, literal and their multi-line forms), integers, booleans,
/// arrays (across lines), `[table]` and `[[array-of-tables]]` headers. Anything else is refused
/// with its line, so a REUSE.toml Allmenning cannot read is reported, not guessed at.
struct TOMLReader {
    indirect enum Value: Equatable {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case array([Value])
    }

    struct Entry: Equatable {
        var value: Value
        var line: Int
    }

    struct Table {
        var values: [String: Entry] = [:]
        var line: Int
    }

    struct Document {
        var root: [String: Entry] = [:]
        var annotations: [Table] = []
    }

    private let characters: [Character]
    private var position = 0
    private var line = 1

    init(_ text: String) {
        characters = Array(text.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    private func problem(_ nb: String, _ en: String, at line: Int? = nil) -> ReuseTOML.Problem {
        ReuseTOML.Problem(line: line ?? self.line, message: LocalizedText(nb: nb, en: en))
    }

    private var current: Character? { position < characters.count ? characters[position] : nil }

    private mutating func advance() {
        if current == "\n" { line += 1 }
        position += 1
    }

    private mutating func skipSpaces() {
        while let character = current, character == " " || character == "\t" { advance() }
    }

    private mutating func skipComment() {
        if current == "#" { while let character = current, character != "\n" { advance() } }
    }

    /// Spaces, newlines and comments (inside arrays and between lines).
    private mutating func skipBlank() {
        while let character = current {
            if character == " " || character == "\t" || character == "\n" { advance() } else if character == "#" { skipComment() } else { break }
        }
    }

    private mutating func expectLineEnd() throws(ReuseTOML.Problem) {
        skipSpaces()
        skipComment()
        guard current == nil || current == "\n" else {
            throw problem("Uventet tekst etter verdien.", "Unexpected text after the value.")
        }
    }

    mutating func read() throws(ReuseTOML.Problem) -> Document {
        var document = Document()
        // nil: the root table; an index: that annotation; -1: another table, whose keys are not used.
        var table: Int?
        var otherTables = Set<String>()
        var otherKeys = Set<String>()
        while true {
            skipBlank()
            guard let character = current else { break }
            if character == "[" {
                let headerLine = line
                advance()
                let isArray = current == "["
                if isArray { advance() }
                skipSpaces()
                let name = try key()
                skipSpaces()
                guard current == "]" else { throw problem("Mangler «]» i tabelloverskriften.", "Missing \"]\" in the table header.") }
                advance()
                if isArray {
                    guard current == "]" else { throw problem("Mangler «]]» i tabelloverskriften.", "Missing \"]]\" in the table header.") }
                    advance()
                }
                try expectLineEnd()
                if isArray && name == "annotations" {
                    document.annotations.append(Table(line: headerLine))
                    table = document.annotations.count - 1
                } else {
                    if !isArray {
                        guard otherTables.insert(name).inserted, name != "annotations" else {
                            throw problem("Tabellen [\(name)] står to ganger.", "The table [\(name)] appears twice.", at: headerLine)
                        }
                    }
                    otherKeys = []
                    table = -1
                }
                continue
            }
            let keyLine = line
            let name = try key()
            skipSpaces()
            guard current == "=" else { throw problem("Mangler «=» etter «\(name)».", "Missing \"=\" after \"\(name)\".") }
            advance()
            skipSpaces()
            let value = try self.value(depth: 0)
            try expectLineEnd()
            let entry = Entry(value: value, line: keyLine)
            switch table {
            case nil:
                guard document.root[name] == nil else { throw problem("«\(name)» står to ganger.", "\"\(name)\" appears twice.", at: keyLine) }
                document.root[name] = entry
            case .some(-1):
                guard otherKeys.insert(name).inserted else { throw problem("«\(name)» står to ganger.", "\"\(name)\" appears twice.", at: keyLine) }
            case let index?:
                guard document.annotations[index].values[name] == nil else {
                    throw problem("«\(name)» står to ganger i samme [[annotations]].", "\"\(name)\" appears twice in one [[annotations]].", at: keyLine)
                }
                document.annotations[index].values[name] = entry
            }
        }
        return document
    }

    /// A bare key (letters, digits, `-`, `_`) or a quoted one; dotted keys are kept whole.
    private mutating func key() throws(ReuseTOML.Problem) -> String {
        var parts: [String] = []
        repeat {
            skipSpaces()
            if current == "\"" || current == "'" {
                guard case let .string(text) = try value(depth: 0) else { throw problem("Ugyldig nøkkel.", "Invalid key.") }
                parts.append(text)
            } else {
                var text = ""
                while let character = current, character.isASCII, character.isLetter || character.isNumber || character == "-" || character == "_" {
                    text.append(character)
                    advance()
                }
                guard !text.isEmpty else { throw problem("Forventet en nøkkel.", "Expected a key.") }
                parts.append(text)
            }
            skipSpaces()
            if current == "." { advance() } else { break }
        } while true
        return parts.joined(separator: ".")
    }

    private mutating func value(depth: Int) throws(ReuseTOML.Problem) -> Value {
        guard depth < 8 else { throw problem("Listene er nøstet for dypt.", "The lists nest too deeply.") }
        guard let character = current else { throw problem("Mangler en verdi.", "A value is missing.") }
        switch character {
        case "\"", "'":
            return .string(try string())
        case "[":
            advance()
            var values: [Value] = []
            while true {
                skipBlank()
                if current == "]" { advance(); break }
                values.append(try value(depth: depth + 1))
                skipBlank()
                if current == "," { advance(); continue }
                guard current == "]" else { throw problem("Mangler «,» eller «]» i lista.", "Missing \",\" or \"]\" in the list.") }
                advance()
                break
            }
            return .array(values)
        default:
            var text = ""
            while let next = current, !(next == " " || next == "\t" || next == "\n" || next == "," || next == "]" || next == "#") {
                text.append(next)
                advance()
            }
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            if let number = Int(text.replacingOccurrences(of: "_", with: "")) { return .integer(number) }
            throw problem("«\(text)» er ikke en verdi Allmenning kan lese her (tekst skrives i anførselstegn).",
                          "\"\(text)\" is not a value Allmenning can read here (write text in quotes).")
        }
    }

    private mutating func string() throws(ReuseTOML.Problem) -> String {
        let quote = current!
        let startLine = line
        let multiline = position + 2 < characters.count && characters[position + 1] == quote && characters[position + 2] == quote
        advance()
        if multiline {
            advance(); advance()
            if current == "\n" { advance() }
        } else if current == quote {
            advance()
            return ""
        }
        var text = ""
        while true {
            guard let character = current else {
                throw problem("Teksten som begynner på linje \(startLine), slutter aldri.", "The string that starts on line \(startLine) never ends.", at: startLine)
            }
            if character == quote {
                if !multiline { advance(); return text }
                if position + 2 < characters.count, characters[position + 1] == quote, characters[position + 2] == quote {
                    advance(); advance(); advance()
                    return text
                }
            }
            if character == "\n" && !multiline {
                throw problem("Teksten slutter ikke på samme linje.", "The string does not end on its line.")
            }
            if character == "\\" && quote == "\"" {
                advance()
                guard let escaped = current else { continue }
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "u", "U":
                    let count = escaped == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<count {
                        advance()
                        if let digit = current { hex.append(digit) }
                    }
                    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
                        throw problem("Ugyldig \\u-kode i teksten.", "Invalid \\u escape in the string.")
                    }
                    text.unicodeScalars.append(scalar)
                case "\n" where multiline:
                    // A line-ending backslash joins the lines.
                    while let next = current, next == "\n" || next == " " || next == "\t" { advance() }
                    continue
                default:
                    throw problem("Ugyldig «\\\(escaped)» i teksten.", "Invalid \"\\\(escaped)\" in the string.")
                }
                advance()
                continue
            }
            text.append(character)
            advance()
        }
    }
}
