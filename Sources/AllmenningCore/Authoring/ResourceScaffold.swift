import Foundation

/// Creates a new resource in a folder: resource.yaml with a fresh id, an entry page, and a
/// LICENCE.md that names the licence and links to its legal text. Existing files are never
/// overwritten; each file is written to a temporary name and renamed into place.
public struct ResourceScaffold: Sendable {
    public var title: String
    public var language: String
    public var licence: String
    public var kind: String
    /// Who made it, for the manifest's credits. Pupils are credited under a pseudonym they
    /// choose, so `init` leaves them for the pupil to fill in.
    public var author: Manifest.Author?

    public init(title: String, language: String, licence: String, kind: String, author: Manifest.Author? = nil) {
        self.title = title
        self.language = language
        self.licence = licence
        self.kind = kind
        self.author = author
    }

    public struct Result: Sendable {
        public var id: String
        public var created: [String]
        public var kept: [String]
    }

    public enum ScaffoldError: Error, Sendable {
        case alreadyAResource(String)
        case invalid(LocalizedText)
        case cannotWrite(path: String, reason: String)
    }

    /// Checks the inputs by the same rules as the manifest check, before anything is written.
    public func check() throws(ScaffoldError) {
        if title.allSatisfy(\.isWhitespace) {
            throw .invalid(LocalizedText(nb: "Tittelen er tom. Gi ressursen en tittel med --title.",
                                         en: "The title is empty. Give the resource a title with --title."))
        }
        if let problem = LanguageTag.check(language) {
            let hint: String = if case let .notCanonical(canonical) = problem { " (\(canonical)?)" } else { "" }
            throw .invalid(LocalizedText(nb: "«\(language)» er ikke en språkkode\(hint). Bruk for eksempel nb, nn, se, sv, da eller en.",
                                         en: "\"\(language)\" is not a language tag\(hint). Use for example nb, nn, se, sv, da or en."))
        }
        if !Vocabularies.resourceKind.contains(kind) {
            throw .invalid(LocalizedText(nb: "«\(kind)» er ikke en gyldig kind. Bruk teacher, student eller organisation.",
                                         en: "\"\(kind)\" is not a valid kind. Use teacher, student or organisation."))
        }
        do {
            _ = try LicenceExpression.parse(licence)
        } catch {
            let suggestions: [String] = if case let .unknownLicence(_, suggestions) = error { suggestions } else { [] }
            throw .invalid(LocalizedText(nb: "«\(licence)» er ikke en SPDX-lisens. Bruk for eksempel CC-BY-4.0, CC-BY-SA-4.0 eller CC0-1.0.",
                                         en: "\"\(licence)\" is not an SPDX licence. Use for example CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0.")
                .appending(ManifestMessages.didYouMean(suggestions)))
        }
    }

    public func create(in folder: URL, id: String = ULID.make()) throws(ScaffoldError) -> Result {
        try check()
        let fileManager = FileManager.default
        let manifestURL = folder.appendingPathComponent(ResourceValidator.manifestFileName)
        if fileManager.fileExists(atPath: manifestURL.path) {
            throw .alreadyAResource(manifestURL.path)
        }
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: folder.path, reason: error.localizedDescription)
        }
        var created: [String] = []
        var kept: [String] = []
        let existingEntry = ["index.html", "index.md"].first { fileManager.fileExists(atPath: folder.appendingPathComponent($0).path) }
        let entry = existingEntry ?? "index.md"
        if let existingEntry { kept.append(existingEntry) } else {
            try write(entryPage(), to: folder.appendingPathComponent(entry))
            created.append(entry)
        }
        if fileManager.fileExists(atPath: folder.appendingPathComponent("LICENCE.md").path) {
            kept.append("LICENCE.md")
        } else {
            try write(licenceFile(), to: folder.appendingPathComponent("LICENCE.md"))
            created.append("LICENCE.md")
        }
        // The manifest last: a folder with a resource.yaml is a resource, so it appears only
        // when everything it names is in place.
        try write(manifest(id: id, entry: entry), to: manifestURL)
        created.insert(ResourceValidator.manifestFileName, at: 0)
        return Result(id: id, created: created, kept: kept)
    }

    func manifest(id: String, entry: String) -> String {
        let norwegian = ["nb", "nn", "no"].contains(language.prefix(2).lowercased())
        let comment: (String, String) -> String = { nb, en in norwegian ? nb : en }
        return """
        # \(comment("Manifestet til ressursen. Feltene er forklart i README.md til Allmenning.", "The resource's manifest. The fields are explained in Allmenning's README.md."))
        # \(comment("Sjekk det med: allmenning validate", "Check it with: allmenning validate"))
        manifest: 1
        id: \(id)   # \(comment("laget av allmenning init; ikke endre", "made by allmenning init; do not change"))
        title:
          \(language): \(yamlQuoted(title))
        language: [\(language)]
        kind: \(kind)   # teacher | student | organisation
        licence: \(yamlQuoted(licence))
        entry: \(entry)
        # \(comment("Fyll inn etter hvert:", "Fill in as you go:"))
        # description: { \(language): … }
        # type: [lesson]          # lesson, exercise, worksheet, assessment, video, …
        # level: [5, 6]           # \(comment("årstrinn 1–10, vg1–vg3", "school years 1–10, vg1–vg3"))
        # subjects: [MAT01-06]    # \(comment("læreplankoder", "curriculum codes"))
        # aims: [KM3133]          # \(comment("kompetansemål (LK20-koder)", "competence aims (LK20 codes)"))
        # didactics: { grouping: [pair, group], duration: PT45M }
        \(authorsBlock())
        """
    }

    private func authorsBlock() -> String {
        guard let author, author.name != nil || author.pseudonym != nil else {
            return "# authors:\n#   - { name: …, role: teacher, org: … }\n"
        }
        var fields: [String] = []
        if let name = author.name { fields.append("name: \(yamlQuoted(name))") }
        if let pseudonym = author.pseudonym { fields.append("pseudonym: \(yamlQuoted(pseudonym))") }
        if let role = author.role { fields.append("role: \(role)") }
        if let org = author.org { fields.append("org: \(yamlQuoted(org))") }
        return "authors:\n  - { \(fields.joined(separator: ", ")) }\n"
    }

    func entryPage() -> String {
        let norwegian = ["nb", "nn", "no"].contains(language.prefix(2).lowercased())
        return norwegian
            ? "# \(title)\n\nSkriv innholdet her: mål for timen, forklaringer, oppgaver og fasit.\n"
            : "# \(title)\n\nWrite the content here: what pupils will learn, explanations, exercises and answers.\n"
    }

    func licenceFile() -> String {
        let names = (try? LicenceExpression.parse(licence).identifiers) ?? [licence]
        var lines = ["# Licence / Lisens", "", "\(title)", "", "SPDX: `\(licence)`", ""]
        for id in names {
            let name = SPDXLicenceList.licence(withID: id)?.name ?? id
            lines.append("- \(name): \(Self.legalCodeURL(for: id))")
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    /// Where the legal text of a licence is published: Creative Commons' own pages for CC
    /// licences, the SPDX list for the rest.
    public static func legalCodeURL(for id: String) -> String {
        if id == "CC0-1.0" { return "https://creativecommons.org/publicdomain/zero/1.0/legalcode" }
        // CC-BY-SA-4.0, and ported versions such as CC-BY-3.0-NO.
        let parts = id.split(separator: "-").map { $0.lowercased() }
        if parts.first == "cc", let versionIndex = parts.firstIndex(where: { $0.contains(".") }), versionIndex >= 2 {
            let conditions = parts[1..<versionIndex].joined(separator: "-")
            let port = parts[(versionIndex + 1)...].joined(separator: "-")
            return "https://creativecommons.org/licenses/\(conditions)/\(parts[versionIndex])/\(port.isEmpty ? "" : port + "/")legalcode"
        }
        return "https://spdx.org/licenses/\(id).html"
    }

    private func yamlQuoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    private func write(_ text: String, to url: URL) throws(ScaffoldError) {
        do {
            try AtomicFile.write(Data(text.utf8), to: url)
        } catch {
            throw .cannotWrite(path: url.path, reason: error.localizedDescription)
        }
    }
}

/// Writes a file so that readers see either the old content or the new, never a half-written
/// file: the data goes to a temporary file in the same folder, which is then renamed.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
