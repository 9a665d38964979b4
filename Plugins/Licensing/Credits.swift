import AllmenningCore
import Foundation

/// The attribution a teacher must show when using a resource: the resource itself, each
/// source it was adapted from (`derivedFrom`) and each file by someone else, with title,
/// author, source and licence (TASL) as far as the resource tells them. Backs
/// `allmenning credits`; rendered in bokmål or English, as Markdown or plain text.
public struct Credits: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable {
        /// The resource itself.
        case resource
        /// A `derivedFrom` source.
        case source
        /// A file by someone else: a `files` entry with `attribution` or `source`, or a file whose
        /// own REUSE information gives it another licence than the resource's.
        case file
    }

    public struct Entry: Sendable, Equatable, Codable {
        public var kind: Kind
        /// The file, for `.file`.
        public var path: String?
        public var title: String?
        /// Names or pseudonyms (with the organisation in parentheses), or copyright notices.
        public var authors: [String]
        /// The credit line as the manifest writes it (`files.*.attribution`).
        public var attribution: String?
        /// Where the material is: a repository or a web address.
        public var source: String?
        public var commit: String?
        /// An SPDX expression; nil when none is known.
        public var licence: String?

        public init(kind: Kind, path: String? = nil, title: String? = nil, authors: [String] = [], attribution: String? = nil,
                    source: String? = nil, commit: String? = nil, licence: String? = nil) {
            self.kind = kind
            self.path = path
            self.title = title
            self.authors = authors
            self.attribution = attribution
            self.source = source
            self.commit = commit
            self.licence = licence
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The credits of the resource `manifest` describes. `licences` (from
    /// `FileLicences.detect`) adds files whose own REUSE information licenses them differently
    /// from the resource, and the licences and copyright notices found in files. Titles are
    /// taken in the first of `languages` they exist in.
    public init(manifest: Manifest, licences: [String: DetectedLicence] = [:], languages: [String] = ["nb", "nn", "en"]) {
        var entries: [Entry] = [Entry(kind: .resource, title: manifest.title(preferring: languages),
                                      authors: Self.names(manifest.authors), licence: manifest.licence)]
        for source in manifest.derivedFrom ?? [] {
            entries.append(Entry(kind: .source, title: LicensingCheck.title(of: source, languages: languages), authors: Self.names(source.authors),
                                 source: source.repository, commit: source.commit, licence: source.licence))
        }
        var credited = Set<String>()
        for (path, metadata) in (manifest.files ?? [:]).sorted(by: { $0.key < $1.key }) where metadata.attribution != nil || metadata.source != nil {
            let detected = licences[path]
            let licence = metadata.licence ?? detected.flatMap { $0.origin == .resource ? nil : $0.expression }
            entries.append(Entry(kind: .file, path: path, authors: detected?.copyrightNotices ?? [], attribution: metadata.attribution,
                                 source: metadata.source, licence: licence))
            credited.insert(path)
        }
        for (path, detected) in licences.sorted(by: { $0.key < $1.key }) where !credited.contains(path) {
            guard let expression = detected.expression, detected.origin != .resource, detected.origin != .manifest,
                  !LicensingCheck.sameLicence(expression, manifest.licence) else { continue }
            entries.append(Entry(kind: .file, path: path, authors: detected.copyrightNotices, licence: expression))
        }
        self.init(entries: entries)
    }

    /// Detects the files' licences and builds the credits.
    public init(manifest: Manifest, files: [(path: String, data: Data)], languages: [String] = ["nb", "nn", "en"]) {
        self.init(manifest: manifest, licences: FileLicences.detect(files: files, manifest: manifest), languages: languages)
    }

    /// Each person once, also when the manifest lists them in several roles (teacher and translator).
    private static func names(_ authors: [Manifest.Author]?) -> [String] {
        var names: [String] = []
        for author in authors ?? [] {
            guard let who = (author.name ?? author.pseudonym)?.trimmingCharacters(in: .whitespaces), !who.isEmpty else { continue }
            let name = author.org.map { "\(who) (\($0))" } ?? who
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    // MARK: Rendering

    public func markdown(in language: MessageLanguage) -> String {
        render(language, markdown: true)
    }

    public func plainText(in language: MessageLanguage) -> String {
        render(language, markdown: false)
    }

    private func render(_ language: MessageLanguage, markdown: Bool) -> String {
        let nb = language == .nb
        var lines: [String] = []
        func heading(_ text: String, level: Int) {
            if !lines.isEmpty { lines.append("") }
            lines.append(markdown ? String(repeating: "#", count: level) + " " + text : text)
            lines.append("")
        }
        heading(nb ? "Kreditering" : "Credits", level: 2)
        for entry in entries where entry.kind == .resource {
            lines.append(sentence(entry, language, markdown: markdown))
        }
        let sources = entries.filter { $0.kind == .source }
        if !sources.isEmpty {
            heading(nb ? "Bearbeidet fra" : "Adapted from", level: 3)
            lines += sources.map { "- " + sentence($0, language, markdown: markdown) }
        }
        let files = entries.filter { $0.kind == .file }
        if !files.isEmpty {
            heading(nb ? "Innhold fra andre" : "Material by others", level: 3)
            lines += files.map { "- " + sentence($0, language, markdown: markdown) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func sentence(_ entry: Entry, _ language: MessageLanguage, markdown: Bool) -> String {
        let nb = language == .nb
        let text = { (value: String) in markdown ? Self.escape(value) : value }
        var parts: [String] = []
        var lead = ""
        if let path = entry.path { lead = markdown ? "`\(path.replacingOccurrences(of: "`", with: "'"))`: " : "\(path): " }
        if let attribution = entry.attribution?.trimmingCharacters(in: .whitespacesAndNewlines), !attribution.isEmpty {
            lead += text(attribution)
        } else {
            var credit = ""
            if let title = entry.title, !title.isEmpty { credit = nb ? "«\(text(title))»" : "“\(text(title))”" }
            if !entry.authors.isEmpty {
                let names = Explanation.list(entry.authors.map(text), nb ? "og" : "and")
                credit += credit.isEmpty ? names : (nb ? " av " : " by ") + names
            }
            if credit.isEmpty { credit = nb ? "Ukjent opphav" : "Unknown author" }
            lead += credit
        }
        if let licence = entry.licence {
            let verb = entry.kind == .resource ? (nb ? " er lisensiert " : " is licensed ") : (nb ? ", lisensiert " : ", licensed ")
            parts.append(lead + verb + Self.licence(licence, language, markdown: markdown))
        } else {
            parts.append(lead + (nb ? " (lisensen er ikke oppgitt)" : " (the licence is not given)"))
        }
        if let source = entry.source?.trimmingCharacters(in: .whitespaces), !source.isEmpty {
            let shown = markdown && (source.hasPrefix("https://") || source.hasPrefix("http://")) ? "<\(source)>" : text(source)
            let commit = entry.commit.map { " (commit \($0.prefix(10)))" } ?? ""
            parts.append((nb ? "Kilde: " : "Source: ") + shown + commit)
        }
        return parts.joined(separator: ". ") + "."
    }

    /// "CC BY-SA 4.0" with a link to the deed, for each id in the expression.
    static func licence(_ expression: String, _ language: MessageLanguage, markdown: Bool) -> String {
        guard let parsed = try? LicenceExpression.parse(expression) else { return markdown ? escape(expression) : expression }
        func render(_ expression: LicenceExpression, top: Bool) -> String {
            switch expression {
            case let .licence(id, orLater):
                let name = label(id) + (orLater ? (language == .nb ? " eller senere" : " or later") : "")
                let url = deedURL(id)
                return markdown ? "[\(name)](\(url))" : "\(name) (\(url))"
            case let .reference(name):
                return markdown ? escape(name) : name
            case let .and(left, right):
                let text = render(left, top: false) + (language == .nb ? " og " : " and ") + render(right, top: false)
                return top ? text : "(\(text))"
            case let .or(left, right):
                let text = render(left, top: false) + (language == .nb ? " eller " : " or ") + render(right, top: false)
                return top ? text : "(\(text))"
            }
        }
        return render(parsed, top: true)
    }

    /// How Creative Commons writes its licences: "CC BY-NC-SA 4.0", "CC0 1.0"; the SPDX id for others.
    public static func label(_ id: String) -> String {
        if id == "CC0-1.0" { return "CC0 1.0" }
        if id == "CC-PDM-1.0" { return "Public Domain Mark 1.0" }
        let parts = id.split(separator: "-").map(String.init)
        guard parts.first == "CC", let versionIndex = parts.firstIndex(where: { $0.contains(".") }), versionIndex >= 2 else { return id }
        let port = parts[(versionIndex + 1)...].joined(separator: "-")
        return "CC " + parts[1..<versionIndex].joined(separator: "-") + " " + parts[versionIndex] + (port.isEmpty ? "" : " " + port)
    }

    /// The licence deed (the summary a person reads) for CC licences, else the legal text.
    public static func deedURL(_ id: String) -> String {
        let url = ResourceScaffold.legalCodeURL(for: id)
        return url.hasPrefix("https://creativecommons.org/") && url.hasSuffix("/legalcode") ? String(url.dropLast("legalcode".count)) : url
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>#|".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
