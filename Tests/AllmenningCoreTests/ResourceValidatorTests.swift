import AllmenningCore
import Foundation
import Testing

@Suite struct ResourceValidatorTests {
    func temporaryResource(manifest: String, files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try manifest.write(to: folder.appendingPathComponent("resource.yaml"), atomically: true, encoding: .utf8)
        for (path, content) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: url, atomically: true, encoding: .utf8)
        }
        return folder
    }

    @Test func completeResourceCountsWords() throws {
        let folder = try temporaryResource(manifest: validManifest, files: [
            "index.html": "<html lang=\"nb\"><body><h1>Brøk</h1><p>En pizza delt i fire.</p></body></html>",
            "media/pizza.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = ResourceValidator().validate(path: folder.path)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message.en))")
        #expect(report.tags.files == 2)
        #expect(report.tags.documents == 1)
        #expect(report.tags.words == 6)
    }

    @Test func missingFilesPointAtTheManifestLine() throws {
        let folder = try temporaryResource(manifest: validManifest, files: ["index.htm": "<p>x</p>"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = ResourceValidator().validate(path: folder.path)
        let missing = report.findings.filter { $0.code == "resource.missing-file" }
        #expect(missing.count == 2)
        let entry = try #require(missing.first { $0.message.en.contains("\"index.html\"") })
        #expect(entry.location.path == "resource.yaml" && entry.location.line == 21)
        #expect(entry.message.en.contains("Did you mean \"index.htm\""))
    }

    @Test func symbolicLinkOutOfTheResourceIsRefused() throws {
        let folder = try temporaryResource(manifest: validManifest.replacingOccurrences(of: "entry: index.html", with: "entry: secret.txt"),
                                           files: ["media/pizza.svg": "<svg/>"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("secret.txt").path, withDestinationPath: "/etc/hostname")
        let report = ResourceValidator().validate(path: folder.path)
        #expect(report.findings.map(\.code) == ["resource.path-outside"])
    }

    @Test func folderWithoutManifest() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "# Utkast\n\nEn side under arbeid.\n".write(to: folder.appendingPathComponent("index.md"), atomically: true, encoding: .utf8)
        let report = ResourceValidator().validate(path: folder.path)
        #expect(report.findings.map(\.code) == ["manifest.not-found"])
        #expect(report.tags.words == 5)
    }

    @Test func scaffoldMakesAValidResourceAndNeverOverwrites() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scaffold = ResourceScaffold(title: "Vatnet sitt \"kretsløp\"", language: "nn", licence: "CC-BY-4.0", kind: "teacher")
        let result = try scaffold.create(in: folder)
        #expect(result.created == ["resource.yaml", "index.md", "LICENCE.md"])
        let report = ResourceValidator().validate(path: folder.path)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message.en))")
        #expect(report.manifest?.id == result.id)
        #expect(report.manifest?.title["nn"] == "Vatnet sitt \"kretsløp\"")
        let licence = try String(contentsOf: folder.appendingPathComponent("LICENCE.md"), encoding: .utf8)
        #expect(licence.contains("https://creativecommons.org/licenses/by/4.0/legalcode"))
        #expect(throws: ResourceScaffold.ScaffoldError.self) { try scaffold.create(in: folder) }
        #expect(throws: ResourceScaffold.ScaffoldError.self) {
            try ResourceScaffold(title: "x", language: "norsk", licence: "CC-BY-4.0", kind: "teacher").check()
        }
    }
}

@Suite struct ResourceCollectionTests {
    @Test func aFolderOfResourcesStandsForThem() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["b-resource", "a-resource"] {
            _ = try ResourceScaffold(title: name, language: "nb", licence: "CC-BY-4.0", kind: "teacher").create(in: root.appendingPathComponent(name))
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("curricula"), withIntermediateDirectories: true)
        #expect(ResourceValidator.resourcePaths(expanding: root.path) == [root.appendingPathComponent("a-resource").path,
                                                                         root.appendingPathComponent("b-resource").path])
        let single = root.appendingPathComponent("a-resource").path
        #expect(ResourceValidator.resourcePaths(expanding: single) == [single])
        let draft = root.appendingPathComponent("curricula").path
        #expect(ResourceValidator.resourcePaths(expanding: draft) == [draft])
    }
}
