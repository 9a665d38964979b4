import Foundation
import Hummingbird

/// The stylesheet and the API's description, read from the bundle once at start and served by
/// name only: no path from a request reaches the file system.
struct StaticFiles: Sendable {
    struct File: Sendable {
        var type: String
        var data: Data
    }

    let files: [String: File]

    static let served: [(name: String, extension: String, type: String)] = [
        ("allmenning", "css", "text/css; charset=utf-8"),
        ("openapi", "yaml", "application/yaml"),
    ]

    static func load() throws -> StaticFiles {
        var files: [String: File] = [:]
        for file in served {
            guard let url = Bundle.module.url(forResource: file.name, withExtension: file.extension, subdirectory: "Static") else {
                throw Templates.TemplateError(message: "The server's \(file.name).\(file.extension) is missing from its resource bundle.")
            }
            files["\(file.name).\(file.extension)"] = File(type: file.type, data: try Data(contentsOf: url))
        }
        return StaticFiles(files: files)
    }

    func response(_ name: String) throws -> Response {
        guard let file = files[name] else { throw HTTPError(.notFound) }
        var headers = HTTPFields()
        headers[.contentType] = file.type
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
    }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/static/:name") { _, context -> Response in
            try response(context.parameters.get("name") ?? "")
        }
    }
}
