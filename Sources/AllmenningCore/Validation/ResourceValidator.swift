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
}

public struct ValidationReport: Sendable {
    /// The path as the user gave it.
    public var resource: String
    public var manifest: Manifest?
    public var findings: [Finding]
    public var tags: ResourceTags
    /// The manifest as far as it could be read despite errors (see ManifestReading).
    public var manifestAsRead: Manifest? = nil

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
            findings.append(Finding(
                plugin: ManifestValidator.pluginName, code: "manifest.not-found", severity: .error,
                location: SourceLocation(path: Self.manifestFileName),
                message: LocalizedText(
                    nb: "Mappa har ingen resource.yaml, så den er ikke en ressurs ennå. Kjør `allmenning init` i mappa for å lage manifestet.",
                    en: "The folder has no resource.yaml, so it is not a resource yet. Run `allmenning init` in the folder to create the manifest.")))
        }
        let inventory = ResourceInventory(root: folder)
        for reference in reading?.references ?? [] {
            switch inventory.status(of: reference.path) {
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
                let suggestions = Suggestions.closest(to: reference.path, among: inventory.paths)
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
           !["index.html", "index.md", "README.md"].contains(where: { inventory.status(of: $0) == .file }) {
            findings.append(Finding(
                plugin: ManifestValidator.pluginName, code: "resource.no-entry", severity: .warning,
                location: SourceLocation(path: Self.manifestFileName),
                message: LocalizedText(
                    nb: "Ressursen har ingen startside: verken `entry:` i manifestet eller en index.html, index.md eller README.md. Skriv `entry: fil` så elever og lærere vet hvor de skal begynne.",
                    en: "The resource has no start page: no `entry:` in the manifest and no index.html, index.md or README.md. Write `entry: file` so pupils and teachers know where to begin.")))
        }
        return ValidationReport(resource: displayPath, manifest: reading?.manifest, findings: findings, tags: inventory.tags(),
                                manifestAsRead: reading?.manifestAsRead)
    }

    private func readManifest(at url: URL, shownAs name: String, into findings: inout [Finding]) -> ManifestReading? {
        let reading = ManifestValidator(curricula: curricula).validate(fileAt: url, path: name)
        findings += reading.findings
        return reading
    }
}

/// The files of a resource folder, read once: which paths exist, and what they contain.
struct ResourceInventory {
    enum Status: Equatable { case file, missing, outside }

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
            tags.files += 1
            tags.bytes += size
            let pathExtension = url.pathExtension.lowercased()
            guard ["html", "htm", "md", "markdown"].contains(pathExtension), size <= ResourceValidator.maximumDocumentSize,
                  status(of: path) == .file, let data = try? Data(contentsOf: url) else { continue }
            let text = pathExtension.hasPrefix("htm") ? DocumentText.fromHTML(data) : DocumentText.fromMarkdown(data)
            tags.documents += 1
            tags.words += DocumentText.wordCount(text)
        }
        return tags
    }
}
