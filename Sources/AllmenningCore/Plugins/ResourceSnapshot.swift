import Foundation

/// One version of a resource as plugins see it: its files with git blob ids, from a working
/// folder or from git's objects at a commit.
public protocol ResourceSnapshot: Sendable {
    /// Every file, sorted by path; paths are relative and slash-separated.
    var files: [SnapshotFile] { get }
    func data(at path: String) throws -> Data
    /// At most the first `limit` bytes: what a check that looks only at the head of a file
    /// (licence headers) needs, without reading a video whole.
    func data(at path: String, upTo limit: Int) throws -> Data
}

extension ResourceSnapshot {
    public func data(at path: String, upTo limit: Int) throws -> Data {
        try data(at: path).prefix(limit)
    }
}

public struct SnapshotFile: Sendable, Equatable {
    public var path: String
    /// The git blob id of the file's bytes: the same for a working file and for the committed
    /// file, so results cached from one serve the other.
    public var blobID: String
    public var size: Int

    public init(path: String, blobID: String, size: Int) {
        self.path = path
        self.blobID = blobID
        self.size = size
    }
}
