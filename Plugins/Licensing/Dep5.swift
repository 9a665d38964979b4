import AllmenningCore
import Foundation

/// The legacy `.reuse/dep5` (REUSE Specification up to 3.2, still read by the REUSE tool): a
/// Debian copyright file whose `Files:` paragraphs give `Copyright:` and `License:` for path
/// globs (`*` any run of characters including `/`, `?` one character). The last paragraph
/// that matches a path wins; its information is aggregated with what the file itself says.
struct Dep5: Sendable, Equatable {
    struct Paragraph: Sendable, Equatable {
        var patterns: [String]
        var licence: String
        var copyrights: [String]
        var line: Int
        fileprivate var expressions: [[GlobToken]] = []
    }

    fileprivate enum GlobToken: Sendable, Equatable {
        case character(Character)
        case one
        case any
    }

    static let path = ".reuse/dep5"
    static let maximumSize = 256 * 1024

    var paragraphs: [Paragraph]

    func paragraph(for path: String) -> Paragraph? {
        paragraphs.last { paragraph in paragraph.expressions.contains { Self.matches($0, path) } }
    }

    struct Problem: Error, Equatable {
        var line: Int
        var message: LocalizedText
    }

    static func parse(_ data: Data) throws(Problem) -> Dep5 {
        guard data.count <= maximumSize, let text = String(data: data, encoding: .utf8) else {
            throw Problem(line: 1, message: LocalizedText(nb: "Fila er for stor eller ikke UTF-8.", en: "The file is too large or not UTF-8."))
        }
        // Paragraphs of "Field: value" lines; a line starting with a space continues the field.
        var paragraphs: [[(field: String, value: [String], line: Int)]] = [[]]
        var lineNumber = 0
        for rawLine in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(rawLine)
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !(paragraphs.last?.isEmpty ?? true) { paragraphs.append([]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            if line.first == " " || line.first == "\t" {
                guard !paragraphs[paragraphs.count - 1].isEmpty else {
                    throw Problem(line: lineNumber, message: LocalizedText(nb: "En fortsettelseslinje uten felt foran.", en: "A continuation line with no field before it."))
                }
                let continued = line.trimmingCharacters(in: .whitespaces)
                paragraphs[paragraphs.count - 1][paragraphs[paragraphs.count - 1].count - 1].value.append(continued == "." ? "" : continued)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw Problem(line: lineNumber, message: LocalizedText(nb: "Forventet «Felt: verdi».", en: "Expected \"Field: value\"."))
            }
            let field = String(line[..<colon]).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            paragraphs[paragraphs.count - 1].append((field, [value], lineNumber))
        }
        var result: [Paragraph] = []
        for fields in paragraphs.dropFirst() where !fields.isEmpty {
            guard let files = fields.first(where: { $0.field == "files" }) else { continue }
            guard let licence = fields.first(where: { $0.field == "license" }) else {
                throw Problem(line: files.line, message: LocalizedText(nb: "Avsnittet mangler «License:».", en: "The paragraph lacks \"License:\"."))
            }
            let patterns = files.value.joined(separator: " ").split(whereSeparator: { $0.isWhitespace }).map(String.init)
            let copyrights = fields.first(where: { $0.field == "copyright" })?.value.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
            var paragraph = Paragraph(patterns: patterns, licence: licence.value.first ?? "", copyrights: copyrights, line: files.line)
            paragraph.expressions = patterns.map(Self.tokens)
            result.append(paragraph)
        }
        return Dep5(paragraphs: result)
    }

    private static func tokens(_ pattern: String) -> [GlobToken] {
        var tokens: [GlobToken] = []
        var escaping = false
        for character in pattern {
            if escaping {
                tokens.append(.character(character))
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == "*" {
                tokens.append(.any)
            } else if character == "?" {
                tokens.append(.one)
            } else {
                tokens.append(.character(character))
            }
        }
        return tokens
    }

    private static func matches(_ tokens: [GlobToken], _ path: String) -> Bool {
        let characters = Array(path)
        var reachable = [Bool](repeating: false, count: characters.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: characters.count + 1)
            switch token {
            case let .character(expected):
                for index in 0..<characters.count where reachable[index] && characters[index] == expected { next[index + 1] = true }
            case .one:
                for index in 0..<characters.count where reachable[index] { next[index + 1] = true }
            case .any:
                var open = false
                for index in 0...characters.count {
                    if reachable[index] { open = true }
                    next[index] = open
                }
            }
            reachable = next
            if !reachable.contains(true) { return false }
        }
        return reachable[characters.count]
    }
}
