import AllmenningCore
import Foundation

/// What the Licensing plugin reports for one resource: its findings, and the licence it found
/// for each file (inferred metadata, kept apart from what the manifest declares).
public struct LicensingReport: Sendable {
    public var findings: [Finding]
    public var licences: [String: DetectedLicence]
}

/// The Licensing plugin's checks: licences per file and attribution. Pure functions of the
/// manifest and the files' bytes; no file system, no network.
public enum LicensingCheck {
    public static let plugin = "licensing"
    /// Changes when a rule changes, so cached results are not reused across versions.
    public static let version = "1"

    /// The stable codes of the findings (see `LicensingRules.all` for each rule's description
    /// and examples).
    public enum Code {
        /// A licence tag (header, sidecar, REUSE.toml, dep5) is not a valid SPDX expression (error).
        public static let invalidExpression = "licensing.invalid-expression"
        /// A licence tag names an id that is not on the SPDX list (error).
        public static let unknownLicence = "licensing.unknown-licence"
        /// A licence tag uses WITH, an exception Allmenning does not judge (warning).
        public static let licenceException = "licensing.licence-exception"
        /// A licence tag uses an id the SPDX list marks deprecated (warning).
        public static let deprecatedLicence = "licensing.deprecated-licence"
        /// A REUSE.toml cannot be read (error).
        public static let reuseTomlInvalid = "licensing.reuse-toml-invalid"
        /// `.reuse/dep5` cannot be read (error).
        public static let dep5Invalid = "licensing.dep5-invalid"
        /// Both REUSE.toml and `.reuse/dep5` exist (warning).
        public static let reuseConflict = "licensing.reuse-conflict"
        /// The manifest's `files` map and the file's own REUSE information disagree (warning).
        public static let declarationMismatch = "licensing.declaration-mismatch"
        /// No licence for a file, and no manifest whose licence could cover it (warning).
        public static let missingLicence = "licensing.missing-licence"
        /// In an adaptation, a file's licence and the resource's licence cannot be combined (error).
        public static let remixForbidden = "licensing.remix-forbidden"
        /// In an adaptation, a combination the chart permits but does not recommend (warning).
        public static let remixNotRecommended = "licensing.remix-not-recommended"
        /// In an adaptation, a combination with a licence outside Creative Commons (info).
        public static let remixUnchecked = "licensing.remix-unchecked"
        /// The resource's licence is not allowed for an adaptation of a `derivedFrom` source (error).
        public static let upstreamIncompatible = "licensing.upstream-incompatible"
        /// The resource's licence is permitted but not recommended for a `derivedFrom` source (warning).
        public static let upstreamNotRecommended = "licensing.upstream-not-recommended"
        /// Title, author, source or licence missing for third-party material under a CC BY licence (warning).
        public static let attributionIncomplete = "licensing.attribution-incomplete"
        /// A file's head has more licence and copyright tags than Allmenning reads (warning).
        public static let tooManyTags = "licensing.too-many-tags"
    }

    /// At most this many `missing-licence` findings, then one that counts the rest.
    public static let maximumMissingLicenceFindings = 20

    public static func check(manifest: Manifest?, files: [(path: String, data: Data)]) -> [Finding] {
        run(manifest: manifest, files: files).findings
    }

    public static func run(manifest: Manifest?, files: [(path: String, data: Data)]) -> LicensingReport {
        let scan = LicenceScan(files: files, manifest: manifest)
        var findings = scan.problems
        let manifestText = files.first { FileLicences.normalise($0.path) == ResourceValidator.manifestFileName }?.data
        let lines = ManifestLines(manifestText)
        let paths = scan.licences.keys.sorted()

        for source in scan.crowdedFiles.sorted() {
            findings.append(Finding(plugin: plugin, code: Code.tooManyTags, severity: .warning, location: SourceLocation(path: source),
                                    message: LocalizedText(nb: "Fila har flere enn \(HeaderScanner.maximumTags) lisens- og opphavsrettslinjer; Allmenning leser bare de første.",
                                                           en: "The file has more than \(HeaderScanner.maximumTags) licence and copyright lines; Allmenning reads only the first.")))
        }

        // 1. Each REUSE declaration must be a readable SPDX expression (once per place).
        var validated = Set<String>()
        for path in paths {
            for declaration in scan.licences[path]!.reuse {
                let key = "\(declaration.sourcePath)\u{0}\(declaration.line ?? 0)\u{0}\(declaration.expression)"
                guard validated.insert(key).inserted else { continue }
                findings += expressionFindings(declaration)
            }
        }

        // 2. The manifest's files map against what the files say themselves.
        for path in paths {
            let detected = scan.licences[path]!
            // An unreadable tag is reported as such above, not also as a disagreement.
            guard let declared = detected.manifest, !detected.reuse.isEmpty,
                  detected.reuse.allSatisfy({ (try? LicenceExpression.parse($0.expression)) != nil }),
                  let found = LicenceScan.combine(detected.reuse.map(\.expression)),
                  !sameLicence(declared.expression, found) else { continue }
            let places = detected.reuse.map { describe($0) }
            findings.append(Finding(plugin: plugin, code: Code.declarationMismatch, severity: .warning,
                                    location: SourceLocation(path: declared.sourcePath, line: declared.line),
                                    message: LocalizedText(
                                        nb: "Manifestet sier at «\(path)» er lisensiert \(declared.expression), men \(places.map(\.nb).joined(separator: " og ")) sier \(found). Allmenning, `fork` og katalogen bruker manifestet. Finn ut hvilken lisens som er riktig, og rett den andre.",
                                        en: "The manifest says \"\(path)\" is licensed \(declared.expression), but \(places.map(\.en).joined(separator: " and ")) says \(found). Allmenning, `fork` and the catalogue use the manifest. Find out which licence is right and correct the other.")))
        }

        // 3. No manifest: files without any licence.
        if manifest == nil {
            let unlicensed = paths.filter { scan.licences[$0]!.expression == nil }
            for path in unlicensed.prefix(maximumMissingLicenceFindings) {
                findings.append(Finding(plugin: plugin, code: Code.missingLicence, severity: .warning, location: SourceLocation(path: path),
                                        message: LocalizedText(
                                            nb: "Fila har ingen lisens: ingen SPDX-License-Identifier, ingen «\(path).license» og ingen REUSE.toml som nevner den, og ressursen har ikke noe gyldig manifest med en lisens som kan gjelde den.",
                                            en: "The file has no licence: no SPDX-License-Identifier, no \"\(path).license\" and no REUSE.toml naming it, and the resource has no valid manifest whose licence could cover it.")))
            }
            if unlicensed.count > maximumMissingLicenceFindings {
                findings.append(Finding(plugin: plugin, code: Code.missingLicence, severity: .warning, location: SourceLocation(path: "."),
                                        message: LocalizedText(nb: "… og \(unlicensed.count - maximumMissingLicenceFindings) filer til uten lisens.",
                                                               en: "… and \(unlicensed.count - maximumMissingLicenceFindings) more files without a licence.")))
            }
        }

        if let manifest {
            findings += combinationFindings(manifest: manifest, scan: scan, paths: paths, lines: lines)
            findings += attributionFindings(manifest: manifest, scan: scan, lines: lines)
        }
        return LicensingReport(findings: findings, licences: scan.licences)
    }

    // MARK: Expressions

    static func expressionFindings(_ declaration: LicenceDeclaration) -> [Finding] {
        let location = SourceLocation(path: declaration.sourcePath, line: declaration.line)
        let place = describe(declaration)
        do {
            let expression = try LicenceExpression.parse(declaration.expression)
            var findings: [Finding] = []
            for id in expression.identifiers {
                let base = id.hasSuffix("+") ? String(id.dropLast()) : id
                if let licence = SPDXLicenceList.licence(withID: base), licence.isDeprecated {
                    let replacement = SPDXLicenceList.replacement(forDeprecated: id)
                    findings.append(Finding(plugin: plugin, code: Code.deprecatedLicence, rule: base, severity: .warning, location: location,
                                            message: LocalizedText(nb: "Lisens-id-en «\(id)» i \(place.nb) er foreldet i SPDX-lista.",
                                                                   en: "The licence id \"\(id)\" in \(place.en) is deprecated in the SPDX list.")
                                                .appending(replacement.map { LocalizedText(nb: "Skriv «\($0)».", en: "Write \"\($0)\".") } ?? LocalizedText(nb: "", en: ""))))
                }
            }
            return findings
        } catch {
            // REUSE reads a tag to the end of its line: `<svg><!-- SPDX-License-Identifier: X --></svg>` gives "X --></svg>".
            let sameLine = ["-->", "*/", "</"].contains { declaration.expression.contains($0) }
                ? LocalizedText(nb: "SPDX-linja leses til slutten av linja, som i REUSE: sett kommentaren på en egen linje.",
                                en: "An SPDX line is read to the end of the line, as REUSE does: put the comment on a line of its own.")
                : nil
            switch error {
            case let .unknownLicence(token, _):
                return [Finding(plugin: plugin, code: Code.unknownLicence, rule: token, severity: .error, location: location,
                                message: LocalizedText(nb: "I \(place.nb):", en: "In \(place.en):").appending(sameLine ?? error.message))]
            case .exceptionsNotSupported:
                return [Finding(plugin: plugin, code: Code.licenceException, severity: .warning, location: location,
                                message: LocalizedText(
                                    nb: "«\(declaration.expression)» i \(place.nb) bruker et lisensunntak (WITH). Det hører til programvare; Allmenning vurderer ikke lisensen til fila.",
                                    en: "\"\(declaration.expression)\" in \(place.en) uses a licence exception (WITH). That belongs to software; Allmenning does not judge the file's licence."))]
            default:
                return [Finding(plugin: plugin, code: Code.invalidExpression, severity: .error, location: location,
                                message: LocalizedText(nb: "«\(declaration.expression)» i \(place.nb) er ikke et gyldig SPDX-lisensuttrykk.",
                                                       en: "\"\(declaration.expression)\" in \(place.en) is not a valid SPDX licence expression.")
                                    .appending(sameLine ?? error.message))]
            }
        }
    }

    /// "the header of x", "x.license", "REUSE.toml", … for messages.
    static func describe(_ declaration: LicenceDeclaration) -> LocalizedText {
        let line = declaration.line.map { ":\($0)" } ?? ""
        switch declaration.origin {
        case .fileHeader: return LocalizedText(nb: "SPDX-linja i «\(declaration.sourcePath)\(line)»", en: "the SPDX line in \"\(declaration.sourcePath)\(line)\"")
        case .sidecar: return LocalizedText(nb: "«\(declaration.sourcePath)»", en: "\"\(declaration.sourcePath)\"")
        case .reuseToml: return LocalizedText(nb: "«\(declaration.sourcePath)\(line)»", en: "\"\(declaration.sourcePath)\(line)\"")
        case .dep5: return LocalizedText(nb: "«.reuse/dep5\(line)»", en: "\".reuse/dep5\(line)\"")
        case .manifest, .resource: return LocalizedText(nb: "manifestet", en: "the manifest")
        }
    }

    /// Equal as licences: the same ids under the same operators, whatever the order of the
    /// parts of an AND or an OR and the parentheses.
    static func sameLicence(_ a: String, _ b: String) -> Bool {
        guard let left = try? LicenceExpression.parse(a), let right = try? LicenceExpression.parse(b) else {
            return a.split(whereSeparator: \.isWhitespace) == b.split(whereSeparator: \.isWhitespace)
        }
        return canonical(left) == canonical(right)
    }

    private static func canonical(_ expression: LicenceExpression) -> String {
        func flatten(_ expression: LicenceExpression, and: Bool) -> [LicenceExpression] {
            switch expression {
            case let .and(left, right) where and: flatten(left, and: true) + flatten(right, and: true)
            case let .or(left, right) where !and: flatten(left, and: false) + flatten(right, and: false)
            default: [expression]
            }
        }
        switch expression {
        case .licence, .reference: return expression.description
        case .and: return "(" + Set(flatten(expression, and: true).map(canonical)).sorted().joined(separator: " AND ") + ")"
        case .or: return "(" + Set(flatten(expression, and: false).map(canonical)).sorted().joined(separator: " OR ") + ")"
        }
    }

    // MARK: Combinations

    static func combinationFindings(manifest: Manifest, scan: LicenceScan, paths: [String], lines: ManifestLines) -> [Finding] {
        guard (try? LicenceExpression.parse(manifest.licence)) != nil else { return [] }
        var findings: [Finding] = []
        let isAdaptation = !(manifest.derivedFrom ?? []).isEmpty
        if isAdaptation {
            for path in paths {
                let detected = scan.licences[path]!
                guard let expression = detected.expression, detected.origin != .resource,
                      (try? LicenceExpression.parse(expression)) != nil else { continue }
                let declaration = detected.declarations[0]
                let location = SourceLocation(path: declaration.sourcePath, line: declaration.line)
                let intro = LocalizedText(
                    nb: "Ressursen er en bearbeiding lisensiert \(manifest.licence), og fila «\(path)» er lisensiert \(expression).",
                    en: "The resource is an adaptation licensed \(manifest.licence), and the file \"\(path)\" is licensed \(expression).")
                switch LicenceCombination.remix(material: expression, resource: manifest.licence) {
                case .fine: break
                case let .unchecked(why):
                    findings.append(Finding(plugin: plugin, code: Code.remixUnchecked, rule: expression, severity: .info, location: location, message: intro.appending(why)))
                case let .notRecommended(why):
                    findings.append(Finding(plugin: plugin, code: Code.remixNotRecommended, rule: expression, severity: .warning, location: location, message: intro.appending(why)))
                case let .forbidden(why):
                    findings.append(Finding(plugin: plugin, code: Code.remixForbidden, rule: expression, severity: .error, location: location, message: intro.appending(why)))
                }
            }
        }
        for source in manifest.derivedFrom ?? [] {
            guard (try? LicenceExpression.parse(source.licence)) != nil else { continue }
            let title = title(of: source)
            let location = SourceLocation(path: ResourceValidator.manifestFileName, line: lines.line(ofProvenance: source.id))
            let intro = LocalizedText(
                nb: "Ressursen er bearbeidet fra «\(title)» (\(source.licence)) og er selv lisensiert \(manifest.licence).",
                en: "The resource is adapted from \"\(title)\" (\(source.licence)) and is itself licensed \(manifest.licence).")
            switch LicenceCombination.adaptation(material: source.licence, adapter: manifest.licence) {
            case .fine: break
            case let .unchecked(why):
                findings.append(Finding(plugin: plugin, code: Code.remixUnchecked, rule: source.licence, severity: .info, location: location, message: intro.appending(why)))
            case let .notRecommended(why):
                findings.append(Finding(plugin: plugin, code: Code.upstreamNotRecommended, rule: source.licence, severity: .warning, location: location, message: intro.appending(why)))
            case let .forbidden(why):
                findings.append(Finding(plugin: plugin, code: Code.upstreamIncompatible, rule: source.licence, severity: .error, location: location,
                                        message: intro.appending(why).appending(LocalizedText(
                                            nb: "Endre `licence` i manifestet til en lisens originalen tillater.",
                                            en: "Change `licence` in the manifest to a licence the original allows."))))
            }
        }
        return findings
    }

    static func title(of source: Manifest.Provenance, languages: [String] = ["nb", "nn", "en"]) -> String {
        LanguageMaps.text(source.title, preferring: languages) ?? source.id
    }

    // MARK: Attribution (TASL)

    /// True when some licence in the expression asks for attribution: the CC licences with BY
    /// (any version, port or IGO).
    static func requiresAttribution(_ expression: String) -> Bool {
        guard let parsed = try? LicenceExpression.parse(expression) else { return false }
        return parsed.identifiers.contains { $0.hasPrefix("CC-BY") }
    }

    enum Part: CaseIterable {
        case title, author, source, licence

        var name: LocalizedText {
            switch self {
            case .title: LocalizedText(nb: "tittel", en: "title")
            case .author: LocalizedText(nb: "opphavsperson", en: "author")
            case .source: LocalizedText(nb: "kilde (lenke)", en: "source (a link)")
            case .licence: LocalizedText(nb: "lisens", en: "licence")
            }
        }
    }

    static func missingMessage(_ what: LocalizedText, _ missing: [Part], hint: LocalizedText) -> LocalizedText {
        let nb = Explanation.list(missing.map(\.name.nb), "og")
        let en = Explanation.list(missing.map(\.name.en), "and")
        return LocalizedText(nb: "Krediteringen av \(what.nb) mangler \(nb). Creative Commons-lisenser med navngivelse (BY) krever at den som bruker materialet, oppgir tittel, opphavsperson, kilde og lisens.",
                             en: "The credit for \(what.en) lacks \(en). Creative Commons licences with attribution (BY) require whoever uses the material to give the title, author, source and licence.")
            .appending(hint)
    }

    static func attributionFindings(manifest: Manifest, scan: LicenceScan, lines: ManifestLines) -> [Finding] {
        var findings: [Finding] = []
        for source in manifest.derivedFrom ?? [] where requiresAttribution(source.licence) {
            var missing: [Part] = []
            if source.title.values.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { missing.append(.title) }
            if !(source.authors ?? []).contains(where: { !($0.name ?? $0.pseudonym ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) { missing.append(.author) }
            if (source.repository ?? "").trimmingCharacters(in: .whitespaces).isEmpty { missing.append(.source) }
            guard !missing.isEmpty else { continue }
            let title = title(of: source)
            findings.append(Finding(plugin: plugin, code: Code.attributionIncomplete, severity: .warning,
                                    location: SourceLocation(path: ResourceValidator.manifestFileName, line: lines.line(ofProvenance: source.id)),
                                    message: missingMessage(LocalizedText(nb: "originalen «\(title)» (derivedFrom)", en: "the original \"\(title)\" (derivedFrom)"), missing,
                                                            hint: LocalizedText(nb: "Fyll inn title, authors og repository i derivedFrom-oppføringen; `fork` skriver dem når kilden har dem.",
                                                                                en: "Fill in title, authors and repository in the derivedFrom entry; `fork` writes them when the source has them."))))
        }
        for (path, metadata) in (manifest.files ?? [:]).sorted(by: { $0.key < $1.key }) where metadata.source != nil {
            let detected = scan.licences[path]
            let declared = detected.flatMap { $0.origin == .resource ? nil : $0.expression } ?? metadata.licence
            if let declared, !requiresAttribution(declared) { continue }
            let attribution = (metadata.attribution ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var missing: [Part] = []
            if !Self.hasQuotedTitle(attribution) { missing.append(.title) }
            if !Self.namesSomeone(attribution) && (detected?.copyrightNotices ?? []).isEmpty { missing.append(.author) }
            if (metadata.source ?? "").trimmingCharacters(in: .whitespaces).isEmpty { missing.append(.source) }
            if declared == nil { missing.append(.licence) }
            guard !missing.isEmpty else { continue }
            findings.append(Finding(plugin: plugin, code: Code.attributionIncomplete, severity: .warning,
                                    location: SourceLocation(path: ResourceValidator.manifestFileName, line: lines.line(ofFileEntry: path)),
                                    message: missingMessage(LocalizedText(nb: "«\(path)»", en: "\"\(path)\""), missing,
                                                            hint: LocalizedText(nb: "Skriv for eksempel `attribution: \"«Vulkan» av Kari Nordmann\"`, `source: https://…` og `licence: CC-BY-4.0` under fila i `files`.",
                                                                                en: "Write for example `attribution: \"'Volcano' by Kari Nordmann\"`, `source: https://…` and `licence: CC-BY-4.0` under the file in `files`."))))
        }
        return findings
    }

    /// A title is written in quotes in the credit line: «…», "…", “…”, ‘…’ or '…'.
    static func hasQuotedTitle(_ text: String) -> Bool {
        for (open, close) in [("«", "»"), ("\"", "\""), ("“", "”"), ("‘", "’"), ("'", "'"), ("„", "“")] {
            if let start = text.range(of: open), let end = text.range(of: close, range: start.upperBound..<text.endIndex),
               !text[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespaces).isEmpty { return true }
        }
        return false
    }

    /// The credit line names someone: letters left once quoted titles, links, licence names and
    /// label words ("Foto:", "by", "av", "CC BY 4.0") are taken out.
    static func namesSomeone(_ text: String) -> Bool {
        var rest = text
        for (open, close) in [("«", "»"), ("\"", "\""), ("“", "”"), ("‘", "’"), ("„", "“")] {
            while let start = rest.range(of: open), let end = rest.range(of: close, range: start.upperBound..<rest.endIndex) {
                rest.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        let ignored: Set<String> = ["foto", "photo", "bilde", "image", "illustrasjon", "illustration", "video", "lyd", "audio", "kart", "map",
                                    "av", "by", "fra", "from", "via", "cc", "by-sa", "by-nc", "by-nd", "by-nc-sa", "by-nc-nd", "lisens", "licence",
                                    "license", "licensed", "lisensiert", "under", "kilde", "source", "og", "and", "public", "domain", "cc0"]
        let words = rest.split { $0.isWhitespace || ",;:()[]/|—–".contains($0) }.map { $0.lowercased() }
        return words.contains { word in
            !word.hasPrefix("http") && !word.contains(".") && !ignored.contains(word) && word.contains { $0.isLetter }
        }
    }
}
