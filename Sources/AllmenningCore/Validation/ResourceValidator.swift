import Foundation

/// What the checks inferred about a resource, kept apart from what its manifest declares.
public struct ResourceTags: Sendable, Equatable, Codable {
    /// Files in the resource (not counting the git folder).
    public var files: Int
    public var bytes: Int
    /// HTML and Markdown documents, and the words a reader meets in them.
    public var documents: Int
    public var words: Int

    public init(files: Int = 0, bytes: Int = 0, documents: Int = 0, words: Int = 0) {
        self.files = files
        self.bytes = bytes
        self.documents = documents
        self.words = words
    }

    /// Counts one file; an HTML or Markdown document up to `maximumDocumentSize` is read
    /// (`read` nil: not readable) and its words counted.
    mutating func count(_ path: String, size: Int, read: () -> Data?) {
        count(path, size: size) { read().flatMap { DocumentText.readable($0, path: path) } }
    }

    /// Counts one file whose readable text, for a document, comes from `text` (nil: not
    /// readable): the indexer gives the text it already has for an unchanged file.
    public mutating func count(_ path: String, size: Int, text: () -> String?) {
        files += 1
        bytes += size
        guard DocumentText.isDocument(path), size <= ResourceValidator.maximumDocumentSize, let text = text() else { return }
        documents += 1
        words += DocumentText.wordCount(text)
    }
}

public struct ValidationReport: Sendable {
    /// The path as the user gave it.
    public var resource: String
    public var manifest: Manifest?
    public var findings: [Finding]
    public var tags: ResourceTags
    /// The manifest as far as it could be read despite errors (see ManifestReading).
    public var manifestAsRead: Manifest? = nil
    /// What the plugins inferred: plugin → path ("" for the resource as a whole) → tag → value.
    public var inferred: [String: [String: [String: TagValue]]] = [:]

    public var hasErrors: Bool { findings.hasErrors }
}

/// Validates a resource: a folder with a resource.yaml, that manifest file, or a lone manifest
/// file of any name (then only the manifest is checked, not the files it names).
public struct ResourceValidator: Sendable {
    public static let manifestFileName = "resource.yaml"
    /// Larger documents are counted as files but not read for text.
    public static let maximumDocumentSize = 8 << 20

    public var curricula: CurriculumCatalogue?

    public init(curricula: CurriculumCatalogue? = nil) {
        self.curricula = curricula
    }

    /// The resources a path stands for. A folder without a resource.yaml whose subfolders
    /// hold resources (like Content/) stands for those resources; any other path for itself.
    public static func resourcePaths(expanding path: String) -> [String] {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
              !fileManager.fileExists(atPath: (path as NSString).appendingPathComponent(manifestFileName)),
              let names = try? fileManager.contentsOfDirectory(atPath: path) else { return [path] }
        let resources = names.sorted().filter { !$0.hasPrefix(".") }.map { (path as NSString).appendingPathComponent($0) }
            .filter { fileManager.fileExists(atPath: ($0 as NSString).appendingPathComponent(manifestFileName)) }
        return resources.isEmpty ? [path] : resources
    }

    public func validate(path: String) -> ValidationReport {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            return ValidationReport(resource: path, manifest: nil, findings: [Finding(
                plugin: ManifestValidator.pluginName, code: "resource.not-found", severity: .error,
                location: SourceLocation(path: path),
                message: LocalizedText(nb: "Finner ikke «\(path)». Sjekk stavemåten, eller gi stien til en ressursmappe.",
                                       en: "Cannot find \"\(path)\". Check the spelling, or give the path to a resource folder."))],
                tags: ResourceTags())
        }
        if isDirectory.boolValue {
            return validateFolder(url, displayPath: path)
        }
        if url.lastPathComponent == Self.manifestFileName {
            return validateFolder(url.deletingLastPathComponent(), displayPath: path)
        }
        return validateManifestFile(url, displayPath: path)
    }

    private func validateManifestFile(_ url: URL, displayPath: String) -> ValidationReport {
        var findings: [Finding] = []
        let reading = readManifest(at: url, shownAs: url.lastPathComponent, into: &findings)
        return ValidationReport(resource: displayPath, manifest: reading?.manifest, findings: findings, tags: ResourceTags())
    }

    private func validateFolder(_ folder: URL, displayPath: String) -> ValidationReport {
        var findings: [Finding] = []
        let manifestURL = folder.appendingPathComponent(Self.manifestFileName)
        var reading: ManifestReading?
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            reading = readManifest(at: manifestURL, shownAs: Self.manifestFileName, into: &findings)
        } else {
            findings.append(Self.manifestError("manifest.not-found", LocalizedText(
                nb: "Mappa har ingen resource.yaml, så den er ikke en ressurs ennå. Kjør `allmenning init` i mappa for å lage manifestet.",
                en: "The folder has no resource.yaml, so it is not a resource yet. Run `allmenning init` in the folder to create the manifest.")))
        }
        let inventory = ResourceInventory(root: folder)
        findings += referenceFindings(reading, paths: inventory.paths, status: inventory.status(of:))
        return ValidationReport(resource: displayPath, manifest: reading?.manifest, findings: findings, tags: inventory.tags(),
                                manifestAsRead: reading?.manifestAsRead)
    }

    /// Validates the files of a snapshot: a commit read from git's objects (no checkout), or
    /// the tree `publish` is about to commit. The same checks as for a folder; a snapshot has
    /// no symbolic links, so a path the manifest names is there or missing.
    /// `documentText` gives the readable text of a document (HTML, Markdown) for the word
    /// counts; by default each document is read from the snapshot.
    public func validate(snapshot: any ResourceSnapshot, shownAs displayPath: String,
                         documentText: ((SnapshotFile) -> String?)? = nil) -> ValidationReport {
        var findings: [Finding] = []
        var reading: ManifestReading?
        let paths = snapshot.files.map(\.path)
        if let manifestFile = snapshot.files.first(where: { $0.path == Self.manifestFileName }) {
            do {
                // A manifest over the size limit is read only as far as it takes to refuse it.
                let data = manifestFile.size > ManifestSource.maximumSize
                    ? try snapshot.data(at: manifestFile.path, upTo: ManifestSource.maximumSize + 1)
                    : try snapshot.data(at: manifestFile.path)
                reading = ManifestValidator(curricula: curricula).validate(data: data, path: Self.manifestFileName)
                findings += reading?.findings ?? []
            } catch {
                findings.append(Self.manifestError("manifest.unreadable", LocalizedText(
                    nb: "resource.yaml kunne ikke leses: \(error.localizedDescription)",
                    en: "resource.yaml could not be read: \(error.localizedDescription)")))
            }
        } else {
            findings.append(Self.manifestError("manifest.not-found", LocalizedText(
                nb: "Versjonen har ingen resource.yaml, så den er ikke en ressurs. Legg til manifestet (`allmenning init`) og lagre en ny versjon.",
                en: "The version has no resource.yaml, so it is not a resource. Add the manifest (`allmenning init`) and save a new version.")))
        }
        let present = Set(paths)
        findings += referenceFindings(reading, paths: paths) { present.contains($0) ? .file : .missing }
        let text = documentText ?? { file in (try? snapshot.data(at: file.path)).flatMap { DocumentText.readable($0, path: file.path) } }
        return ValidationReport(resource: displayPath, manifest: reading?.manifest, findings: findings,
                                tags: Self.tags(of: snapshot, text: text), manifestAsRead: reading?.manifestAsRead)
    }

    /// An error about the resource's manifest file as a whole.
    static func manifestError(_ code: String, _ message: LocalizedText) -> Finding {
        Finding(plugin: ManifestValidator.pluginName, code: code, severity: .error,
                location: SourceLocation(path: manifestFileName), message: message)
    }

    static func tags(of snapshot: any ResourceSnapshot, text: (SnapshotFile) -> String?) -> ResourceTags {
        var tags = ResourceTags()
        for file in snapshot.files where file.path != manifestFileName {
            tags.count(file.path, size: file.size) { text(file) }
        }
        return tags
    }

    /// The files the manifest names that are missing or lead outside the resource, and a
    /// missing start page.
    private func referenceFindings(_ reading: ManifestReading?, paths: [String], status: (String) -> ResourceFileStatus) -> [Finding] {
        var findings: [Finding] = []
        for reference in reading?.references ?? [] {
            switch status(reference.path) {
            case .file:
                continue
            case .outside:
                findings.append(Finding(
                    plugin: ManifestValidator.pluginName, code: "resource.path-outside", severity: .error,
                    location: SourceLocation(path: Self.manifestFileName, line: reference.line, column: reference.column),
                    message: LocalizedText(
                        nb: "«\(reference.path)» (i «\(reference.field)») peker ut av ressursmappa via en symbolsk lenke. Legg fila inn i ressursen.",
                        en: "\"\(reference.path)\" (in \"\(reference.field)\") leads out of the resource folder through a symbolic link. Put the file inside the resource.")))
            case .missing:
                let suggestions = Suggestions.closest(to: reference.path, among: paths)
                findings.append(Finding(
                    plugin: ManifestValidator.pluginName, code: "resource.missing-file", severity: .error,
                    location: SourceLocation(path: Self.manifestFileName, line: reference.line, column: reference.column),
                    message: LocalizedText(
                        nb: "Fila «\(reference.path)» (nevnt i «\(reference.field)») finnes ikke i ressursen. Legg den til, eller rett stien.",
                        en: "The file \"\(reference.path)\" (named in \"\(reference.field)\") does not exist in the resource. Add it, or correct the path.")
                        .appending(ManifestMessages.didYouMean(suggestions))))
            }
        }
        if let manifest = reading?.manifest, manifest.entry == nil,
           !["index.html", "index.md", "README.md"].contains(where: { status($0) == .file }) {
            findings.append(Finding(
                plugin: ManifestValidator.pluginName, code: "resource.no-entry", severity: .warning,
                location: SourceLocation(path: Self.manifestFileName),
                message: LocalizedText(
                    nb: "Ressursen har ingen startside: verken `entry:` i manifestet eller en index.html, index.md eller README.md. Skriv `entry: fil` så elever og lærere vet hvor de skal begynne.",
                    en: "The resource has no start page: no `entry:` in the manifest and no index.html, index.md or README.md. Write `entry: file` so pupils and teachers know where to begin.")))
        }
        return findings
    }

    private func readManifest(at url: URL, shownAs name: String, into findings: inout [Finding]) -> ManifestReading? {
        let reading = ManifestValidator(curricula: curricula).validate(fileAt: url, path: name)
        findings += reading.findings
        return reading
    }
}

/// The files of a resource folder, read once: which paths exist, and what they contain.
enum ResourceFileStatus: Equatable { case file, missing, outside }

struct ResourceInventory {
    typealias Status = ResourceFileStatus

    let root: URL
    /// Relative paths of the regular files, with / between folders.
    let paths: [String]
    private let rootPath: String

    init(root: URL) {
        self.root = root.standardizedFileURL
        self.rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(at: self.root, includingPropertiesForKeys: [.isRegularFileKey],
                                                        options: [], errorHandler: { _, _ in true })
        while let url = enumerator?.nextObject() as? URL {
            if url.lastPathComponent == ".git" {
                enumerator?.skipDescendants()
                continue
            }
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let relative = url.standardizedFileURL.path.dropFirst(self.root.path.count).drop { $0 == "/" }
            paths.append(String(relative))
        }
        self.paths = paths.sorted()
    }

    func status(of relativePath: String) -> Status {
        let url = root.appendingPathComponent(relativePath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return .missing
        }
        let resolved = url.resolvingSymlinksInPath().path
        return resolved == rootPath || resolved.hasPrefix(rootPath + "/") ? .file : .outside
    }

    func tags() -> ResourceTags {
        var tags = ResourceTags()
        for path in paths where path != ResourceValidator.manifestFileName {
            let url = root.appendingPathComponent(path)
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            tags.count(path, size: size) { status(of: path) == .file ? try? Data(contentsOf: url) : nil }
        }
        return tags
    }
}
