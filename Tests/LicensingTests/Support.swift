import AllmenningCore
import Foundation
import Licensing
import Testing

/// A resource made in a test: the manifest read from its YAML (as the manifest validator reads
/// it) and the files, resource.yaml among them.
struct TestResource {
    var manifest: Manifest?
    var files: [(path: String, data: Data)]

    init(manifest yaml: String?, files: [String: String] = [:], binary: [String: Data] = [:]) {
        var all: [(path: String, data: Data)] = files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) }
        all += binary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let yaml {
            let reading = ManifestValidator().validate(data: Data(yaml.utf8), path: "resource.yaml")
            manifest = reading.manifest
            #expect(reading.manifest != nil, "the test manifest must be valid: \(reading.findings.map(\.message.en))")
            all.append(("resource.yaml", Data(yaml.utf8)))
        }
        self.files = all
    }

    init(example: LicensingExample) {
        self.init(manifest: example.manifest, files: example.files)
    }

    var findings: [Finding] { LicensingCheck.check(manifest: manifest, files: files) }
    var licences: [String: DetectedLicence] { FileLicences.detect(files: files, manifest: manifest) }
}

/// Every message in both languages, and not the same text twice.
func expectBilingual(_ findings: [Finding], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for finding in findings {
        #expect(!finding.message.nb.isEmpty && !finding.message.en.isEmpty && finding.message.nb != finding.message.en,
                "\(finding.code) needs a message in both languages", sourceLocation: sourceLocation)
        #expect(finding.plugin == LicensingCheck.plugin, sourceLocation: sourceLocation)
    }
}

func codes(_ findings: [Finding]) -> [String] { findings.map(\.code) }

enum Fixtures {
    static var root: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    }

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The fixture's manifest (nil when it has none) and files, read as the plugin reads a folder.
    static func load(_ name: String) -> (manifest: Manifest?, files: [(path: String, data: Data)]) {
        let folder = root.appendingPathComponent(name)
        let files = ResourceFolder.files(in: folder)
        let manifestURL = folder.appendingPathComponent("resource.yaml")
        var manifest: Manifest?
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            manifest = ManifestValidator().validate(fileAt: manifestURL, path: "resource.yaml").manifest
            #expect(manifest != nil, "\(name)/resource.yaml must be valid")
        }
        return (manifest, files)
    }
}
