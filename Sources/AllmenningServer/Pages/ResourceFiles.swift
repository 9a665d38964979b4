import AllmenningCatalogue
import AllmenningCore
import AllmenningGit
import Foundation
import Hummingbird
import ZIPFoundation

/// A resource's files as published: one file to open in the browser, or all as a zip. Files
/// are read from git by the blob ids the catalogue recorded, so a request names a path the
/// version has or nothing; no path from a request reaches the file system.
struct ResourceFiles {
    let setup: ServerSetup
    let templates: Templates

    /// Larger resources are cloned with git rather than zipped in memory.
    static let zipLimit = 200 * 1024 * 1024

    func file(_ request: Request, id: String, path: String, viewer: Member?) async throws -> Response {
        let setup = self.setup
        guard let published = try await blocking({ try Self.published(id, setup, viewer: viewer) }),
              let file = published.files.first(where: { $0.path == path }) else {
            throw HTTPError(.notFound, message: "The resource has no file \(Pages.shortened(path, to: 80)).")
        }
        let data = try await blocking { try Self.blob(file.blobID, in: published.repository) }
        var headers = HTTPFields()
        let type = Self.mediaType(path)
        headers[.contentType] = type
        headers[.cacheControl] = "public, max-age=60"
        headers[.eTag] = "\"\(file.blobID)\""
        // A resource's own HTML and SVG run in a sandbox (an opaque origin): its scripts cannot
        // reach the catalogue's pages or cookies.
        headers[.contentSecurityPolicy] = "sandbox allow-scripts allow-forms allow-popups; default-src 'self' 'unsafe-inline' data:; frame-ancestors 'self'"
        if request.headers[.ifNoneMatch] == "\"\(file.blobID)\"" {
            return Response(status: .notModified, headers: headers)
        }
        if path.lowercased().hasSuffix(".md") {
            headers[.contentType] = "text/html; charset=utf-8"
            let html = templates.library.render(["path": path, "body": MarkdownRenderer.html(from: data)], withTemplate: "markdown") ?? ""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    func zip(id: String, viewer: Member?) async throws -> Response {
        let setup = self.setup
        guard let published = try await blocking({ try Self.published(id, setup, viewer: viewer) }) else {
            throw HTTPError(.notFound, message: "There is no resource with the id \(Pages.shortened(id, to: 40)).")
        }
        guard published.files.reduce(0, { $0 + $1.size }) <= Self.zipLimit else {
            throw HTTPError(.contentTooLarge, message: "The resource is too large to zip here; clone it with git.")
        }
        let data = try await blocking { () -> Data in
            let archive = try Archive(accessMode: .create)
            let repository = try Repository.open(at: URL(fileURLWithPath: published.repository))
            for file in published.files {
                guard let object = ObjectID(hex: file.blobID) else { throw HTTPError(.notFound) }
                let content = try repository.blob(object)
                try archive.addEntry(with: file.path, type: .file, uncompressedSize: Int64(content.count),
                                     modificationDate: published.committedAt, compressionMethod: .deflate) { position, size in
                    content.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            return archive.data ?? Data()
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        let name = (GitRepositories.publicName(of: published.repository, in: setup.data).map { String($0.dropLast(4)) } ?? id)
        headers[.contentDisposition] = "attachment; filename=\"\(name)-\(published.commit.prefix(10)).zip\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The current version's files, when `viewer` may see the resource: the public's, or a
    /// pupil's not yet approved for those who may see it.
    private static func published(_ id: String, _ setup: ServerSetup, viewer: Member?) throws -> PublishedFiles? {
        guard id.count <= 100, try setup.mayShow(resource: id, to: viewer) else { return nil }
        return try setup.catalogue.publishedFiles(of: id, publicOnly: false)
    }

    private static func blob(_ id: String, in repository: String) throws -> Data {
        guard let object = ObjectID(hex: id) else { throw HTTPError(.notFound) }
        return try Repository.open(at: URL(fileURLWithPath: repository)).blob(object)
    }

    static let mediaTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "json": "application/json", "txt": "text/plain; charset=utf-8",
        "md": "text/markdown; charset=utf-8", "yaml": "text/plain; charset=utf-8", "yml": "text/plain; charset=utf-8",
        "vtt": "text/vtt; charset=utf-8", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "gif": "image/gif", "webp": "image/webp", "mp3": "audio/mpeg", "ogg": "audio/ogg", "oga": "audio/ogg", "wav": "audio/wav",
        "mp4": "video/mp4", "webm": "video/webm", "pdf": "application/pdf", "sb3": "application/octet-stream",
    ]

    static func mediaType(_ path: String) -> String {
        mediaTypes[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }
}
