import Foundation
import Yams

/// Turns the bytes of a resource.yaml into a YAML node tree, refusing what could hurt the
/// host (huge, binary, deeply nested or alias-expanding input) with a finding that says what
/// is wrong and what to do.
public enum ManifestSource {
    /// A manifest is a few kilobytes; anything this large is a mistake or an attack.
    public static let maximumSize = 1 << 20
    /// Far deeper than any manifest needs (they nest four levels), low enough that the
    /// recursive YAML composer stays well inside any thread's stack.
    public static let maximumNesting = 64

    public enum Problem: Error, Equatable, Sendable {
        case notAFile
        case unreadable(reason: String)
        case tooLarge(bytes: Int)
        case binary(line: Int)
        case invalidUTF8(line: Int, column: Int)
        case empty
        case tooDeep(line: Int)
        case anchor(line: Int, column: Int)
        case syntax(line: Int, column: Int, problem: String)
        case duplicateKey(line: Int, column: Int, key: String)
        case severalDocuments(line: Int)
    }

    /// The bytes of a manifest file. A file over the size limit is refused from its size
    /// alone, without reading it; folders, devices and pipes are refused before opening them.
    public static func read(_ url: URL) throws(Problem) -> Data {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else { throw .notAFile }
        let size = attributes?[.size] as? Int ?? 0
        guard size <= maximumSize else { throw .tooLarge(bytes: size) }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadable(reason: error.localizedDescription)
        }
    }

    public static func parse(_ data: Data) throws(Problem) -> Node {
        guard data.count <= maximumSize else { throw .tooLarge(bytes: data.count) }
        let bytes = [UInt8](data)
        if let nul = bytes.firstIndex(of: 0) { throw .binary(line: lineNumber(at: nul, in: bytes)) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(in: bytes)
            throw .invalidUTF8(line: line, column: column)
        }
        try scanStructure(bytes)
        let node: Node?
        do {
            let parser = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8)
            node = try parser.singleRoot()
        } catch let error as YamlError {
            throw problem(from: error)
        } catch {
            throw .syntax(line: 1, column: 1, problem: String(describing: error))
        }
        guard let node else { throw .empty }
        if case let .scalar(scalar) = node, scalar.style == .plain, scalar.string.isEmpty { throw .empty }
        return node
    }

    private static func problem(from error: YamlError) -> Problem {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _):
            let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            // For "while scanning a quoted scalar … found unexpected end of stream" the problem
            // is at the end of the file, but the place to fix is where the quote opened.
            if let start = context?.mark, start.line < mark.line {
                return .syntax(line: start.line, column: start.column, problem: text + " (noticed at line \(mark.line))")
            }
            return .syntax(line: mark.line, column: mark.column, problem: text)
        case let .composer(_, problem, mark, _):
            if problem.contains("another document") { return .severalDocuments(line: mark.line) }
            return .syntax(line: mark.line, column: mark.column, problem: problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .duplicateKey(line: context.mark.line, column: context.mark.column, key: duplicates.first ?? "")
        case let .reader(problem, _, _, _):
            return .syntax(line: 1, column: 1, problem: problem)
        default:
            return .syntax(line: 1, column: 1, problem: String(describing: error))
        }
    }

    /// One pass over the bytes before the YAML parser sees them: how deeply can this nest,
    /// and does it use anchors? Anchors and aliases are refused because an alias can make a
    /// small file expand to an enormous tree; manifests have no use for them.
    private static func scanStructure(_ bytes: [UInt8]) throws(Problem) {
        var line = 1
        var index = 0
        var indentStack: [Int] = []
        var flowDepth = 0
        while index < bytes.count {
            // Start of a line: measure indentation.
            var indent = 0
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { indent += 1; index += 1 }
            let lineStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            let content = bytes[lineStart..<index]
            let isBlank = content.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
            if !isBlank, content.first != UInt8(ascii: "#"), flowDepth == 0 {
                while let last = indentStack.last, last >= indent { indentStack.removeLast() }
                indentStack.append(indent)
            }
            var depth = indentStack.count + flowDepth
            var quote: UInt8? = nil
            var atNodeStart = true
            var position = content.startIndex
            while position < content.endIndex {
                let byte = content[position]
                if let open = quote {
                    if byte == open {
                        if open == UInt8(ascii: "'"), position + 1 < content.endIndex, content[position + 1] == open {
                            position += 1
                        } else {
                            quote = nil
                        }
                    } else if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") {
                        position += 1
                    }
                    position += 1
                    continue
                }
                switch byte {
                case UInt8(ascii: "#") where position == content.startIndex || content[position - 1] == UInt8(ascii: " ") || content[position - 1] == UInt8(ascii: "\t"):
                    position = content.endIndex
                    continue
                case UInt8(ascii: "'"), UInt8(ascii: "\""):
                    if atNodeStart { quote = byte }
                    atNodeStart = false
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flowDepth += 1
                    depth += 1
                    atNodeStart = true
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flowDepth = max(0, flowDepth - 1)
                    atNodeStart = false
                case UInt8(ascii: ","):
                    atNodeStart = flowDepth > 0
                case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                    let followedBySpace = position + 1 == content.endIndex || content[position + 1] == UInt8(ascii: " ")
                    if followedBySpace && (atNodeStart || byte == UInt8(ascii: ":")) {
                        if byte != UInt8(ascii: ":") { depth += 1 }
                        atNodeStart = true
                    } else {
                        atNodeStart = false
                    }
                case UInt8(ascii: "&"), UInt8(ascii: "*"):
                    if atNodeStart, position + 1 < content.endIndex, content[position + 1] != UInt8(ascii: " ") {
                        throw .anchor(line: line, column: position - content.startIndex + indent + 1)
                    }
                    atNodeStart = false
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    break
                default:
                    atNodeStart = false
                }
                if depth > maximumNesting { throw .tooDeep(line: line) }
                position += 1
            }
            if depth > maximumNesting { throw .tooDeep(line: line) }
            index += 1
            line += 1
        }
    }

    private static func lineNumber(at offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<offset].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    private static func firstInvalidUTF8(in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            let end = index + length
            if length == 0 || end > bytes.count || String(validating: bytes[index..<end], as: UTF8.self) == nil {
                let column = (String(validating: bytes[lineStart..<index], as: UTF8.self)?.count ?? (index - lineStart)) + 1
                return (line, column)
            }
            if byte == UInt8(ascii: "\n") { line += 1; lineStart = end }
            index = end
        }
        return (line, 1)
    }
}

extension ManifestSource {
    /// Where a top-level field's list items are in a manifest's text (item → line; the first
    /// occurrence wins), so that plugins can point a finding at the aim or path it is about.
    /// Empty when the text does not parse.
    public static func itemLines(of field: String, in text: String) -> [String: Int] {
        guard let root = try? parse(Data(text.utf8)), case let .mapping(mapping) = root,
              let value = mapping[Node(field)] else { return [:] }
        var lines: [String: Int] = [:]
        if case let .sequence(sequence) = value {
            for item in sequence {
                if case let .scalar(scalar) = item, let line = item.mark?.line, lines[scalar.string] == nil {
                    lines[scalar.string] = line
                }
            }
        }
        return lines
    }

    /// The line of a top-level field's key, nil when it is absent or the text does not parse.
    public static func fieldLine(_ field: String, in text: String) -> Int? {
        guard let root = try? parse(Data(text.utf8)), case let .mapping(mapping) = root else { return nil }
        return mapping.first { $0.key.string == field }?.key.mark?.line
    }
}
