import AllmenningCore
import Foundation

/// The Privacy plugin's detection engine: pure functions from a file's bytes to the personal
/// data found in them. The plugin host wraps this in the plugin protocol, maps kinds to
/// severities and caches results by (plugin, `version`, configuration, blob id).
///
/// Which scanner reads a file:
/// - images and phone videos, by their first bytes (whatever the name says): the metadata
///   (`ImageMetadataScanner`);
/// - HTML (`.html`, `.htm`, `.xhtml`) and Markdown (`.md`, `.markdown`): the source text with
///   line numbers, because everything in the file is published (comments, `alt` texts, `mailto:`
///   links, scripts), and then the readable text from `DocumentText`, which catches what only
///   shows after entities and tags are resolved (`kari&#64;skolen.no`,
///   `<b>010190</b> 12480`); such a match gets the line where its text occurs in the source, or
///   no line when it cannot be traced;
/// - any other file that is text (subtitles `.vtt`/`.srt`, `.txt`, `.csv`, `.json`, `.svg` …):
///   the text with line numbers. UTF-8 (with or without BOM), UTF-16 with a BOM, and otherwise
///   Windows-1252, which is what old subtitle files are;
/// - other binary files (PDF, office documents, audio) are not read yet.
public enum PrivacyScanner {
    /// Changes whenever a rule changes what it finds, so that cached results are not reused.
    public static let version = "1"

    public enum FileKind: String, Sendable, Equatable, CaseIterable {
        case plainText, html, markdown, image, unsupported
    }

    /// How `scan(path:data:)` will read the file.
    public static func fileKind(path: String, data: Data) -> FileKind {
        if ImageMetadataScanner.format(of: data) != nil { return .image }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let fileExtension = name.contains(".") ? String(name.split(separator: ".").last ?? "").lowercased() : ""
        switch fileExtension {
        case "html", "htm", "xhtml": return .html
        case "md", "markdown": return .markdown
        default: return looksLikeText(data) ? .plainText : .unsupported
        }
    }

    /// Every match in a file, in the order of the file (line, then column).
    public static func scan(path: String, data: Data) -> [PersonalDataMatch] {
        switch fileKind(path: path, data: data) {
        case .image: ImageMetadataScanner.scan(data)
        case .html: scanDocument(data, rendered: DocumentText.fromHTML)
        case .markdown: scanDocument(data, rendered: DocumentText.fromMarkdown)
        case .plainText: scanText(decodeText(data))
        case .unsupported: []
        }
    }

    /// Every match in a text, with lines and columns.
    public static func scanText(_ text: String) -> [PersonalDataMatch] {
        TextScanner.scan(text)
    }

    /// Personal data in the metadata of an image or video; nothing for other bytes.
    public static func scanImage(_ data: Data) -> [PersonalDataMatch] {
        ImageMetadataScanner.scan(data)
    }

    // MARK: - Documents

    private static func scanDocument(_ data: Data, rendered render: (Data) -> String) -> [PersonalDataMatch] {
        let source = decodeText(data)
        let sourceLines = lines(of: source)
        var matches = TextScanner.scan(source)
        var seen = Set(matches.compactMap { key(of: $0, in: sourceLines) })
        let renderedText = render(data)
        let renderedLines = lines(of: renderedText)
        for var match in TextScanner.scan(renderedText) {
            guard let key = key(of: match, in: renderedLines), seen.insert(key).inserted else { continue }
            let text = original(of: match, in: renderedLines) ?? []
            if let (line, column) = locate(text, in: sourceLines) {
                match.line = line
                match.column = column
            } else {
                match.line = nil
                match.column = nil
            }
            matches.append(match)
        }
        return matches.sorted { ($0.line ?? Int.max, $0.column ?? 0) < ($1.line ?? Int.max, $1.column ?? 0) }
    }

    /// What makes two matches the same datum: the kind and the digits, or the address.
    private static func key(of match: PersonalDataMatch, in lines: [[Unicode.Scalar]]) -> String? {
        guard let text = original(of: match, in: lines) else { return nil }
        let string = String(String.UnicodeScalarView(text))
        let normalised = match.kind == .email ? string.lowercased() : String(string.unicodeScalars.filter(\.isASCIIDigit).map(Character.init))
        return match.kind.rawValue + " " + normalised
    }

    private static func original(of match: PersonalDataMatch, in lines: [[Unicode.Scalar]]) -> ArraySlice<Unicode.Scalar>? {
        guard let line = match.line, let column = match.column, line >= 1, line <= lines.count else { return nil }
        let scalars = lines[line - 1]
        guard column >= 1, column - 1 + match.length <= scalars.count else { return nil }
        return scalars[(column - 1)..<(column - 1 + match.length)]
    }

    private static func locate(_ text: ArraySlice<Unicode.Scalar>, in lines: [[Unicode.Scalar]]) -> (Int, Int)? {
        guard !text.isEmpty else { return nil }
        let needle = Array(text)
        for (index, line) in lines.enumerated() {
            if let column = ImageMetadataScanner.firstIndex(of: needle, in: line, from: 0) { return (index + 1, column + 1) }
        }
        return nil
    }

    /// Lines split the way `TextScanner` splits them (LF, CRLF, CR).
    static func lines(of text: String) -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousWasCR { lines.append(current); current = [] }
                previousWasCR = false
            } else if scalar == "\r" {
                lines.append(current)
                current = []
                previousWasCR = true
            } else {
                current.append(scalar)
                previousWasCR = false
            }
        }
        lines.append(current)
        return lines
    }

    // MARK: - Text

    /// Text in UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252.
    public static func decodeText(_ data: Data) -> String {
        let head = [UInt8](data.prefix(3))
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: data.dropFirst(3), as: UTF8.self) }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            if let text = String(data: data, encoding: .utf16) { return text }
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        return String(data: data, encoding: .windowsCP1252) ?? String(data: data, encoding: .isoLatin1) ?? String(decoding: data, as: UTF8.self)
    }

    /// No NUL byte in the first 8 kB (or a UTF-16 byte-order mark), and not a known binary format.
    static func looksLikeText(_ data: Data) -> Bool {
        let head = [UInt8](data.prefix(8192))
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) { return true }
        if head.starts(with: Array("%PDF".utf8)) || head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return false }
        return !head.contains(0)
    }
}
