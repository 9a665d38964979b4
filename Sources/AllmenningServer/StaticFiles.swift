import Foundation
import Hummingbird

/// The stylesheet, read once from the bundle and served by name only: no path from a request
/// reaches the file system.
enum StaticFiles {
    static let files: [String: (type: String, data: Data)] = {
        var files: [String: (String, Data)] = [:]
        if let url = Bundle.module.url(forResource: "Static/allmenning", withExtension: "css") ?? Bundle.module.url(forResource: "allmenning", withExtension: "css", subdirectory: "Static"),
           let data = try? Data(contentsOf: url) {
            files["allmenning.css"] = ("text/css; charset=utf-8", data)
        }
        return files
    }()

    static func register(on router: Router<ServerRequestContext>) {
        router.get("/static/:name") { _, context -> Response in
            guard let name = context.parameters.get("name"), let file = files[name] else { throw HTTPError(.notFound) }
            var headers = HTTPFields()
            headers[.contentType] = file.type
            headers[.cacheControl] = "public, max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
        }
    }
}
