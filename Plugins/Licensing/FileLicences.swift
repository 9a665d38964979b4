import AllmenningCore
import Foundation

/// Where a file's licence was declared.
public enum LicenceOrigin: String, Sendable, Equatable, Codable, CaseIterable {
    /// An `SPDX-License-Identifier:` tag in the file itself (any comment syntax).
    case fileHeader = "file-header"
    /// A `FILE.license` sidecar next to the file (REUSE calls it "dot-license").
    case sidecar = "dot-license"
    /// An `[[annotations]]` table of a REUSE.toml in the file's folder or above.
    case reuseToml = "reuse-toml"
    /// A `Files:` paragraph of the legacy `.reuse/dep5`.
    case dep5
    /// The manifest's `files` map (`files: { path: { licence: … } }`).
    case manifest
    /// Nothing names the file: the resource's own `licence` covers it.
    case resource
}

/// One licence expression declared for a file, as written, and where.
public struct LicenceDeclaration: Sendable, Equatable, Codable {
    public var expression: String
    public var origin: LicenceOrigin
    /// The file the declaration stands in: the file itself, its `.license`, a REUSE.toml,
    /// `.reuse/dep5` or `resource.yaml`.
    public var sourcePath: String
    /// From 1; nil when unknown.
    public var line: Int?

    public init(expression: String, origin: LicenceOrigin, sourcePath: String, line: Int?) {
        self.expression = expression
        self.origin = origin
        self.sourcePath = sourcePath
        self.line = line
    }
}

/// The licence of one file and how Allmenning found it.
public struct DetectedLicence: Sendable, Equatable, Codable {
    public var path: String
    /// The licence that applies to the file, as Allmenning reads it: the declarations joined with
    /// AND when there are several (REUSE allows several tags); nil when nothing declares one and
    /// there is no manifest to fall back on.
    public var expression: String?
    /// Where `expression` comes from (of its first declaration); nil with `expression`.
    public var origin: LicenceOrigin?
    /// The declarations that make up `expression`.
    public var declarations: [LicenceDeclaration]
    /// What the REUSE tool finds for the file (REUSE Specification 3.3 precedence: headers,
    /// sidecar, REUSE.toml, dep5; never the manifest). Empty when REUSE finds no licence.
    public var reuse: [LicenceDeclaration]
    /// The manifest's `files` entry's licence, when it has one.
    public var manifest: LicenceDeclaration?
    /// `SPDX-FileCopyrightText:` and copyright lines from the same sources as `reuse`.
    public var copyrightNotices: [String]
}

/// Finds each file's licence.
///
/// Precedence, from strongest:
/// 1. The manifest's `files` map. It is Allmenning's own declaration, the one `fork`'s licence
///    gate, the catalogue and `allmenning credits` act on, so for Allmenning it works like a
///    REUSE.toml annotation at the root with `precedence = "override"`. When REUSE's sources
///    say something else for the same file, the check warns (`licensing.declaration-mismatch`).
/// 2. What the REUSE Specification 3.3 finds, exactly as the REUSE tool (6.x) resolves it:
///    - REUSE.toml annotations with `precedence = "override"`: the file is not read; the
///      outermost REUSE.toml with an override wins and nested ones are not consulted;
///    - `aggregate` annotations and `.reuse/dep5` paragraphs are added to what the file says;
///    - the file's own tags, from its `FILE.license` sidecar when there is one (then the file is
///      not read), else from its header;
///    - `closest` (the default) annotations only when the file says nothing, or fill in the
///      licence or the copyright the file lacks; of nested REUSE.toml files the deepest that
///      gives a licence wins. Within one REUSE.toml the last matching annotation wins.
/// 3. The resource's `licence`: in Allmenning a resource's licence covers every file nothing
///    else names (LICENCE.md says so).
///
/// Not licensed and not listed, as for the REUSE tool: `.git`, `.hg`, `.sl`, `LICENSES/` and
/// `.reuse/` folders; LICENSE*, LICENCE* and COPYING* files, `*.license` sidecars, REUSE.toml,
/// `*.spdx*` documents, and empty files.
public enum FileLicences {
    public static func detect(files: [(path: String, data: Data)], manifest: Manifest?) -> [String: DetectedLicence] {
        LicenceScan(files: files, manifest: manifest).licences
    }

    /// True for paths the REUSE tool does not cover (see above), judged by the path alone.
    public static func isIgnored(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map(String.init)
        guard let name = parts.last else { return true }
        for folder in parts.dropLast() where [".git", ".hg", ".sl", "LICENSES", ".reuse"].contains(folder) { return true }
        if name == ".git" || name == ".hgtags" || name == "REUSE.toml" || name.hasSuffix(".license") { return true }
        if name.hasPrefix("LICENSE") || name.hasPrefix("LICENCE") {
            let rest = name.dropFirst(7)
            if rest.isEmpty || rest.hasPrefix("-") || rest.hasPrefix(".") { return true }
        }
        if name.hasPrefix("COPYING") {
            let rest = name.dropFirst(7)
            if rest.isEmpty || rest.hasPrefix("-") || rest.hasPrefix(".") { return true }
        }
        if name.hasSuffix(".spdx") { return true }
        for suffix in [".spdx.rdf", ".spdx.json", ".spdx.xml", ".spdx.yaml", ".spdx.yml"] where name.hasSuffix(suffix) { return true }
        return false
    }

    /// `./a//b` → `a/b`.
    static func normalise(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }.joined(separator: "/")
    }
}

/// Everything the detection found, with the problems met on the way (unreadable REUSE.toml or
/// dep5); the check turns declarations into findings.
struct LicenceScan {
    var licences: [String: DetectedLicence] = [:]
    var problems: [Finding] = []
    /// Files whose head had more tags than the scanner keeps.
    var crowdedFiles: [String] = []

    init(files: [(path: String, data: Data)], manifest: Manifest?) {
        var contents: [String: Data] = [:]
        for file in files { contents[FileLicences.normalise(file.path)] = file.data }
        let lines = ManifestLines(contents[ResourceValidator.manifestFileName])

        var tomls: [ReuseTOML] = []
        for (path, data) in contents where (path as NSString).lastPathComponent == "REUSE.toml"
            && !path.split(separator: "/").dropLast().contains(where: { [".git", ".hg", ".sl", "LICENSES", ".reuse"].contains(String($0)) }) {
            do {
                tomls.append(try ReuseTOML.parse(data, path: path))
            } catch {
                problems.append(Finding(plugin: LicensingCheck.plugin, code: LicensingCheck.Code.reuseTomlInvalid, severity: .error,
                                        location: SourceLocation(path: path, line: error.line),
                                        message: LocalizedText(nb: "REUSE.toml kan ikke leses, så lisensene i den brukes ikke:",
                                                               en: "REUSE.toml cannot be read, so its licences are not used:").appending(error.message)))
            }
        }
        // Topmost first, as REUSE consults them.
        tomls.sort { ($0.directory.isEmpty ? 0 : $0.directory.split(separator: "/").count, $0.directory) < ($1.directory.isEmpty ? 0 : $1.directory.split(separator: "/").count, $1.directory) }
        var dep5: Dep5?
        if let data = contents[Dep5.path] {
            if !tomls.isEmpty || contents.keys.contains(where: { ($0 as NSString).lastPathComponent == "REUSE.toml" }) {
                problems.append(Finding(plugin: LicensingCheck.plugin, code: LicensingCheck.Code.reuseConflict, severity: .warning,
                                        location: SourceLocation(path: Dep5.path),
                                        message: LocalizedText(
                                            nb: "Ressursen har både REUSE.toml og .reuse/dep5; REUSE godtar bare én av dem. Allmenning bruker REUSE.toml. Flytt innholdet over (`reuse convert-dep5`) og slett .reuse/dep5.",
                                            en: "The resource has both REUSE.toml and .reuse/dep5; REUSE accepts only one. Allmenning uses REUSE.toml. Move the contents over (`reuse convert-dep5`) and delete .reuse/dep5.")))
            } else {
                do {
                    dep5 = try Dep5.parse(data)
                } catch {
                    problems.append(Finding(plugin: LicensingCheck.plugin, code: LicensingCheck.Code.dep5Invalid, severity: .error,
                                            location: SourceLocation(path: Dep5.path, line: error.line),
                                            message: LocalizedText(nb: ".reuse/dep5 kan ikke leses, så lisensene i den brukes ikke:",
                                                                   en: ".reuse/dep5 cannot be read, so its licences are not used:").appending(error.message)))
                }
            }
        }

        for (path, data) in contents.sorted(by: { $0.key < $1.key }) where !data.isEmpty && !FileLicences.isIgnored(path) {
            var reuse: [LicenceDeclaration] = []
            var copyrights: [String] = []
            func take(_ licences: [(String, Int?)], _ notices: [String], origin: LicenceOrigin, source: String) {
                for (expression, line) in licences where !reuse.contains(where: { $0.expression == expression }) {
                    reuse.append(LicenceDeclaration(expression: expression, origin: origin, sourcePath: source, line: line))
                }
                for notice in notices where !copyrights.contains(notice) { copyrights.append(notice) }
            }

            // REUSE.toml: topmost to deepest, the last matching annotation of each; an override ends the search.
            var overrides: [(ReuseTOML, ReuseTOML.Annotation)] = []
            var aggregates: [(ReuseTOML, ReuseTOML.Annotation)] = []
            var closest: [(ReuseTOML, ReuseTOML.Annotation)] = []
            for toml in tomls {
                let relative: String
                if toml.directory.isEmpty {
                    relative = path
                } else if path.hasPrefix(toml.directory + "/") {
                    relative = String(path.dropFirst(toml.directory.count + 1))
                } else {
                    continue
                }
                guard let annotation = toml.annotation(for: relative) else { continue }
                switch annotation.precedence {
                case .override: overrides.append((toml, annotation))
                case .aggregate: aggregates.append((toml, annotation))
                case .closest: closest.append((toml, annotation))
                }
                if annotation.precedence == .override { break }
            }
            let closestLicence = closest.last { !$0.1.licences.isEmpty }
            let closestCopyright = closest.last { !$0.1.copyrights.isEmpty }

            for (toml, annotation) in overrides + aggregates {
                take(annotation.licences.map { ($0, annotation.line) }, annotation.copyrights, origin: .reuseToml, source: toml.path)
            }
            if let paragraph = dep5?.paragraph(for: path) {
                take([(paragraph.licence, paragraph.line)], paragraph.copyrights, origin: .dep5, source: Dep5.path)
            }
            if overrides.isEmpty {
                let sidecar = path + ".license"
                let (tags, origin, source): (ReuseTags, LicenceOrigin, String) = if let sidecarData = contents[sidecar] {
                    (HeaderScanner.scan(sidecarData), .sidecar, sidecar)
                } else {
                    (HeaderScanner.scan(data), .fileHeader, path)
                }
                if tags.hadTooManyTags { crowdedFiles.append(source) }
                take(tags.licences.map { ($0.value, $0.line) }, tags.copyrights.map(\.value), origin: origin, source: source)
                let fileHasLicence = !tags.licences.isEmpty
                let fileHasCopyright = !tags.copyrights.isEmpty
                if !fileHasLicence, let (toml, annotation) = closestLicence {
                    take(annotation.licences.map { ($0, annotation.line) }, [], origin: .reuseToml, source: toml.path)
                }
                if !fileHasCopyright, let (toml, annotation) = closestCopyright {
                    take([], annotation.copyrights, origin: .reuseToml, source: toml.path)
                }
            }

            var manifestDeclaration: LicenceDeclaration?
            if let licence = manifest?.files?[path]?.licence {
                manifestDeclaration = LicenceDeclaration(expression: licence, origin: .manifest, sourcePath: ResourceValidator.manifestFileName,
                                                         line: lines.line(ofFileEntry: path))
            }
            let declarations: [LicenceDeclaration]
            if let manifestDeclaration {
                declarations = [manifestDeclaration]
            } else if !reuse.isEmpty {
                declarations = reuse
            } else if let manifest {
                declarations = [LicenceDeclaration(expression: manifest.licence, origin: .resource, sourcePath: ResourceValidator.manifestFileName,
                                                   line: lines.line(ofTopLevelKey: "licence"))]
            } else {
                declarations = []
            }
            licences[path] = DetectedLicence(path: path, expression: Self.combine(declarations.map(\.expression)), origin: declarations.first?.origin,
                                             declarations: declarations, reuse: reuse, manifest: manifestDeclaration, copyrightNotices: copyrights)
        }
    }

    /// Several expressions that all apply: joined with AND, compound ones in parentheses.
    static func combine(_ expressions: [String]) -> String? {
        var unique: [String] = []
        for expression in expressions where !unique.contains(expression) { unique.append(expression) }
        guard unique.count > 1 else { return unique.first }
        return unique.map { $0.contains(" ") ? "(\($0))" : $0 }.joined(separator: " AND ")
    }
}

/// Finds the lines of a resource.yaml that findings point to, by reading the text (the manifest
/// model keeps no positions). Block and flow style both work for the usual layouts; nil when
/// the text does not show the place plainly.
struct ManifestLines {
    private let lines: [Substring]

    init(_ data: Data?) {
        let text = data.flatMap { $0.count <= ManifestSource.maximumSize ? String(data: $0, encoding: .utf8) : nil } ?? ""
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    func line(ofTopLevelKey key: String) -> Int? {
        lines.firstIndex { $0.hasPrefix(key + ":") || $0.hasPrefix("\"\(key)\":") }.map { $0 + 1 }
    }

    /// The line of `path:` under `files:`.
    func line(ofFileEntry path: String) -> Int? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("files:") }) else { return nil }
        let candidates = [path + ":", "\"\(path)\":", "'\(path)':"]
        for index in start..<lines.count {
            if index > start, let first = lines[index].first, !first.isWhitespace, first != "#" { break }
            let text = lines[index].drop { $0.isWhitespace || $0 == "{" || $0 == "," }
            if index == start {
                if candidates.contains(where: { lines[index].contains($0) }) { return index + 1 }
                continue
            }
            if candidates.contains(where: { text.hasPrefix($0) }) { return index + 1 }
        }
        return start + 1
    }

    /// The line of the `derivedFrom` entry with this id.
    func line(ofProvenance id: String) -> Int? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("derivedFrom:") }) else { return nil }
        for index in start..<lines.count {
            if index > start, let first = lines[index].first, !first.isWhitespace, first != "#", first != "-" { break }
            if lines[index].contains(id) {
                // The entry begins at the nearest "- " at or above the id.
                var entry = index
                while entry > start, !lines[entry].trimmingCharacters(in: .whitespaces).hasPrefix("-") { entry -= 1 }
                return entry + 1
            }
        }
        return start + 1
    }
}
