import AllmenningCore
import Foundation

/// Reads a resource folder for the licence checks: every regular file, but only as many bytes
/// as the checks look at, so a 50 MB video costs no more than a small file.
public enum ResourceFolder {
    /// More files than any resource has; the rest are not read.
    public static let maximumFiles = 100_000

    /// Path (relative, with `/`) and the head of each regular file under `folder`, sorted by
    /// path. Symbolic links are not followed (REUSE skips them too) and `.git` is not entered.
    /// Text files are read up to `HeaderScanner.scanLimit` + 1 bytes (one more, so the scanner
    /// knows it was cut), REUSE.toml, dep5 and `.license` files up to their own limits,
    /// resource.yaml up to the manifest limit.
    public static func files(in folder: URL) -> [(path: String, data: Data)] {
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        let keys: [URLResourceKey] = [.isRegularFileKey, .isSymbolicLinkKey, .isDirectoryKey]
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys, options: []) else { return [] }
        var result: [(path: String, data: Data)] = []
        let rootPath = root.path.hasSuffix("/") ? root.path : root.path + "/"
        for case let url as URL in enumerator {
            guard let values = try? url.resourceValues(forKeys: Set(keys)) else { continue }
            if values.isDirectory == true && url.lastPathComponent == ".git" {
                enumerator.skipDescendants()
                continue
            }
            guard values.isSymbolicLink != true, values.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            guard full.hasPrefix(rootPath) else { continue }
            let path = String(full.dropFirst(rootPath.count))
            result.append((path, head(of: url, limit: limit(for: path))))
            if result.count >= maximumFiles { break }
        }
        return result.sorted { $0.path < $1.path }
    }

    static func limit(for path: String) -> Int {
        let name = (path as NSString).lastPathComponent
        if path == ResourceValidator.manifestFileName { return ManifestSource.maximumSize + 1 }
        if name == "REUSE.toml" || path == Dep5.path { return ReuseTOML.maximumSize + 1 }
        return HeaderScanner.scanLimit + 1
    }

    static func head(of url: URL, limit: Int) -> Data {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: limit)) ?? Data()
    }
}

extension LicensingCheck {
    /// Reads the folder (see `ResourceFolder.files(in:)`) and checks it.
    public static func check(folder: URL, manifest: Manifest?) -> [Finding] {
        check(manifest: manifest, files: ResourceFolder.files(in: folder))
    }
}

extension Credits {
    /// The credits of the resource in `folder`, whose manifest is `manifest`: the files are read
    /// as the Licensing plugin reads them (see `ResourceFolder.files(in:)`), so the credits name
    /// the same third-party files the check finds. Titles are taken in the reader's language,
    /// else in the resource's own languages, else in bokmål, nynorsk or English.
    public static func forFolder(_ folder: URL, manifest: Manifest, reader: MessageLanguage) -> Credits {
        var languages: [String] = []
        for language in [reader.rawValue] + manifest.language + ["nb", "nn", "en"] where !languages.contains(language) {
            languages.append(language)
        }
        return Credits(manifest: manifest, files: ResourceFolder.files(in: folder), languages: languages)
    }
}
