import Foundation
import Yams

/// A path inside the resource that the manifest names (entry, files, captions, transcripts),
/// with where it is named, so the file check can point at the right line.
public struct FileReference: Sendable, Equatable {
    public var path: String
    public var field: String
    public var line: Int?
    public var column: Int?
}

public struct ManifestReading: Sendable {
    /// The manifest, when it has no errors.
    public var manifest: Manifest?
    public var findings: [Finding]
    public var references: [FileReference]
    /// As much of the manifest as could be read, also when some field has an error (a wrong
    /// aim code does not make the licence unknown to the plugins); nil when the required
    /// fields themselves could not be read.
    public var manifestAsRead: Manifest? = nil
}

/// Checks a resource.yaml: YAML syntax, fields and their types, controlled vocabularies,
/// language tags, levels, durations, licences and — when curricula are loaded — that aim codes
/// exist. Every finding names the file, line and column, and says what to write instead.
public struct ManifestValidator: Sendable {
    public static let pluginName = "manifest"
    public var curricula: CurriculumCatalogue?

    public init(curricula: CurriculumCatalogue? = nil) {
        self.curricula = curricula
    }

    /// - Parameter path: the manifest's path as the reader should see it in findings.
    public func validate(fileAt url: URL, path: String) -> ManifestReading {
        do {
            return validate(data: try ManifestSource.read(url), path: path)
        } catch {
            var walker = ManifestWalker(path: path, curricula: curricula)
            walker.report(sourceProblem: error)
            return ManifestReading(manifest: nil, findings: walker.findings, references: [])
        }
    }

    /// - Parameter path: the manifest's path as the reader should see it in findings.
    public func validate(data: Data, path: String) -> ManifestReading {
        var walker = ManifestWalker(path: path, curricula: curricula)
        let root: Node
        do {
            root = try ManifestSource.parse(data)
        } catch {
            walker.report(sourceProblem: error)
            return ManifestReading(manifest: nil, findings: walker.findings, references: [])
        }
        let manifest = walker.read(root: root)
        if walker.suppressedFindings > 0 {
            walker.findings.append(Finding(
                plugin: Self.pluginName, code: "manifest.too-many-findings", severity: .info,
                location: SourceLocation(path: path),
                message: LocalizedText(nb: "\(walker.suppressedFindings) funn til er ikke vist. Rett de første og sjekk igjen.",
                                       en: "\(walker.suppressedFindings) more findings are not shown. Fix the first ones and check again.")))
        }
        return ManifestReading(manifest: walker.findings.hasErrors ? nil : manifest,
                               findings: walker.findings, references: walker.references, manifestAsRead: manifest)
    }
}

/// One pass over the YAML tree. Each `read…` function checks one shape and returns the
/// value when it is right, or nil after reporting why it is not.
private struct ManifestWalker {
    let path: String
    let curricula: CurriculumCatalogue?
    var findings: [Finding] = []
    var references: [FileReference] = []

    init(path: String, curricula: CurriculumCatalogue?) {
        self.path = path
        self.curricula = curricula
    }

    // MARK: Reporting

    /// A manifest with more problems than this is not one to fix line by line; listing more
    /// would only make a hostile file expensive to check.
    static let maximumFindings = 100
    var suppressedFindings = 0

    var isFull: Bool { findings.count >= Self.maximumFindings }

    mutating func report(_ severity: Severity, _ code: String, at node: Node?, rule: String? = nil, _ message: LocalizedText) {
        guard !isFull else { suppressedFindings += 1; return }
        let mark = node?.mark
        findings.append(Finding(plugin: ManifestValidator.pluginName, code: code, rule: rule, severity: severity,
                                location: SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1),
                                message: message))
    }

    mutating func report(sourceProblem problem: ManifestSource.Problem) {
        func add(_ code: String, line: Int, column: Int?, _ message: LocalizedText) {
            findings.append(Finding(plugin: ManifestValidator.pluginName, code: code, severity: .error,
                                    location: SourceLocation(path: path, line: line, column: column), message: message))
        }
        switch problem {
        case .notAFile:
            add("manifest.not-a-file", line: 1, column: nil, LocalizedText(
                nb: "«\(path)» er ikke en vanlig fil (men en mappe, en enhet eller en rørledning). Et manifest er en tekstfil.",
                en: "\"\(path)\" is not a regular file (but a folder, a device or a pipe). A manifest is a text file."))
        case let .unreadable(reason):
            add("manifest.unreadable", line: 1, column: nil, LocalizedText(
                nb: "Kan ikke lese fila (\(reason)). Sjekk at du har lesetilgang.",
                en: "Cannot read the file (\(reason)). Check that you may read it."))
        case let .tooLarge(bytes):
            add("manifest.too-large", line: 1, column: nil, LocalizedText(
                nb: "Fila er \(bytes / 1024) kB. En resource.yaml er vanligvis under 10 kB, og Allmenning leser ikke filer over \(ManifestSource.maximumSize / 1024) kB. Sjekk at dette er riktig fil; legg innhold i egne filer og beskriv dem i manifestet.",
                en: "The file is \(bytes / 1024) kB. A resource.yaml is usually under 10 kB, and Allmenning does not read files over \(ManifestSource.maximumSize / 1024) kB. Check that this is the right file; keep content in files of its own and describe them in the manifest."))
        case let .binary(line):
            add("manifest.binary", line: line, column: nil, LocalizedText(
                nb: "Fila er ikke en tekstfil (den inneholder en NUL-byte på linje \(line)). resource.yaml må være tekst i YAML-format; lag den på nytt med `allmenning init` eller en teksteditor.",
                en: "The file is not a text file (it contains a NUL byte on line \(line)). resource.yaml must be YAML text; make it again with `allmenning init` or a text editor."))
        case let .invalidUTF8(line, column):
            add("manifest.encoding", line: line, column: column, LocalizedText(
                nb: "Fila er ikke lagret som UTF-8 (ugyldig tegn på linje \(line), kolonne \(column)). Lagre den som UTF-8 i editoren din (æ, ø og å blir ellers feil).",
                en: "The file is not saved as UTF-8 (invalid character at line \(line), column \(column)). Save it as UTF-8 in your editor (otherwise æ, ø and å break)."))
        case .empty:
            add("manifest.empty", line: 1, column: nil, LocalizedText(
                nb: "Fila er tom. En resource.yaml trenger minst manifest, id, title, language, kind og licence; `allmenning init` lager en.",
                en: "The file is empty. A resource.yaml needs at least manifest, id, title, language, kind and licence; `allmenning init` makes one."))
        case let .tooDeep(line):
            add("manifest.too-deep", line: line, column: nil, LocalizedText(
                nb: "YAML-en er nøstet dypere enn \(ManifestSource.maximumNesting) nivåer (linje \(line)). Et manifest trenger bare noen få nivåer; sjekk klammer og innrykk.",
                en: "The YAML nests deeper than \(ManifestSource.maximumNesting) levels (line \(line)). A manifest needs only a few levels; check brackets and indentation."))
        case let .anchor(line, column):
            add("manifest.anchor", line: line, column: column, LocalizedText(
                nb: "YAML-ankere og -alias (&navn og *navn) er ikke tillatt i resource.yaml. Skriv verdien ut der den skal stå (står & eller * først i en tekst, sett teksten i anførselstegn).",
                en: "YAML anchors and aliases (&name and *name) are not allowed in resource.yaml. Write the value out where it belongs (if a text starts with & or *, put it in quotes)."))
        case let .syntax(line, column, problem):
            add("manifest.yaml-syntax", line: line, column: column, LocalizedText(
                nb: "YAML-feil på linje \(line), kolonne \(column): \(problem). Sjekk innrykk (bruk mellomrom, ikke tab), kolon etter feltnavn og at anførselstegn og klammer er lukket.",
                en: "YAML error at line \(line), column \(column): \(problem). Check indentation (spaces, not tabs), the colon after each field name, and that quotes and brackets are closed."))
        case let .duplicateKey(line, column, key):
            add("manifest.duplicate-field", line: line, column: column, LocalizedText(
                nb: "Feltet «\(key)» står to ganger. Slå dem sammen til ett.",
                en: "The field \"\(key)\" appears twice. Merge them into one."))
        case let .severalDocuments(line):
            add("manifest.several-documents", line: line, column: nil, LocalizedText(
                nb: "Fila inneholder flere YAML-dokumenter (skilt med ---). En resource.yaml skal ha bare ett.",
                en: "The file holds several YAML documents (separated by ---). A resource.yaml must have only one."))
        }
    }

    mutating func wrongType(_ field: String, _ node: Node, expected: ManifestMessages.ValueKind, hint: LocalizedText? = nil) {
        report(.error, "manifest.wrong-type", at: node,
               ManifestMessages.wrongType(field: field, expected: expected, found: found(node), hint: hint))
    }

    func found(_ node: Node) -> ManifestMessages.FoundValue {
        switch node {
        case .scalar(let scalar): YAMLValue(scalar).found
        case .sequence: .list
        case .mapping: .group
        case .alias: .nothing
        }
    }

    // MARK: Shapes

    /// The fields of a mapping with their key nodes. Non-text keys are reported.
    mutating func fields(_ node: Node, _ field: String) -> [(name: String, key: Node, value: Node)]? {
        guard case let .mapping(mapping) = node else {
            wrongType(field, node, expected: .group)
            return nil
        }
        var result: [(String, Node, Node)] = []
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key, case let .string(name) = YAMLValue(scalar) else {
                report(.error, "manifest.wrong-type", at: key, LocalizedText(
                    nb: "Feltnavn i «\(field)» må være tekst; sett navnet i anførselstegn.",
                    en: "Field names in \"\(field)\" must be text; put the name in quotes."))
                continue
            }
            result.append((name, key, value))
        }
        return result
    }

    mutating func warnUnknown(_ name: String, key: Node, parent: String, known: [String]) {
        guard !isFull else { suppressedFindings += 1; return }
        let field = parent.isEmpty ? name : "\(parent).\(name)"
        report(.warning, "manifest.unknown-field", at: key,
               ManifestMessages.unknownField(field, suggestions: Suggestions.closest(to: name, among: known)))
    }

    mutating func text(_ node: Node, _ field: String, allowBlank: Bool = false) -> String? {
        guard case let .scalar(scalar) = node, case let .string(text) = YAMLValue(scalar) else {
            wrongType(field, node, expected: .text, hint: quoteHint(node))
            return nil
        }
        if text.isEmpty || (!allowBlank && text.allSatisfy(\.isWhitespace)) {
            report(.error, "manifest.empty-text", at: node, LocalizedText(
                nb: "«\(field)» er tom. Skriv en tekst, eller ta bort feltet.",
                en: "\"\(field)\" is empty. Write a text, or remove the field."))
            return nil
        }
        return text
    }

    func quoteHint(_ node: Node) -> LocalizedText? {
        guard case let .scalar(scalar) = node, scalar.style == .plain, !scalar.string.isEmpty else { return nil }
        return LocalizedText(nb: "Sett verdien i anførselstegn hvis den skal være tekst: \"\(scalar.string)\".",
                             en: "Put the value in quotes if it is meant as text: \"\(scalar.string)\".")
    }

    /// A list whose items are read by `item`; duplicates are errors (the schema's uniqueItems).
    mutating func list<T>(_ node: Node, _ field: String, minimum: Int = 1, unique: Bool = true,
                          item: (inout ManifestWalker, Node, String) -> T?) -> [T]? {
        guard case let .sequence(sequence) = node else {
            let hint: LocalizedText? = if case .scalar(let scalar) = node, !scalar.string.isEmpty {
                LocalizedText(nb: "Skriv det som en liste: [\(scalar.string)].", en: "Write it as a list: [\(scalar.string)].")
            } else { nil }
            wrongType(field, node, expected: .list, hint: hint)
            return nil
        }
        if sequence.count < minimum {
            report(.error, "manifest.empty-list", at: node, LocalizedText(
                nb: "Lista «\(field)» er tom. Skriv minst én verdi, eller ta bort feltet.",
                en: "The list \"\(field)\" is empty. Give at least one value, or remove the field."))
            return nil
        }
        var values: [T] = []
        var seen: Set<String> = []
        var failed = false
        for (index, element) in sequence.enumerated() {
            let itemField = "\(field)[\(index + 1)]"
            if unique, case let .scalar(scalar) = element {
                let identity = YAMLValue(scalar).identity
                if !seen.insert(identity).inserted {
                    report(.error, "manifest.duplicate-item", at: element, LocalizedText(
                        nb: "«\(scalar.string)» står to ganger i «\(field)». Ta bort den ene.",
                        en: "\"\(scalar.string)\" appears twice in \"\(field)\". Remove one of them."))
                    failed = true
                    continue
                }
            }
            if let value = item(&self, element, itemField) { values.append(value) } else { failed = true }
        }
        return failed ? nil : values
    }

    mutating func term(_ node: Node, _ field: String, in vocabulary: Vocabulary) -> String? {
        guard let value = text(node, field) else { return nil }
        guard vocabulary.contains(value) else {
            report(.error, "manifest.unknown-term", at: node, ManifestMessages.notInVocabulary(
                field: field, value: value, vocabulary: vocabulary, suggestions: vocabulary.suggestions(for: value)))
            return nil
        }
        return value
    }

    mutating func languageTag(_ node: Node, _ field: String) -> String? {
        guard let tag = text(node, field) else { return nil }
        switch LanguageTag.check(tag) {
        case nil:
            return tag
        case .notCanonical(let canonical):
            report(.error, "manifest.invalid-language-tag", at: node, LocalizedText(
                nb: "Språkkoden «\(tag)» skal skrives «\(canonical)» (språk med små, land med store bokstaver).",
                en: "The language tag \"\(tag)\" must be written \"\(canonical)\" (language in lower case, region in upper case)."))
        case .unknownLanguage(let primary):
            let suggestions = Suggestions.closest(to: primary, among: LanguageTag.primaryLanguages)
            report(.error, "manifest.invalid-language-tag", at: node, LocalizedText(
                nb: "«\(primary)» er ikke en kjent språkkode. Bruk ISO 639-koder: nb (bokmål), nn (nynorsk), se (nordsamisk), sv, da, en …",
                en: "\"\(primary)\" is not a known language code. Use ISO 639 codes: nb (Bokmål), nn (Nynorsk), se (Northern Sami), sv, da, en …")
                .appending(ManifestMessages.didYouMean(suggestions)))
        case .malformed:
            report(.error, "manifest.invalid-language-tag", at: node, LocalizedText(
                nb: "«\(tag)» er ikke en språkkode (BCP 47). Skriv for eksempel nb, nn, sv, da, en eller nb-NO.",
                en: "\"\(tag)\" is not a language tag (BCP 47). Write for example nb, nn, sv, da, en or nb-NO."))
        }
        return nil
    }

    mutating func languageMap(_ node: Node, _ field: String) -> LanguageMap? {
        guard case .mapping = node else {
            wrongType(field, node, expected: .languageMap,
                      hint: LocalizedText(nb: "Skriv for eksempel `\(field): { nb: … }`.", en: "Write for example `\(field): { en: … }`."))
            return nil
        }
        guard let entries = fields(node, field) else { return nil }
        if entries.isEmpty {
            report(.error, "manifest.empty-list", at: node, LocalizedText(
                nb: "«\(field)» har ingen tekst. Skriv minst ett språk, for eksempel `\(field): { nb: … }`.",
                en: "\"\(field)\" has no text. Give at least one language, for example `\(field): { en: … }`."))
            return nil
        }
        var result: LanguageMap = [:]
        var failed = false
        for entry in entries {
            let tag = languageTag(entry.key, "\(field) (\(entry.name))")
            let value = text(entry.value, "\(field).\(entry.name)")
            if let tag, let value { result[tag] = value } else { failed = true }
        }
        return failed ? nil : result
    }

    mutating func pattern(_ node: Node, _ field: String, matches check: (String) -> Bool,
                          code: String, explanation: LocalizedText) -> String? {
        guard let value = text(node, field) else { return nil }
        guard check(value) else {
            report(.error, code, at: node, LocalizedText(nb: "«\(value)» i «\(field)»: ", en: "\"\(value)\" in \"\(field)\": ")
                .joined(with: explanation))
            return nil
        }
        return value
    }

    mutating func relativePath(_ node: Node, _ field: String) -> String? {
        pattern(node, field, matches: Self.isRelativePath, code: "manifest.invalid-path", explanation: LocalizedText(
            nb: "Stien må gå til en fil inne i ressursen, med / mellom mapper, uten / først og uten «..», for eksempel media/bilde.png.",
            en: "The path must point to a file inside the resource, with / between folders, no leading / and no \"..\", for example media/picture.png."))
    }

    static func isRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\") else { return false }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).contains("..")
    }

    mutating func licence(_ node: Node, _ field: String) -> String? {
        guard let value = text(node, field) else { return nil }
        do {
            let expression = try LicenceExpression.parse(value)
            for written in expression.identifiers {
                let id = written.hasSuffix("+") ? String(written.dropLast()) : written
                if id.hasPrefix("LicenseRef-") {
                    report(.warning, "manifest.custom-licence", at: node, LocalizedText(
                        nb: "«\(id)» er en egen lisens, ikke en standardlisens. Andre kan ikke se hva den tillater; velg helst en Creative Commons-lisens som CC-BY-4.0 eller CC-BY-SA-4.0.",
                        en: "\"\(id)\" is a custom licence, not a standard one. Others cannot tell what it allows; prefer a Creative Commons licence such as CC-BY-4.0 or CC-BY-SA-4.0."))
                } else if let licence = SPDXLicenceList.licence(withID: id), licence.isDeprecated {
                    let replacement = SPDXLicenceList.replacement(forDeprecated: written)
                    report(.warning, "manifest.deprecated-licence", at: node, rule: id, LocalizedText(
                        nb: "Lisens-id-en «\(id)» er foreldet i SPDX-lista.", en: "The licence id \"\(id)\" is deprecated in the SPDX list.")
                        .appending(ManifestMessages.didYouMean(replacement.map { [$0] } ?? [])))
                }
            }
            return value
        } catch {
            let message = error.message
            report(.error, "manifest.invalid-licence", at: node,
                   LocalizedText(nb: "«\(field)»: ", en: "\"\(field)\": ").joined(with: message))
            return nil
        }
    }

    mutating func aim(_ node: Node, _ field: String) -> String? {
        pattern(node, field, matches: Self.isAimCode, code: "manifest.invalid-aim", explanation: LocalizedText(
            nb: "Et kompetansemål skrives som LK20-kode (KM og et tall, for eksempel KM3133) eller som en URI (https://…).",
            en: "A competence aim is written as an LK20 code (KM and a number, for example KM3133) or as a URI (https://…)."))
    }

    static func isAimCode(_ code: String) -> Bool {
        if code.hasPrefix("KM") { return code.count > 2 && code.dropFirst(2).allSatisfy { $0.isASCII && $0.isNumber } }
        return isWebAddress(code)
    }

    static func isWebAddress(_ text: String) -> Bool {
        (text.hasPrefix("http://") || text.hasPrefix("https://")) && text.count > (text.hasPrefix("https") ? 8 : 7)
            && !text.contains(where: \.isWhitespace)
    }

    static func isSubjectCode(_ code: String) -> Bool {
        if isWebAddress(code) { return true }
        let characters = Array(code)
        guard characters.count == 8, characters[5] == "-" else { return false }
        return characters[0..<3].allSatisfy { $0.isASCII && $0.isUppercase }
            && (characters[3...4] + characters[6...7]).allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isULID(_ id: String) -> Bool {
        let alphabet = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        guard id.count == 26, let first = id.first, ("0"..."7").contains(first) else { return false }
        return id.allSatisfy { alphabet.contains($0) }
    }

    // MARK: The manifest

    static let rootFields = ["manifest", "id", "title", "description", "keywords", "language", "kind", "type", "level",
                             "subjects", "aims", "prerequisites", "didactics", "authors", "licence", "derivedFrom",
                             "accessibility", "requires", "entry", "files"]
    static let requiredFields = ["manifest", "id", "title", "language", "kind", "licence"]

    mutating func read(root: Node) -> Manifest? {
        guard let entries = fields(root, path) else { return nil }
        var byName: [String: (key: Node, value: Node)] = [:]
        for entry in entries {
            if Self.rootFields.contains(entry.name) {
                byName[entry.name] = (entry.key, entry.value)
            } else {
                warnUnknown(entry.name, key: entry.key, parent: "", known: Self.rootFields)
            }
        }
        for field in Self.requiredFields where byName[field] == nil {
            report(.error, "manifest.missing-field", at: root, ManifestMessages.missingField(field))
        }
        func value(_ name: String) -> Node? { byName[name]?.value }

        let version = read(value("manifest")) { $0.formatVersion($1) }
        let id = read(value("id")) { walker, node in
            walker.pattern(node, "id", matches: Self.isULID, code: "manifest.invalid-id", explanation: LocalizedText(
                nb: "En id er 26 tegn (tall og store bokstaver uten I, L, O og U), laget av `allmenning init`. Ikke rediger den; kopier den riktige id-en.",
                en: "An id is 26 characters (digits and capital letters without I, L, O and U), made by `allmenning init`. Do not edit it; copy the right id."))
        }
        let title = read(value("title")) { $0.languageMap($1, "title") }
        let description = read(value("description")) { $0.languageMap($1, "description") }
        let keywords = read(value("keywords")) { $0.keywords($1) }
        let language = read(value("language")) { $0.list($1, "language") { $0.languageTag($1, $2) } }
        let kind = read(value("kind")) { $0.term($1, "kind", in: Vocabularies.resourceKind) }
        let type = read(value("type")) { $0.list($1, "type") { $0.term($1, $2, in: Vocabularies.resourceType) } }
        let level = read(value("level")) { $0.list($1, "level") { $0.level($1, $2) } }
        let subjects = read(value("subjects")) { $0.subjects($1) }
        let aims = read(value("aims")) { $0.aims($1, "aims", subjects: subjects ?? []) }
        let prerequisites = read(value("prerequisites")) { $0.aims($1, "prerequisites", subjects: subjects ?? []) }
        let didactics = read(value("didactics")) { $0.didactics($1) }
        let authors = read(value("authors")) { $0.list($1, "authors", unique: false) { $0.author($1, $2) } }
        let licence = read(value("licence")) { $0.licence($1, "licence") }
        let derivedFrom = read(value("derivedFrom")) { $0.list($1, "derivedFrom", unique: false) { $0.provenance($1, $2) } }
        let accessibility = read(value("accessibility")) { $0.accessibility($1) }
        let requires = read(value("requires")) { $0.requirements($1) }
        let entry = read(value("entry")) { walker, node -> String? in
            guard let path = walker.relativePath(node, "entry") else { return nil }
            walker.references.append(FileReference(path: path, field: "entry", line: node.mark?.line, column: node.mark?.column))
            return path
        }
        let files = read(value("files")) { $0.files($1) }

        if (aims ?? []) + (prerequisites ?? []) != [], curricula?.isEmpty ?? true, let node = value("aims") ?? value("prerequisites") {
            report(.warning, "manifest.aims-not-checked", at: node, LocalizedText(
                nb: "Ingen læreplanpakker er lastet, så kompetansemålene er ikke sjekket. Gi mappa med pakkene med --curricula, eller legg dem i datamappa (curricula/).",
                en: "No curriculum packs are loaded, so the competence aims were not checked. Give the folder of packs with --curricula, or put them in the data folder (curricula/)."))
        }
        guard let version, let id, let title, let language, let kind, let licence else { return nil }
        return Manifest(manifest: version, id: id, title: title, description: description, keywords: keywords,
                        language: language, kind: kind, type: type, level: level, subjects: subjects, aims: aims,
                        prerequisites: prerequisites, didactics: didactics, authors: authors, licence: licence,
                        derivedFrom: derivedFrom, accessibility: accessibility, requires: requires, entry: entry, files: files)
    }

    /// Reads an optional field: nil when it is absent, else what `body` makes of it.
    mutating func read<T>(_ node: Node?, _ body: (inout ManifestWalker, Node) -> T?) -> T? {
        guard let node else { return nil }
        return body(&self, node)
    }

    mutating func formatVersion(_ node: Node) -> Int? {
        guard case let .scalar(scalar) = node else {
            wrongType("manifest", node, expected: .wholeNumber)
            return nil
        }
        switch YAMLValue(scalar) {
        case .integer(1): return 1
        case .float(1): return 1
        case .integer, .float:
            report(.error, "manifest.unsupported-version", at: node, LocalizedText(
                nb: "Manifestformat \(scalar.string) finnes ikke; denne versjonen av Allmenning leser format 1. Skriv `manifest: 1`.",
                en: "Manifest format \(scalar.string) does not exist; this version of Allmenning reads format 1. Write `manifest: 1`."))
        default:
            wrongType("manifest", node, expected: .wholeNumber,
                      hint: LocalizedText(nb: "Skriv `manifest: 1` uten anførselstegn.", en: "Write `manifest: 1` without quotes."))
        }
        return nil
    }

    mutating func keywords(_ node: Node) -> [String: [String]]? {
        guard let entries = fields(node, "keywords") else { return nil }
        if entries.isEmpty {
            report(.error, "manifest.empty-list", at: node, LocalizedText(
                nb: "«keywords» er tom. Skriv søkeord per språk, for eksempel `keywords: { nb: [brøk] }`, eller ta bort feltet.",
                en: "\"keywords\" is empty. Give search words per language, for example `keywords: { en: [fractions] }`, or remove the field."))
            return nil
        }
        var result: [String: [String]] = [:]
        var failed = false
        for entry in entries {
            let tag = languageTag(entry.key, "keywords (\(entry.name))")
            let words = list(entry.value, "keywords.\(entry.name)") { $0.text($1, $2) }
            if let tag, let words { result[tag] = words } else { failed = true }
        }
        return failed ? nil : result
    }

    mutating func level(_ node: Node, _ field: String) -> String? {
        let explanation = LocalizedText(nb: "Årstrinn skrives 1 til 10, eller vg1, vg2, vg3 for videregående.",
                                        en: "School years are written 1 to 10, or vg1, vg2, vg3 for upper secondary.")
        guard case let .scalar(scalar) = node else {
            wrongType(field, node, expected: .schoolYear, hint: explanation)
            return nil
        }
        let value = YAMLValue(scalar)
        switch value {
        case .integer(let number) where (1...10).contains(number):
            return String(number)
        case .float(let number) where number.rounded() == number && (1...10).contains(number):
            return String(Int(number))
        case .string(let text) where Vocabularies.level.contains(text):
            return text
        default:
            let suggestions: [String] = if case .string(let text) = value { Vocabularies.level.suggestions(for: text) } else { [] }
            report(.error, "manifest.invalid-level", at: node,
                   LocalizedText(nb: "«\(scalar.string)» i «\(field)» er ikke et årstrinn.", en: "\"\(scalar.string)\" in \"\(field)\" is not a school year.")
                    .appending(explanation).appending(ManifestMessages.didYouMean(suggestions)))
            return nil
        }
    }

    mutating func subjects(_ node: Node) -> [String]? {
        list(node, "subjects") { walker, element, field in
            guard let code = walker.pattern(element, field, matches: Self.isSubjectCode, code: "manifest.invalid-subject",
                                            explanation: LocalizedText(
                                                nb: "Fag oppgis med læreplankode, tre store bokstaver, to sifre, bindestrek og to sifre, for eksempel MAT01-06 eller NOR01-07.",
                                                en: "Subjects are given by curriculum code: three capital letters, two digits, a dash and two digits, for example MAT01-06 or NOR01-07."))
            else { return nil }
            if let curricula = walker.curricula, !curricula.isEmpty, !Self.isWebAddress(code), curricula.curriculum(code) == nil {
                walker.report(.warning, "manifest.unknown-subject", at: element, LocalizedText(
                    nb: "Læreplanen «\(code)» finnes ikke i de installerte læreplanpakkene, så kompetansemålene kan ikke sjekkes mot den.",
                    en: "The curriculum \"\(code)\" is not in the installed curriculum packs, so aims cannot be checked against it."))
            }
            return code
        }
    }

    mutating func aims(_ node: Node, _ field: String, subjects: [String]) -> [String]? {
        list(node, field) { walker, element, itemField in
            guard let code = walker.aim(element, itemField) else { return nil }
            guard let curricula = walker.curricula, !curricula.isEmpty, code.hasPrefix("KM") else { return code }
            if curricula.aim(code) == nil {
                let closest = curricula.closestAimCodes(to: code, inCurricula: subjects)
                let described = closest.map { candidate -> String in
                    guard let aim = curricula.aim(candidate) else { return candidate }
                    let text = aim.text(preferring: ["nb", "nn", "en"])
                    return "\(candidate) (\(aim.curriculum): \(text.count > 60 ? String(text.prefix(57)) + "…" : text))"
                }
                walker.report(.error, "manifest.unknown-aim", at: element, LocalizedText(
                    nb: "Kompetansemålet «\(code)» finnes ikke i læreplanpakkene (\(curricula.aimCount) mål). Sjekk koden på udir.no, eller bruk `allmenning aims show KODE`.",
                    en: "The competence aim \"\(code)\" is not in the curriculum packs (\(curricula.aimCount) aims). Check the code at udir.no, or use `allmenning aims show CODE`.")
                    .appending(described.isEmpty ? LocalizedText(nb: "", en: "") :
                        LocalizedText(nb: "Nærmeste koder: \(described.joined(separator: "; ")).",
                                      en: "Closest codes: \(described.joined(separator: "; ")).")))
                return nil
            }
            return code
        }
    }

    mutating func didactics(_ node: Node) -> Manifest.Didactics? {
        guard let entries = fields(node, "didactics") else { return nil }
        var result = Manifest.Didactics()
        var failed = false
        for entry in entries {
            switch entry.name {
            case "grouping":
                result.grouping = list(entry.value, "didactics.grouping") { $0.term($1, $2, in: Vocabularies.grouping) }
                failed = failed || result.grouping == nil
            case "duration":
                result.duration = pattern(entry.value, "didactics.duration", matches: { ISO8601Duration($0) != nil },
                                          code: "manifest.invalid-duration", explanation: LocalizedText(
                                            nb: "Varighet skrives som ISO 8601: PT45M (45 minutter), PT1H30M (1 time 30 minutter), P2W (2 uker), P3D (3 dager).",
                                            en: "Durations are written in ISO 8601: PT45M (45 minutes), PT1H30M (1 hour 30 minutes), P2W (2 weeks), P3D (3 days)."))
                failed = failed || result.duration == nil
            default:
                warnUnknown(entry.name, key: entry.key, parent: "didactics", known: ["grouping", "duration"])
            }
        }
        return failed ? nil : result
    }

    mutating func author(_ node: Node, _ field: String) -> Manifest.Author? {
        guard let entries = fields(node, field) else { return nil }
        var author = Manifest.Author()
        var failed = false
        for entry in entries {
            switch entry.name {
            case "name": author.name = text(entry.value, "\(field).name"); failed = failed || author.name == nil
            case "pseudonym": author.pseudonym = text(entry.value, "\(field).pseudonym"); failed = failed || author.pseudonym == nil
            case "org": author.org = text(entry.value, "\(field).org"); failed = failed || author.org == nil
            case "role":
                author.role = term(entry.value, "\(field).role", in: Vocabularies.authorRole)
                failed = failed || author.role == nil
            default:
                warnUnknown(entry.name, key: entry.key, parent: field, known: ["name", "pseudonym", "role", "org"])
            }
        }
        let hasName = entries.contains { $0.name == "name" }
        let hasPseudonym = entries.contains { $0.name == "pseudonym" }
        if hasName == hasPseudonym {
            report(.error, "manifest.author-identity", at: node, hasName ? LocalizedText(
                nb: "«\(field)» har både name og pseudonym. Bruk ett av dem: name for lærere, pseudonym for elever.",
                en: "\"\(field)\" has both name and pseudonym. Use one: name for teachers, pseudonym for pupils.") : LocalizedText(
                nb: "«\(field)» mangler name eller pseudonym. Skriv name (lærere) eller pseudonym (elever, for eksempel «Elev 9B-3»).",
                en: "\"\(field)\" has neither name nor pseudonym. Give a name (teachers) or a pseudonym (pupils, for example \"Pupil 9B-3\")."))
            return nil
        }
        if author.role == "student", hasName {
            report(.warning, "manifest.student-named", at: node, LocalizedText(
                nb: "En elev står oppført med navn i «\(field)». Elever publiserer under pseudonym for å verne personvernet sitt; bruk `pseudonym:` i stedet for `name:`.",
                en: "A pupil is listed by name in \"\(field)\". Pupils publish under a pseudonym to protect their privacy; use `pseudonym:` instead of `name:`."))
        }
        return failed ? nil : author
    }

    mutating func provenance(_ node: Node, _ field: String) -> Manifest.Provenance? {
        guard let entries = fields(node, field) else { return nil }
        var id: String?, licence: String?, title: LanguageMap?, repository: String?, commit: String?
        var authors: [Manifest.Author]?
        var failed = false
        for entry in entries {
            let entryField = "\(field).\(entry.name)"
            switch entry.name {
            case "id":
                id = pattern(entry.value, entryField, matches: Self.isULID, code: "manifest.invalid-id", explanation: LocalizedText(
                    nb: "Dette er id-en til ressursen den er laget fra, og skrives av `allmenning fork`. Ikke rediger den.",
                    en: "This is the id of the resource it was made from, written by `allmenning fork`. Do not edit it."))
                failed = failed || id == nil
            case "licence": licence = self.licence(entry.value, entryField); failed = failed || licence == nil
            case "title": title = languageMap(entry.value, entryField); failed = failed || title == nil
            case "repository": repository = text(entry.value, entryField); failed = failed || repository == nil
            case "commit":
                commit = pattern(entry.value, entryField, matches: Self.isCommitID, code: "manifest.invalid-commit", explanation: LocalizedText(
                    nb: "En commit-id er 40 (eller 64) tegn 0–9 og a–f, skrevet av `allmenning fork`.",
                    en: "A commit id is 40 (or 64) characters 0–9 and a–f, written by `allmenning fork`."))
                failed = failed || commit == nil
            case "authors":
                // Kept as the source wrote them; only their shape is checked here.
                if case .sequence(let sequence) = entry.value {
                    var sourceAuthors: [Manifest.Author] = []
                    for (index, element) in sequence.enumerated() {
                        guard case .mapping = element else {
                            wrongType("\(entryField)[\(index + 1)]", element, expected: .group)
                            failed = true
                            continue
                        }
                        var author = Manifest.Author()
                        for sub in fields(element, "\(entryField)[\(index + 1)]") ?? [] {
                            guard case let .scalar(scalar) = sub.value, case let .string(value) = YAMLValue(scalar) else { continue }
                            switch sub.name {
                            case "name": author.name = value
                            case "pseudonym": author.pseudonym = value
                            case "role": author.role = value
                            case "org": author.org = value
                            default: break
                            }
                        }
                        sourceAuthors.append(author)
                    }
                    authors = sourceAuthors
                } else {
                    wrongType(entryField, entry.value, expected: .list)
                    failed = true
                }
            default:
                warnUnknown(entry.name, key: entry.key, parent: field, known: ["id", "repository", "commit", "licence", "title", "authors"])
            }
        }
        for required in ["id", "title", "licence"] where !entries.contains(where: { $0.name == required }) {
            report(.error, "manifest.missing-field", at: node, LocalizedText(
                nb: "«\(field)» mangler «\(required)». Opphavet skrives av `allmenning fork`; hent det fra ressursen den er laget fra.",
                en: "\"\(field)\" is missing \"\(required)\". Provenance is written by `allmenning fork`; take it from the resource it was made from."))
            failed = true
        }
        guard !failed, let id, let licence, let title else { return nil }
        return Manifest.Provenance(id: id, repository: repository, commit: commit, licence: licence, title: title, authors: authors)
    }

    static func isCommitID(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    mutating func accessibility(_ node: Node) -> Manifest.Accessibility? {
        guard let entries = fields(node, "accessibility") else { return nil }
        var result = Manifest.Accessibility()
        var failed = false
        for entry in entries {
            let field = "accessibility.\(entry.name)"
            switch entry.name {
            case "features":
                result.features = list(entry.value, field) { $0.term($1, $2, in: Vocabularies.accessibilityFeature) }
                failed = failed || result.features == nil
            case "hazards":
                result.hazards = list(entry.value, field) { $0.term($1, $2, in: Vocabularies.accessibilityHazard) }
                failed = failed || result.hazards == nil
            case "accessModes":
                result.accessModes = list(entry.value, field) { $0.term($1, $2, in: Vocabularies.accessMode) }
                failed = failed || result.accessModes == nil
            case "summary":
                result.summary = languageMap(entry.value, field)
                failed = failed || result.summary == nil
            default:
                warnUnknown(entry.name, key: entry.key, parent: "accessibility", known: ["features", "hazards", "accessModes", "summary"])
            }
        }
        return failed ? nil : result
    }

    mutating func requirements(_ node: Node) -> Manifest.Requirements? {
        guard let entries = fields(node, "requires") else { return nil }
        var result = Manifest.Requirements()
        var failed = false
        for entry in entries {
            let field = "requires.\(entry.name)"
            switch entry.name {
            case "devices", "software", "equipment":
                let values = list(entry.value, field, minimum: 0) { $0.text($1, $2, allowBlank: true) }
                failed = failed || values == nil
                switch entry.name {
                case "devices": result.devices = values
                case "software": result.software = values
                default: result.equipment = values
                }
            case "internet":
                if case let .scalar(scalar) = entry.value, case let .bool(value) = YAMLValue(scalar) {
                    result.internet = value
                } else {
                    wrongType(field, entry.value, expected: .yesNo)
                    failed = true
                }
            default:
                warnUnknown(entry.name, key: entry.key, parent: "requires", known: ["devices", "software", "equipment", "internet"])
            }
        }
        return failed ? nil : result
    }

    mutating func files(_ node: Node) -> [String: Manifest.FileMetadata]? {
        guard let entries = fields(node, "files") else { return nil }
        var result: [String: Manifest.FileMetadata] = [:]
        var failed = false
        for entry in entries {
            let field = "files.\(entry.name)"
            guard let path = relativePath(entry.key, "files (\(entry.name))") else { failed = true; continue }
            references.append(FileReference(path: path, field: "files", line: entry.key.mark?.line, column: entry.key.mark?.column))
            guard let properties = fields(entry.value, field) else { failed = true; continue }
            if properties.isEmpty {
                report(.error, "manifest.empty-list", at: entry.value, LocalizedText(
                    nb: "«\(field)» er tom. Skriv licence og attribution, eller captions/transcript, eller ta bort linja.",
                    en: "\"\(field)\" is empty. Give licence and attribution, or captions/transcript, or remove the line."))
                failed = true
                continue
            }
            var metadata = Manifest.FileMetadata()
            for property in properties {
                let propertyField = "\(field).\(property.name)"
                switch property.name {
                case "licence": metadata.licence = licence(property.value, propertyField); failed = failed || metadata.licence == nil
                case "attribution": metadata.attribution = text(property.value, propertyField); failed = failed || metadata.attribution == nil
                case "source":
                    metadata.source = pattern(property.value, propertyField, matches: Self.isWebAddress, code: "manifest.invalid-url",
                                              explanation: LocalizedText(nb: "Kilden skal være en nettadresse som begynner med https:// eller http://.",
                                                                         en: "The source must be a web address starting with https:// or http://."))
                    failed = failed || metadata.source == nil
                case "captions", "transcript":
                    let target = relativePath(property.value, propertyField)
                    if let target {
                        references.append(FileReference(path: target, field: propertyField, line: property.value.mark?.line,
                                                         column: property.value.mark?.column))
                    }
                    if property.name == "captions" { metadata.captions = target } else { metadata.transcript = target }
                    failed = failed || target == nil
                default:
                    warnUnknown(property.name, key: property.key, parent: field,
                                known: ["licence", "attribution", "source", "captions", "transcript"])
                }
            }
            result[path] = metadata
        }
        return failed ? nil : result
    }
}

extension LocalizedText {
    /// This text with another directly after it (no space added).
    func joined(with other: LocalizedText) -> LocalizedText {
        LocalizedText(nb: nb + other.nb, en: en + other.en)
    }
}
