import Foundation

/// Per-file plugin results kept between runs, one small JSON file per (plugin, plugin version,
/// cache key, blob id) under the data folder's cache. Written to a temporary name and
/// renamed, so a reader never sees half a result; an unreadable entry counts as a miss.
public final class ResultCache: @unchecked Sendable {
    public let folder: URL
    private let lock = NSLock()
    private var hits = 0
    private var misses = 0

    public init(folder: URL) {
        self.folder = folder
    }

    public struct Statistics: Sendable, Equatable {
        public var hits: Int
        public var misses: Int
    }

    public var statistics: Statistics {
        lock.withLock { Statistics(hits: hits, misses: misses) }
    }

    /// What is stored: the key and blob id are kept with the result and compared on reading,
    /// so that two keys whose file names collide can never serve each other's results.
    private struct Entry: Codable {
        var key: String
        var blobID: String
        var check: FileCheck
    }

    public func result(plugin: String, version: String, key: String, blobID: String) -> FileCheck? {
        let url = entry(plugin: plugin, version: version, key: key, blobID: blobID)
        let stored = (try? Data(contentsOf: url)).flatMap { try? JSONDecoder().decode(Entry.self, from: $0) }
        let check = stored.flatMap { $0.key == key && $0.blobID == blobID ? $0.check : nil }
        lock.withLock { if check == nil { misses += 1 } else { hits += 1 } }
        return check
    }

    public func store(_ check: FileCheck, plugin: String, version: String, key: String, blobID: String) {
        let url = entry(plugin: plugin, version: version, key: key, blobID: blobID)
        guard let data = try? JSONEncoder().encode(Entry(key: key, blobID: blobID, check: check)) else { return }
        // A cache that cannot be written only makes the next run slower.
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? AtomicFile.write(data, to: url)
    }

    /// plugins/<plugin>/<version>/<first two of the digest>/<digest>.json, where the digest
    /// covers the key and the blob id; the plugin and version stay readable so that an
    /// administrator can delete one plugin's results.
    private func entry(plugin: String, version: String, key: String, blobID: String) -> URL {
        let digest = Self.digest("\(key)\u{0}\(blobID)")
        return folder.appendingPathComponent(Self.safe(plugin)).appendingPathComponent(Self.safe(version))
            .appendingPathComponent(String(digest.prefix(2))).appendingPathComponent(digest + ".json")
    }

    private static func safe(_ component: String) -> String {
        let cleaned = String(component.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "_" + cleaned : cleaned
    }

    /// 64-bit FNV-1a twice with different seeds: it spreads entries over folders; correctness
    /// comes from the key and blob id stored in each entry.
    public static func digest(_ text: String) -> String { digest(bytes: text.utf8) }

    public static func digest<Bytes: Sequence<UInt8>>(bytes: Bytes) -> String {
        var first: UInt64 = 0xcbf29ce484222325
        var second: UInt64 = 0x84222325cbf29ce4
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x100000001b3
            second = (second ^ UInt64(byte)) &* 0x100000001b3
        }
        return String(format: "%016llx%016llx", first, second)
    }
}
