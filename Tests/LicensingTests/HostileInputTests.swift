import AllmenningCore
import Foundation
import Licensing
import Testing

/// Input a resource should never have, made to hurt: every case finishes quickly and says
/// something sensible.
@Suite struct HostileInputTests {
    let manifest = LicensingRules.exampleManifest(licence: "CC-BY-4.0")

    @Test func aHeaderInA50MegabyteFileIsReadFromTheHeadOnly() throws {
        var big = Data("<!-- SPDX-License-Identifier: CC-BY-SA-4.0 -->\n".utf8)
        big.append(Data(repeating: UInt8(ascii: "a"), count: 50 << 20))
        big.append(Data("\nSPDX-License-Identifier: MIT\n".utf8))
        let started = ContinuousClock.now
        let tags = HeaderScanner.scan(big)
        #expect(tags.licences.map(\.value) == ["CC-BY-SA-4.0"], "a tag past the first \(HeaderScanner.scanLimit) bytes is not read")
        #expect(tags.isTruncated)
        let licences = FileLicences.detect(files: [("video.txt", big)], manifest: nil)
        #expect(licences["video.txt"]?.expression == "CC-BY-SA-4.0")
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aFiftyMegabyteFileOnDiskIsNotReadWhole() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("licensing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("video.mp4")
        _ = FileManager.default.createFile(atPath: url.path, contents: Data("# SPDX-License-Identifier: CC0-1.0\n".utf8))
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.truncate(atOffset: 50 << 20)
        try handle.close()
        try Data(LicensingRules.exampleManifest(licence: "CC-BY-4.0").utf8).write(to: folder.appendingPathComponent("resource.yaml"))
        let files = ResourceFolder.files(in: folder)
        #expect(files.first { $0.path == "video.mp4" }?.data.count == HeaderScanner.scanLimit + 1)
        #expect(FileLicences.detect(files: files, manifest: nil)["video.mp4"]?.expression == "CC0-1.0")
        // A symbolic link out of the folder is not followed.
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("passwd").path, withDestinationPath: "/etc/passwd")
        #expect(!ResourceFolder.files(in: folder).contains { $0.path == "passwd" })
    }

    @Test func aHugeHeaderLine() {
        let line = "# SPDX-License-Identifier: " + String(repeating: "CC-BY-4.0 OR ", count: 200_000) + "MIT\n"
        let tags = HeaderScanner.scan(Data(line.utf8))
        #expect(tags.licences.isEmpty, "a line cut at the scan limit is dropped, not misread")
        let shorter = "# SPDX-License-Identifier: " + String(repeating: "CC-BY-4.0 OR ", count: 1000) + "MIT\n"
        let findings = TestResource(manifest: manifest, files: ["a.py": shorter]).findings
        #expect(codes(findings) == [LicensingCheck.Code.invalidExpression], "cut to \(HeaderScanner.maximumValueLength) characters, then refused")
        let deep = "# SPDX-License-Identifier: " + String(repeating: "(", count: 500) + "MIT" + String(repeating: ")", count: 500) + "\n"
        #expect(codes(TestResource(manifest: manifest, files: ["b.py": deep]).findings) == [LicensingCheck.Code.invalidExpression])
    }

    @Test func thousandsOfTags() {
        let text = (1...5000).map { "SPDX-License-Identifier: LicenseRef-L\($0)" }.joined(separator: "\n")
        let tags = HeaderScanner.scan(Data(text.utf8))
        #expect(tags.licences.count == HeaderScanner.maximumTags)
        #expect(tags.hadTooManyTags)
        let findings = TestResource(manifest: manifest, files: ["a.txt": text]).findings
        #expect(codes(findings) == [LicensingCheck.Code.tooManyTags])
    }

    @Test func binaryFiles() {
        var random = SystemRandomNumberGenerator()
        let noise = Data((0..<100_000).map { _ in UInt8.random(in: 0...255, using: &random) } + [0])
        let findings = TestResource(manifest: manifest, binary: ["noise.bin": noise, "noise.bin.license": noise]).findings
        #expect(findings.isEmpty)
        let licences = FileLicences.detect(files: [("noise.bin", noise)], manifest: nil)
        #expect(licences["noise.bin"]?.expression == nil)
    }

    @Test func hostileReuseToml() {
        // Many annotations with star-heavy patterns against a deep path: no backtracking blow-up.
        let pattern = String(repeating: "*a", count: 200) + "b"
        var toml = "version = 1\n"
        for _ in 0..<500 { toml += "[[annotations]]\npath = \"\(pattern)\"\nSPDX-License-Identifier = \"MIT\"\n" }
        let path = String(repeating: "a", count: 300) + ".md"
        let started = ContinuousClock.now
        let licences = TestResource(manifest: manifest, files: ["REUSE.toml": toml, path: "x"]).licences
        #expect(licences[path]?.origin == .resource)
        #expect(ContinuousClock.now - started < .seconds(20))

        let nested = "version = 1\n[[annotations]]\npath = " + String(repeating: "[", count: 10_000) + "\n"
        #expect(codes(TestResource(manifest: nil, files: ["REUSE.toml": nested]).findings) == [LicensingCheck.Code.reuseTomlInvalid])
        let huge = "version = 1\n" + String(repeating: "# padding\n", count: 30_000)
        #expect(codes(TestResource(manifest: nil, files: ["REUSE.toml": huge]).findings) == [LicensingCheck.Code.reuseTomlInvalid])
        let binary = TestResource(manifest: nil, binary: ["REUSE.toml": Data([0xFF, 0xFE, 0x00, 0xC3])]).findings
        #expect(codes(binary) == [LicensingCheck.Code.reuseTomlInvalid])
    }

    @Test func manyFilesWithoutAManifest() {
        let files = (0..<500).map { (path: "f\($0).txt", data: Data("x".utf8)) }
        let findings = LicensingCheck.check(manifest: nil, files: files)
        #expect(findings.count == LicensingCheck.maximumMissingLicenceFindings + 1)
        #expect(findings.last?.message.en.contains("480 more") == true)
    }

    @Test func pathsThatTryToEscape() {
        let licences = TestResource(manifest: manifest, files: ["../../etc/passwd": "x", "/abs/path.md": "SPDX-License-Identifier: MIT\n"]).licences
        // Paths are only names here: nothing is read from them.
        #expect(licences["../../etc/passwd"]?.origin == .resource)
        #expect(licences["abs/path.md"]?.expression == "MIT")
    }
}
