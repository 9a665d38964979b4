import Foundation
import Testing

/// The resources published with the project, in Content/: every folder beside curricula/
/// that has a resource.yaml.
enum PublishedContent {
    static var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: Allmenning.contentFolder.path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    static var resources: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Allmenning.contentFolder.path)) ?? []
        return names.filter { name in
            name != "curricula" && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: Allmenning.contentFolder.appendingPathComponent(name)
                    .appendingPathComponent("resource.yaml").path)
        }.sorted()
    }
}

@Suite("Content/: the published resources")
struct ContentTests {
    @Test("every resource in Content/ validates without errors against Content/curricula",
          .enabled(if: PublishedContent.exists, "Content/ is absent in this checkout, so there are no published resources to check"),
          arguments: PublishedContent.resources)
    func publishedResourceIsValid(name: String) throws {
        let result = try Allmenning.run(["validate", "--format", "json", "--curricula", "Content/curricula", "Content/\(name)"],
                                        in: Allmenning.packageRoot)
        let errors = findings(in: (try? result.json()) ?? [:]).filter { $0.severity == "error" }
        expectExit(result, 0)
        #expect(errors.isEmpty, "Content/\(name):\n\(errors.map(\.description).joined(separator: "\n"))")
    }

    @Test("Content/ has resources to check", .enabled(if: PublishedContent.exists, "Content/ is absent"))
    func contentHasResources() {
        #expect(!PublishedContent.resources.isEmpty, "Content/ exists but no folder in it has a resource.yaml")
    }
}
