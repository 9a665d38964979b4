import Foundation

/// The REUSE tags found in one text: `SPDX-License-Identifier:` and copyright lines
/// (`SPDX-FileCopyrightText:`, `Copyright …`, `©`), with the line each stands on.
public struct ReuseTags: Sendable, Equatable {
    public struct Tag: Sendable, Equatable {
        public var value: String
        /// From 1, in the scanned text.
        public var line: Int

        public init(value: String, line: Int) {
            self.value = value
            self.line = line
        }
    }

    /// Each distinct licence expression once, in the order first met.
    public var licences: [Tag] = []
    public var copyrights: [Tag] = []
    /// The bytes looked binary (a NUL byte in the head), so they were not read for tags.
    public var isBinary = false
    /// Only the first `HeaderScanner.scanLimit` bytes were read.
    public var isTruncated = false
    /// More tags than `HeaderScanner.maximumTags`; the rest were not kept.
    public var hadTooManyTags = false

    public var isEmpty: Bool { licences.isEmpty && copyrights.isEmpty }

    mutating func append(_ value: String, line: Int, copyright: Bool) {
        guard licences.count + copyrights.count < HeaderScanner.maximumTags else {
            hadTooManyTags = true
            return
        }
        let tag = Tag(value: String(value.prefix(HeaderScanner.maximumValueLength)), line: line)
        if copyright { copyrights.append(tag) } else { licences.append(tag) }
    }
}

/// Reads REUSE tags the way the REUSE tool does (reuse 6.x, `extract.py`), in any comment
/// syntax: the tag may stand anywhere on a line, and what follows the value is cut off when it
/// closes a comment (`-->`, `*/`, `#}`, `--}}`, …) or repeats the comment's opening reversed
/// (`/* … */`). Text between `REUSE-IgnoreStart` and `REUSE-IgnoreEnd` is skipped.
///
/// Unlike the REUSE tool, which reads whole files, only the first `scanLimit` bytes are read
/// (cut back to the last complete line): headers stand at the top, and a 50 MB video or a
/// hostile file must cost no more than a small one. Bytes with a NUL in that head are binary
/// and are not read for tags; UTF-16 with a byte order mark is decoded; anything else is read
/// as UTF-8, invalid bytes replaced.
public enum HeaderScanner {
    public static let scanLimit = 32 * 1024
    /// Tags kept per file; real files have one to a handful.
    public static let maximumTags = 64
    /// Longer values are cut here (the expression parser refuses them as too complex anyway).
    public static let maximumValueLength = 1024

    public static func scan(_ data: Data) -> ReuseTags {
        var tags = ReuseTags()
        var head = data.prefix(scanLimit)
        if data.count > scanLimit {
            tags.isTruncated = true
            // A line cut in the middle could give a shortened expression: drop it.
            if let lastNewline = head.lastIndex(of: UInt8(ascii: "\n")) {
                head = head[head.startIndex...lastNewline]
            } else {
                head = head.prefix(0)
            }
        }
        guard let text = decode(Data(head)) else {
            tags.isBinary = true
            return tags
        }
        let filtered = removingIgnoredBlocks(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        var seenLicences = Set<String>()
        var seenCopyrights = Set<String>()
        var lineNumber = 0
        for line in filtered.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains("SPDX-") || line.contains("Copyright") || line.contains("©") else { continue }
            guard let tag = tag(in: String(line)) else { continue }
            switch tag {
            case let .copyright(value):
                if seenCopyrights.insert(value).inserted { tags.append(value, line: lineNumber, copyright: true) }
            case let .licence(value):
                if seenLicences.insert(value).inserted { tags.append(value, line: lineNumber, copyright: false) }
            }
        }
        return tags
    }


    /// nil for binary data.
    static func decode(_ data: Data) -> String? {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) { return String(data: data, encoding: .utf16LittleEndian).map { String($0.drop { $0 == "\u{FEFF}" }) } }
        if bytes.starts(with: [0xFE, 0xFF]) { return String(data: data, encoding: .utf16BigEndian).map { String($0.drop { $0 == "\u{FEFF}" }) } }
        if bytes.contains(0) { return nil }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    static let ignoreStart = "REUSE-IgnoreStart"
    static let ignoreEnd = "REUSE-IgnoreEnd"

    /// The text without what stands between the ignore markers (an unclosed block runs to the
    /// end); the newlines inside a block are kept so that line numbers stay right.
    static func removingIgnoredBlocks(_ text: String) -> String {
        guard text.contains(ignoreStart) else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: ignoreStart) {
            result += rest[..<start.lowerBound]
            let inside = rest[start.upperBound...]
            if let end = inside.range(of: ignoreEnd) {
                result += String(repeating: "\n", count: inside[..<end.lowerBound].filter { $0 == "\n" }.count)
                rest = inside[end.upperBound...]
            } else {
                result += String(repeating: "\n", count: inside.filter { $0 == "\n" }.count)
                rest = ""
            }
        }
        return result + rest
    }

    enum Tag: Equatable {
        case licence(String)
        case copyright(String)
    }

    /// The comment endings REUSE strips after a value (its comment styles' multi-line ends).
    static let commentEnds = ["--%>", "--}}", "-->", "*/", "*#", "#}", "=#", ":)", "*)", "-/", "'/", "}"]

    /// What one line says, read as REUSE reads it: the text before the first tag is the
    /// comment's opening, and that opening reversed is cut from the end of the line; a copyright
    /// notice wins over a licence on the same line.
    static func tag(in line: String) -> Tag? {
        guard let tagStart = firstTagStart(in: line) else { return nil }
        var text = Substring(line)
        let prefix = line[..<tagStart].trimmingCharacters(in: .whitespaces)
        let reversedPrefix = String(prefix.reversed())
        if !reversedPrefix.isEmpty, text.hasSuffix(reversedPrefix) { text = text.dropLast(reversedPrefix.count) }
        if let notice = copyrightNotice(in: text) { return .copyright(notice) }
        if let marker = text.range(of: "SPDX-License-Identifier:") {
            return .licence(valueBeforeCommentEnd(text[marker.upperBound...]))
        }
        return nil
    }

    /// Where the first `SPDX-…:`, `Copyright` or `©` begins.
    private static func firstTagStart(in line: String) -> String.Index? {
        var index = line.startIndex
        while index < line.endIndex {
            let rest = line[index...]
            if rest.hasPrefix("Copyright") || rest.hasPrefix("©") { return index }
            if rest.hasPrefix("SPDX-") {
                let word = rest.dropFirst(5).prefix { !$0.isWhitespace }
                if let colon = word.firstIndex(of: ":"), colon > word.startIndex { return index }
            }
            index = line.index(after: index)
        }
        return nil
    }

    /// REUSE's copyright notice: `SPDX-FileCopyrightText:` (or `SPDX-SnippetCopyrightText:`),
    /// `Copyright` followed by `©`, `(c)` or a space, or `©`.
    private static func copyrightNotice(in text: Substring) -> String? {
        for marker in ["SPDX-FileCopyrightText:", "SPDX-SnippetCopyrightText:"] {
            if let range = text.range(of: marker) { return valueBeforeCommentEnd(text[range.lowerBound...]) }
        }
        var search = text.startIndex
        while let range = text[search...].range(of: "Copyright") {
            let after = text[range.upperBound...]
            let trimmed = after.drop { $0.isWhitespace }
            if after.first?.isWhitespace == true || trimmed.hasPrefix("©") || trimmed.hasPrefix("(c)") || trimmed.hasPrefix("(C)") {
                return valueBeforeCommentEnd(text[range.lowerBound...])
            }
            search = range.upperBound
        }
        if let range = text.range(of: "©") { return valueBeforeCommentEnd(text[range.lowerBound...]) }
        return nil
    }

    /// The value with surrounding space and the comment endings after it removed, as REUSE's
    /// pattern `\s*(?:ends)*\s*$` does: trailing space, then endings written together, then space.
    static func valueBeforeCommentEnd(_ value: Substring) -> String {
        var text = value.drop { $0.isWhitespace }
        text = trimTrailingSpace(text)
        var changed = true
        while changed {
            changed = false
            for end in commentEnds where text.hasSuffix(end) {
                text = text.dropLast(end.count)
                changed = true
            }
            // `"\s*/*>`, `'\s*/*>` (a value in an attribute) and `]\s*::` (reStructuredText).
            if text.hasSuffix(">") {
                var candidate = text.dropLast()
                while let last = candidate.last, last == "/" || last.isWhitespace { candidate = candidate.dropLast() }
                if candidate.hasSuffix("\"") || candidate.hasSuffix("'") { text = candidate.dropLast(); changed = true }
            } else if text.hasSuffix("::") {
                var candidate = text.dropLast(2)
                while let last = candidate.last, last.isWhitespace { candidate = candidate.dropLast() }
                if candidate.hasSuffix("]") { text = candidate.dropLast(); changed = true }
            }
        }
        return String(trimTrailingSpace(text))
    }

    private static func trimTrailingSpace(_ text: Substring) -> Substring {
        var text = text
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
