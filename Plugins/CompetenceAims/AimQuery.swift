import AllmenningCore
import Foundation

/// What the suggester reads about one resource: its text, field by field, each part in a
/// language, and the subjects and levels it declares (used by the filters).
public struct AimQuery: Sendable, Equatable {
    /// Where a piece of text comes from; the field decides its weight in the query.
    public enum Field: String, Sendable, CaseIterable, Codable {
        case title, keywords, description, headings, body
    }

    public struct Part: Sendable, Equatable {
        public var field: Field
        /// nil: guessed from the text (among `AimQuery.languages` when those are known).
        public var language: NordicLanguage?
        public var text: String

        public init(field: Field, language: NordicLanguage?, text: String) {
            self.field = field
            self.language = language
            self.text = text
        }
    }

    /// More text than this (all parts together) is not read: the first 200 000 characters of
    /// a resource say which aims it fits as well as a whole book would, and the cap bounds
    /// the time one resource can take.
    public static let maximumCharacters = 200_000

    public private(set) var parts: [Part] = []
    /// Curriculum codes (MAT01-06) the resource declares.
    public var subjects: [String]
    /// School years the resource declares: "1"…"10", "vg1"…"vg3".
    public var levels: [String]
    /// The resource's declared languages; a part without a language is guessed among these.
    public var languages: [NordicLanguage]
    private var characters = 0

    public init(subjects: [String] = [], levels: [String] = [], languages: [String] = []) {
        self.subjects = subjects
        self.levels = levels
        self.languages = languages.compactMap(NordicLanguage.init(tag:))
    }

    /// Free text (a passage, a pasted lesson), read as body text.
    public init(text: String, language: String? = nil, subjects: [String] = [], levels: [String] = []) {
        self.init(subjects: subjects, levels: levels, languages: language.map { [$0] } ?? [])
        add(text, field: .body, language: language)
    }

    /// Adds text; beyond `maximumCharacters` in all, the rest is dropped. A language tag
    /// the suggester has no analyser for (se, de, …) is treated as unknown and guessed.
    public mutating func add(_ text: String, field: Field, language: String? = nil) {
        let room = Self.maximumCharacters - characters
        guard room > 0, !text.isEmpty else { return }
        let kept = text.count > room ? String(text.prefix(room)) : text
        characters += kept.count
        parts.append(Part(field: field, language: language.flatMap(NordicLanguage.init(tag:)), text: kept))
    }

    /// The query for a resource: its manifest's title, description and keywords in every
    /// language they are given in, and the headings and body of its documents.
    public init(manifest: Manifest, documents: [ResourceDocument]) {
        self.init(subjects: manifest.subjects ?? [], levels: manifest.level ?? [], languages: manifest.language)
        for (language, text) in manifest.title.sorted(by: { $0.key < $1.key }) { add(text, field: .title, language: language) }
        for (language, text) in (manifest.description ?? [:]).sorted(by: { $0.key < $1.key }) {
            add(text, field: .description, language: language)
        }
        for (language, words) in (manifest.keywords ?? [:]).sorted(by: { $0.key < $1.key }) {
            add(words.joined(separator: ", "), field: .keywords, language: language)
        }
        add(documents)
    }

    /// The query for documents without a manifest (a folder of lessons, a single file): their
    /// headings and body, narrowed by what the caller declares.
    public init(documents: [ResourceDocument], subjects: [String] = [], levels: [String] = [], languages: [String] = []) {
        self.init(subjects: subjects, levels: levels, languages: languages)
        add(documents)
    }

    /// Adds documents' headings and body; in the resource's language when it declares only one.
    public mutating func add(_ documents: [ResourceDocument]) {
        let single = languages.count == 1 ? languages.first?.rawValue : nil
        for document in documents {
            let text = document.text()
            if !text.headings.isEmpty { add(text.headings.joined(separator: "\n"), field: .headings, language: single) }
            add(text.body, field: .body, language: single)
        }
    }

    /// The parts with a language each: declared, else guessed among the resource's
    /// languages, else among all five.
    func resolvedParts() -> [(field: Field, language: NordicLanguage, text: String)] {
        parts.map { part in
            if let language = part.language { return (part.field, language, part.text) }
            if languages.count == 1 { return (part.field, languages[0], part.text) }
            return (part.field, NordicLanguage.guess(part.text, among: languages), part.text)
        }
    }
}

/// One document of a resource, as bytes: HTML (`.html`, `.htm`, `.xhtml`) or Markdown
/// (`.md`, `.markdown`). Other files have no text for the suggester.
public struct ResourceDocument: Sendable, Equatable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }

    public var isReadable: Bool {
        ["html", "htm", "xhtml", "md", "markdown"].contains((path as NSString).pathExtension.lowercased())
    }

    /// Headings and body text. Markdown front matter (`---` … `---`) is dropped, but its
    /// `title:` counts as a heading; Kramdown/Pandoc attribute lists (`{.activity}`) are
    /// dropped from headings.
    public func text() -> (headings: [String], body: String) {
        let input = data.prefix(ResourceDocument.maximumBytes)
        switch (path as NSString).pathExtension.lowercased() {
        case "html", "htm", "xhtml":
            return (Self.htmlHeadings(String(decoding: input, as: UTF8.self)), DocumentText.fromHTML(Data(input)))
        case "md", "markdown":
            var source = String(decoding: input, as: UTF8.self)
            var headings: [String] = []
            if source.hasPrefix("---\n") || source.hasPrefix("---\r\n"),
               let end = source.range(of: "\n---", range: source.index(source.startIndex, offsetBy: 3)..<source.endIndex) {
                let frontMatter = source[source.startIndex..<end.lowerBound]
                for line in frontMatter.split(separator: "\n") where line.hasPrefix("title:") {
                    headings.append(line.dropFirst("title:".count).trimmingCharacters(in: CharacterSet(charactersIn: " \"'")))
                }
                let afterLine = source[end.upperBound...].firstIndex(of: "\n").map { source.index(after: $0) } ?? source.endIndex
                source = String(source[afterLine...])
            }
            source = Self.removingAttributeLists(source)
            for line in source.split(separator: "\n") where line.hasPrefix("#") {
                let heading = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
                if !heading.isEmpty { headings.append(heading) }
            }
            return (headings, DocumentText.fromMarkdown(Data(source.utf8)))
        default:
            return ([], "")
        }
    }

    /// A document larger than this is read only this far (the query caps text anyway).
    public static let maximumBytes = 4 << 20

    static func htmlHeadings(_ html: String) -> [String] {
        var headings: [String] = []
        var rest = html[...]
        while let open = rest.range(of: "<h", options: .caseInsensitive) {
            let after = rest[open.upperBound...]
            guard let level = after.first, ("1"..."6").contains(level),
                  let close = after.range(of: "</h\(level)", options: .caseInsensitive),
                  let tagEnd = after.firstIndex(of: ">"), tagEnd < close.lowerBound else {
                rest = after
                continue
            }
            let inner = after[after.index(after: tagEnd)..<close.lowerBound]
            let text = DocumentText.fromHTML(Data("<p>\(inner)</p>".utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { headings.append(text) }
            rest = after[close.upperBound...]
        }
        return headings
    }

    static func removingAttributeLists(_ markdown: String) -> String {
        guard markdown.contains("{") else { return markdown }
        var output = ""
        output.reserveCapacity(markdown.utf8.count)
        var rest = markdown[...]
        while let open = rest.range(of: "{") {
            output += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if let close = after.firstIndex(of: "}"), after[..<close].count < 60,
               let first = after.first, first == "." || first == "#" || first == ":" || (after[..<close].contains("=")) {
                rest = after[after.index(after: close)...]
            } else {
                output += "{"
                rest = after
            }
        }
        output += rest
        return output
    }
}
