import AllmenningCatalogue
import AllmenningCore
import Foundation

/// What the metadata formats (LOM, oai_dc) need to describe one live resource, and the
/// readings of the manifest both of them share. Schemas/oai-mapping.md has the mapping as
/// a table.
struct OAIRecordContent {
    var manifest: Manifest
    var version: HarvestedVersion
    var datestamp: Date
    /// oai:HOST:ID
    var identifier: String
    /// The resource's page on this server.
    var pageURL: String
    /// Sources in derivedFrom that this catalogue holds: id → their page here.
    var sourcePages: [String: String]
    var publisher: String
    var curricula: CurriculumCatalogue?

    /// The manifest's languages first, in its order, then the rest alphabetically: readers
    /// that take the first string get the resource's own language.
    func languageOrder(_ keys: some Sequence<String>) -> [String] {
        let keys = Set(keys)
        let declared = manifest.language.filter { keys.contains($0) }
        return declared + keys.subtracting(declared).sorted()
    }

    func texts(_ map: LanguageMap?) -> [(language: String, text: String)] {
        guard let map else { return [] }
        return languageOrder(map.keys).compactMap { language in
            guard let text = map[language]?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            return (language, text)
        }
    }

    // MARK: People

    /// A person or organisation as harvesters may show them. A student is shown by pseudonym
    /// only, even if a name slipped into the record; nil when there is nothing to show.
    static func displayName(_ author: Manifest.Author) -> String? {
        let candidates = author.role == "student" ? [author.pseudonym] : [author.name, author.pseudonym, author.org]
        return candidates.compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
    }

    /// Roles that make someone a creator of the work (Dublin Core's creator); the others
    /// (illustrator, translator, editor, narrator) contributed to it.
    static func isCreator(_ author: Manifest.Author) -> Bool {
        guard let role = author.role else { return true }
        return ["teacher", "student", "author"].contains(role)
    }

    // MARK: Licences

    /// Each SPDX id in the licence expression with the address of its legal text.
    static func licenceAddresses(_ expression: String) -> [(id: String, url: String)] {
        let identifiers = (try? LicenceExpression.parse(expression).identifiers) ?? [expression]
        return identifiers.map { ($0, ResourceScaffold.legalCodeURL(for: $0)) }
    }

    /// The licence, the files under licences of their own and the sources' licences, in words.
    var rightsText: LocalizedText {
        let addresses = Self.licenceAddresses(manifest.licence)
        var licences = addresses.map { "\($0.id) (\($0.url))" }.joined(separator: ", ")
        if addresses.map(\.id) != [manifest.licence] { licences = manifest.licence + ": " + licences }
        var nb = "Lisens: \(licences)."
        var en = "Licence: \(licences)."
        let files = (manifest.files ?? [:]).sorted { $0.key < $1.key }.compactMap { path, metadata -> String? in
            guard metadata.licence != nil || metadata.attribution != nil else { return nil }
            return ([path + ":", metadata.licence, metadata.attribution, metadata.source].compactMap { $0 }).joined(separator: " ")
        }
        if !files.isEmpty {
            nb += " Filer med egen lisens: " + files.joined(separator: "; ") + "."
            en += " Files under their own licence: " + files.joined(separator: "; ") + "."
        }
        for source in manifest.derivedFrom ?? [] {
            let title = LanguageMaps.text(source.title, preferring: manifest.language) ?? source.id
            let authors = (source.authors ?? []).compactMap(Self.displayName).joined(separator: ", ")
            nb += " Bygger på «\(title)»\(authors.isEmpty ? "" : " av \(authors)") (\(source.licence))."
            en += " Based on \"\(title)\"\(authors.isEmpty ? "" : " by \(authors)") (\(source.licence))."
        }
        return LocalizedText(nb: nb, en: en)
    }

    // MARK: Files

    /// The media type of the entry file, for the kinds of files resources are made of.
    var entryMediaType: String? {
        guard let entry = manifest.entry, let dot = entry.lastIndex(of: ".") else { return nil }
        return [
            "html": "text/html", "htm": "text/html", "xhtml": "application/xhtml+xml", "md": "text/markdown",
            "markdown": "text/markdown", "txt": "text/plain", "pdf": "application/pdf", "epub": "application/epub+zip",
            "odt": "application/vnd.oasis.opendocument.text", "odp": "application/vnd.oasis.opendocument.presentation",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav",
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml",
            "sb3": "application/x.scratch.sb3", "ipynb": "application/x-ipynb+json", "csv": "text/csv",
        ][entry[entry.index(after: dot)...].lowercased()]
    }

    /// The page of a source in derivedFrom: here when the catalogue holds it, else its
    /// repository when that is a web address (a local path says nothing to a harvester).
    func sourceAddress(_ source: Manifest.Provenance) -> String? {
        if let page = sourcePages[source.id] { return page }
        if let repository = source.repository, repository.hasPrefix("https://") || repository.hasPrefix("http://") { return repository }
        return nil
    }

    // MARK: School years

    /// The ages of pupils in the school years given: school starts in the year a child turns
    /// six, so pupils in year n turn n + 5 during it and are n + 5 to n + 6; Vg1–Vg3 follow
    /// year 10. "10-12" for years 5 and 6.
    var typicalAgeRange: String? {
        let years = (manifest.level ?? []).compactMap(Self.schoolYear)
        guard let first = years.min(), let last = years.max() else { return nil }
        return "\(first + 5)-\(last + 6)"
    }

    /// 1…10, and 11…13 for Vg1…Vg3.
    static func schoolYear(_ level: String) -> Int? {
        let level = level.lowercased()
        if level.hasPrefix("vg"), let year = Int(level.dropFirst(2)), (1...3).contains(year) { return 10 + year }
        if let year = Int(level), (1...10).contains(year) { return year }
        return nil
    }

    /// The stage of the Norwegian school a year belongs to: id and name.
    static func stage(ofYear year: Int) -> (id: String, names: LanguageMap) {
        switch year {
        case ...7: ("primary", ["nb": "Barnetrinnet", "nn": "Barnesteget", "en": "Primary school"])
        case 8...10: ("lower-secondary", ["nb": "Ungdomstrinnet", "nn": "Ungdomssteget", "en": "Lower secondary school"])
        default: ("upper-secondary", ["nb": "Videregående opplæring", "nn": "Vidaregåande opplæring", "en": "Upper secondary education"])
        }
    }

    static func yearNames(_ year: Int) -> LanguageMap {
        year <= 10 ? ["nb": "\(year). trinn", "nn": "\(year). trinn", "en": "Year \(year)"]
            : ["nb": "Vg\(year - 10)", "nn": "Vg\(year - 10)", "en": "Upper secondary year \(year - 10)"]
    }

    // MARK: Didactics

    var groupingText: LocalizedText? {
        guard let grouping = manifest.didactics?.grouping, !grouping.isEmpty else { return nil }
        let nb = ["individual": "individuelt", "pair": "i par", "group": "i grupper", "class": "i hel klasse"]
        let en = ["individual": "individually", "pair": "in pairs", "group": "in groups", "class": "as a whole class"]
        return LocalizedText(nb: "Arbeidsform: " + grouping.map { nb[$0] ?? $0 }.joined(separator: ", ") + ".",
                             en: "Grouping: " + grouping.map { en[$0] ?? $0 }.joined(separator: ", ") + ".")
    }

    var requirementsText: LocalizedText? {
        guard let requires = manifest.requires else { return nil }
        var nb: [String] = []
        var en: [String] = []
        if let devices = requires.devices, !devices.isEmpty {
            nb.append("Enheter: " + devices.joined(separator: ", "))
            en.append("Devices: " + devices.joined(separator: ", "))
        }
        if let software = requires.software, !software.isEmpty {
            nb.append("Programvare: " + software.joined(separator: ", "))
            en.append("Software: " + software.joined(separator: ", "))
        }
        if let equipment = requires.equipment, !equipment.isEmpty {
            nb.append("Utstyr: " + equipment.joined(separator: ", "))
            en.append("Equipment: " + equipment.joined(separator: ", "))
        }
        if let internet = requires.internet {
            nb.append(internet ? "Trenger internett" : "Trenger ikke internett")
            en.append(internet ? "Needs the internet" : "Works without the internet")
        }
        guard !nb.isEmpty else { return nil }
        return LocalizedText(nb: nb.joined(separator: ". ") + ".", en: en.joined(separator: ". ") + ".")
    }
}
