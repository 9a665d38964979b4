import AllmenningCore
import Foundation
import Licensing
import Testing

/// The real resources in Content/: the plugin finds no licensing error in them, and their
/// credits name every third-party file.
@Suite struct ContentTests {
    static let content = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Content")

    static var resources: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: content.path)) ?? []).filter {
            FileManager.default.fileExists(atPath: content.appendingPathComponent($0).appendingPathComponent("resource.yaml").path)
        }.sorted()
    }

    @Test func noLicensingErrorsInContent() throws {
        #expect(Self.resources.count >= 10)
        for name in Self.resources {
            let folder = Self.content.appendingPathComponent(name)
            let manifest = try #require(ManifestValidator().validate(fileAt: folder.appendingPathComponent("resource.yaml"), path: "resource.yaml").manifest)
            let files = ResourceFolder.files(in: folder)
            let findings = LicensingCheck.check(manifest: manifest, files: files)
            #expect(!findings.hasErrors, "\(name): \(findings.filter { $0.severity == .error }.map(\.message.en))")
            expectBilingual(findings)
            let credits = Credits(manifest: manifest, files: files)
            for path in (manifest.files ?? [:]).filter({ $0.value.attribution != nil }).keys {
                #expect(credits.markdown(in: .nb).contains(path), "\(name): \(path) is credited")
            }
        }
    }
}
