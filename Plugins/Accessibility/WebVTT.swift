import Foundation

/// A WebVTT caption or subtitle file, read the way browsers read it: the W3C "WebVTT: The Web
/// Video Text Tracks Format" parser algorithm (§ 6.1 file parsing, § 6.3 cue timings and
/// settings, "collect a WebVTT timestamp"). Only a wrong signature makes the whole file fail;
/// everything else a player recovers from: a block whose timing line does not parse is
/// dropped, an unknown setting is ignored. Those, and what the syntax section forbids but the
/// parser lets through (a cue that ends before it starts, cues out of order, "-->" in a NOTE),
/// are kept as problems with their line, because a dropped cue is a gap in the captions.
public struct WebVTT: Sendable, Equatable {
    public struct Cue: Sendable, Equatable {
        public var identifier: String
        /// Seconds from the start of the media.
        public var start: Double
        public var end: Double
        /// The settings that parsed, by name (`line`, `position`, `size`, `align`, `vertical`,
        /// `region`), with their values as written.
        public var settings: [String: String]
        /// The cue text as written, with its tags.
        public var text: String
        /// The line of the timing line (`00:01.000 --> 00:04.000`).
        public var line: Int

        /// The cue text without tags (`<v Anna>`, `<i>`, timestamps) and with the character
        /// references HTML authors use most decoded: what a pupil reads.
        public var plainText: String { WebVTT.plainText(of: text) }
    }

    /// Something the parser recovered from; players show the rest of the file.
    public struct Problem: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// The timing line does not parse: the whole cue is dropped.
            case invalidTimings(TimingFailure)
            /// The cue ends at or before its start: it is never shown.
            case endNotAfterStart
            /// The cue starts before the cue above it.
            case startBeforePrevious
            /// A setting with an unknown name or a value the parser ignores.
            case invalidSetting(String)
            /// A line with "-->" inside a block that cannot hold one (the header, a NOTE, a
            /// third line): the parser starts a new block there.
            case unexpectedArrow
            /// A cue right after the header without a blank line between them.
            case missingBlankLine
        }

        public var line: Int
        public var kind: Kind
    }

    /// Which part of a timing line does not parse.
    public enum TimingFailure: Error, Sendable, Equatable {
        /// The start time is not a WebVTT timestamp (`00:01.000`, `01:00:01.000`).
        case start
        /// "-->" does not follow the start time.
        case arrow
        /// The end time is not a WebVTT timestamp.
        case end
    }

    /// Why the file is not WebVTT at all: browsers show no captions from it.
    public struct ParseError: Error, Sendable, Equatable {
        public enum Reason: Sendable, Equatable {
            case empty
            /// It does not start with "WEBVTT" (after an optional byte order mark), or
            /// "WEBVTT" is followed by something other than a space, a tab or a line break.
            case missingSignature
        }

        public var line: Int
        public var reason: Reason
    }

    public var cues: [Cue]
    /// STYLE blocks before the first cue.
    public var styleSheets: Int
    /// REGION blocks before the first cue.
    public var regions: [String]
    public var problems: [Problem]

    // MARK: Parsing

    public static func parse(_ data: Data) -> Result<WebVTT, ParseError> {
        // UTF-8 decode: a leading byte order mark is dropped, invalid bytes become U+FFFD.
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    public static func parse(_ text: String) -> Result<WebVTT, ParseError> {
        var parser = Parser(normalising: text)
        return parser.run()
    }

    /// The parser works on the UTF-8 bytes of the normalised text: every character it looks at
    /// is ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character.
    private struct Parser {
        let input: [UInt8]
        var position = 0
        var seenCue = false
        var result = WebVTT(cues: [], styleSheets: 0, regions: [], problems: [])
        /// Byte offsets where each line starts, for line numbers.
        let lineStarts: [Int]

        init(normalising text: String) {
            // Step 1: NULL becomes U+FFFD; CRLF and lone CR become LF.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            var previousWasCR = false
            for byte in text.utf8 {
                switch byte {
                case 0x00: bytes += [0xEF, 0xBF, 0xBD]
                case 0x0D: bytes.append(0x0A)
                case 0x0A where previousWasCR: break
                default: bytes.append(byte)
                }
                previousWasCR = byte == 0x0D
            }
            input = bytes
            var starts = [0]
            for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
            lineStarts = starts
        }

        func lineNumber(at offset: Int) -> Int {
            var low = 0, high = lineStarts.count - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
            }
            return low + 1
        }

        var pastEnd: Bool { position >= input.count }

        mutating func run() -> Result<WebVTT, ParseError> {
            // Signature.
            if input.isEmpty { return .failure(ParseError(line: 1, reason: .empty)) }
            guard input.count >= 6, input[0..<6].elementsEqual("WEBVTT".utf8) else {
                return .failure(ParseError(line: 1, reason: .missingSignature))
            }
            if input.count > 6, ![0x20, 0x09, 0x0A].contains(input[6]) {
                return .failure(ParseError(line: 1, reason: .missingSignature))
            }
            _ = collect { $0 != 0x0A }
            if pastEnd { return .success(result) }
            position += 1
            if pastEnd { return .success(result) }
            // Header.
            if input[position] != 0x0A {
                if collectBlock(inHeader: true) == .arrow {
                    // The header stopped at a line with "-->": a cue follows the header
                    // without the blank line the syntax asks for; the parser reads it anyway.
                    result.problems.append(Problem(line: lineNumber(at: position), kind: .missingBlankLine))
                }
            } else {
                position += 1
            }
            _ = collect { $0 == 0x0A }
            // Block loop.
            while !pastEnd {
                _ = collectBlock(inHeader: false)
                _ = collect { $0 == 0x0A }
            }
            return .success(result)
        }

        mutating func collect(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
            let start = position
            while position < input.count, predicate(input[position]) { position += 1 }
            return input[start..<position]
        }

        enum BlockEnd { case blankLine, arrow, endOfFile }

        /// "Collect a WebVTT block": a cue, a STYLE or REGION block, or nothing (a NOTE, a
        /// dropped cue, the header). Says what ended it.
        mutating func collectBlock(inHeader: Bool) -> BlockEnd {
            var lineCount = 0
            var previousPosition = position
            var buffer = ""
            var seenArrow = false
            var cue: Cue?
            var isStyle = false
            var isRegion = false
            var end = BlockEnd.endOfFile
            loop: while true {
                let lineStart = position
                let line = collect { $0 != 0x0A }
                lineCount += 1
                let seenEOF = pastEnd
                if !seenEOF { position += 1 }
                if Self.containsArrow(line) {
                    if !inHeader, lineCount == 1 || (lineCount == 2 && !seenArrow) {
                        seenArrow = true
                        previousPosition = position
                        let number = lineNumber(at: lineStart)
                        switch Self.timings(String(decoding: line, as: UTF8.self)) {
                        case let .success((start, end, settings, problems)):
                            cue = Cue(identifier: buffer, start: start, end: end, settings: settings, text: "", line: number)
                            result.problems += problems.map { Problem(line: number, kind: .invalidSetting($0)) }
                            buffer = ""
                            seenCue = true
                        case let .failure(reason):
                            cue = nil
                            result.problems.append(Problem(line: number, kind: .invalidTimings(reason)))
                        }
                    } else {
                        // A NOTE or the text of a cue cannot hold "-->": the parser ends the
                        // block above this line and reads it again as a new block.
                        if !inHeader { result.problems.append(Problem(line: lineNumber(at: lineStart), kind: .unexpectedArrow)) }
                        position = previousPosition
                        end = .arrow
                        break loop
                    }
                } else if line.isEmpty {
                    end = .blankLine
                    break loop
                } else {
                    if !inHeader, lineCount == 2, !seenCue {
                        let trailing = { (name: String) in buffer.dropFirst(name.count).allSatisfy { $0.isASCII && $0.isWhitespace } }
                        if buffer.hasPrefix("STYLE"), trailing("STYLE") {
                            isStyle = true
                            buffer = ""
                        } else if buffer.hasPrefix("REGION"), trailing("REGION") {
                            isRegion = true
                            buffer = ""
                        }
                    }
                    if !buffer.isEmpty { buffer += "\n" }
                    buffer += String(decoding: line, as: UTF8.self)
                    previousPosition = position
                }
                if seenEOF { break loop }
            }
            if var cue {
                cue.text = buffer
                if cue.end <= cue.start {
                    result.problems.append(Problem(line: cue.line, kind: .endNotAfterStart))
                } else if let previous = result.cues.last, cue.start < previous.start {
                    result.problems.append(Problem(line: cue.line, kind: .startBeforePrevious))
                }
                result.cues.append(cue)
            } else if isStyle {
                result.styleSheets += 1
            } else if isRegion {
                result.regions.append(Self.regionIdentifier(buffer))
            }
            return end
        }

        static func containsArrow(_ line: ArraySlice<UInt8>) -> Bool {
            guard line.count >= 3 else { return false }
            var index = line.startIndex
            while index + 2 < line.endIndex {
                if line[index] == 0x2D, line[index + 1] == 0x2D, line[index + 2] == 0x3E { return true }
                index += 1
            }
            return false
        }

        static func regionIdentifier(_ settings: String) -> String {
            for token in settings.split(whereSeparator: { $0.isASCII && $0.isWhitespace }) where token.hasPrefix("id:") {
                return String(token.dropFirst(3))
            }
            return ""
        }

        /// "Collect WebVTT cue timings and settings": start, end, the settings that parsed,
        /// and the names of those that did not.
        static func timings(_ line: String) -> Result<(Double, Double, [String: String], [String]), TimingFailure> {
            var scanner = ByteScanner(Array(line.utf8))
            scanner.skipWhitespace()
            guard let start = scanner.timestamp() else { return .failure(.start) }
            scanner.skipWhitespace()
            guard scanner.take(0x2D), scanner.take(0x2D), scanner.take(0x3E) else { return .failure(.arrow) }
            scanner.skipWhitespace()
            guard let end = scanner.timestamp() else { return .failure(.end) }
            // The syntax asks for whitespace between the end time and the settings; the parser
            // splits the rest on whitespace, so "00:01.000 --> 00:02.000x" only loses "x".
            let (settings, rejected) = cueSettings(String(decoding: scanner.remainder, as: UTF8.self))
            return .success((start, end, settings, rejected))
        }

        /// "Parse the WebVTT cue settings": settings are name:value, split on whitespace;
        /// what does not fit is ignored by players (and reported here).
        static func cueSettings(_ text: String) -> ([String: String], [String]) {
            var settings: [String: String] = [:]
            var rejected: [String] = []
            for token in text.split(whereSeparator: { $0.isASCII && $0.isWhitespace }).map(String.init) {
                guard let colon = token.firstIndex(of: ":"), colon != token.startIndex, token.index(after: colon) != token.endIndex else {
                    rejected.append(token)
                    continue
                }
                let name = String(token[..<colon])
                let value = String(token[token.index(after: colon)...])
                if isValidSetting(name: name, value: value) { settings[name] = value } else { rejected.append(token) }
            }
            return (settings, rejected)
        }

        static func isValidSetting(name: String, value: String) -> Bool {
            let (first, second) = splitAtComma(value)
            switch name {
            case "region": return true
            case "vertical": return value == "rl" || value == "lr"
            case "line":
                guard first.contains(where: \.isASCIIDigit) else { return false }
                let number = first.hasSuffix("%") ? percentage(first) != nil : isLineNumber(first)
                return number && (second == nil || ["start", "center", "end"].contains(second!))
            case "position":
                return percentage(first) != nil && (second == nil || ["line-left", "center", "line-right"].contains(second!))
            case "size": return percentage(value) != nil
            case "align": return ["start", "center", "end", "left", "right"].contains(value)
            default: return false
            }
        }

        static func splitAtComma(_ value: String) -> (String, String?) {
            guard let comma = value.firstIndex(of: ",") else { return (value, nil) }
            return (String(value[..<comma]), String(value[value.index(after: comma)...]))
        }

        /// A line number: an optional leading minus, digits, at most one dot between digits.
        static func isLineNumber(_ text: String) -> Bool {
            let characters = Array(text)
            guard !characters.isEmpty, characters.allSatisfy({ $0 == "-" || $0 == "." || $0.isASCIIDigit }) else { return false }
            guard !characters.dropFirst().contains("-") else { return false }
            let dots = characters.indices.filter { characters[$0] == "." }
            guard dots.count <= 1 else { return false }
            if let dot = dots.first {
                guard dot > 0, dot < characters.count - 1, characters[dot - 1].isASCIIDigit, characters[dot + 1].isASCIIDigit else { return false }
            }
            return Double(text) != nil
        }

        /// "Parse a percentage string": digits, optionally a dot and digits, then "%"; 0…100.
        static func percentage(_ text: String) -> Double? {
            guard text.hasSuffix("%") else { return nil }
            let number = text.dropLast()
            let parts = number.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }), let value = Double(number),
                  value >= 0, value <= 100 else { return nil }
            return value
        }
    }

    // MARK: Cue text

    static func plainText(of text: String) -> String {
        var result = ""
        var inTag = false
        for character in text {
            if inTag {
                if character == ">" { inTag = false }
            } else if character == "<" {
                inTag = true
            } else {
                result.append(character)
            }
        }
        for (reference, character) in [("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u{A0}"), ("&lrm;", "\u{200E}"), ("&rlm;", "\u{200F}"), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: reference, with: character)
        }
        return result
    }
}

/// A cursor over the bytes of one line, for timestamps.
private struct ByteScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var remainder: ArraySlice<UInt8> { bytes[position...] }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0C, 0x0D].contains(bytes[position]) { position += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func digits() -> (count: Int, value: Int) {
        var count = 0, value = 0
        while position < bytes.count, (0x30...0x39).contains(bytes[position]) {
            // Saturate: an absurd hour count must not overflow.
            value = value > 1_000_000_000 ? value : value * 10 + Int(bytes[position] - 0x30)
            count += 1
            position += 1
        }
        return (count, value)
    }

    /// "Collect a WebVTT timestamp": `mm:ss.ttt` or `hh…:mm:ss.ttt`; minutes and seconds at
    /// most 59, milliseconds exactly three digits. Nil where the algorithm fails.
    mutating func timestamp() -> Double? {
        var hoursFirst = false
        guard position < bytes.count, (0x30...0x39).contains(bytes[position]) else { return nil }
        let first = digits()
        var value1 = first.value
        if first.count != 2 || value1 > 59 { hoursFirst = true }
        guard take(0x3A) else { return nil }
        let second = digits()
        guard second.count == 2 else { return nil }
        var value2 = second.value
        var value3: Int
        if hoursFirst || (position < bytes.count && bytes[position] == 0x3A) {
            guard take(0x3A) else { return nil }
            let third = digits()
            guard third.count == 2 else { return nil }
            value3 = third.value
        } else {
            value3 = value2
            value2 = value1
            value1 = 0
        }
        guard take(0x2E) else { return nil }
        let fraction = digits()
        guard fraction.count == 3 else { return nil }
        guard value2 <= 59, value3 <= 59 else { return nil }
        return Double(value1) * 3600 + Double(value2) * 60 + Double(value3) + Double(fraction.value) / 1000
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
