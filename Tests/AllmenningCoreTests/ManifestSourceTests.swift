import AllmenningCore
import Foundation
import Testing

/// Input that would hurt a naive parser: each must become one clear finding, never a crash.
@Suite struct ManifestSourceTests {
    func onlyError(_ data: Data) -> Finding? {
        let reading = ManifestValidator().validate(data: data, path: "resource.yaml")
        #expect(reading.findings.count == 1, "\(reading.findings.map(\.code))")
        #expect(reading.manifest == nil)
        return reading.findings.first
    }

    @Test func emptyFile() {
        #expect(onlyError(Data())?.code == "manifest.empty")
        #expect(onlyError(Data("# only a comment\n".utf8))?.code == "manifest.empty")
    }

    @Test func binaryFile() {
        var bytes: [UInt8] = Array("manifest: 1\ntitle: x\n".utf8)
        bytes += [0x89, 0x50, 0x4E, 0x47, 0x00, 0x1A]
        let finding = onlyError(Data(bytes))
        #expect(finding?.code == "manifest.binary")
        #expect(finding?.location.line == 3)
    }

    @Test func invalidUTF8NamesLineAndColumn() {
        var bytes = Array("manifest: 1\nid: x\ntitle: { nb: Br".utf8)
        bytes += [0xF8, 0x6B] // not a UTF-8 lead byte: "Brøk" saved as Latin-1 would be 0xF8
        let finding = onlyError(Data(bytes))
        #expect(finding?.code == "manifest.encoding")
        #expect(finding?.location.line == 3)
        #expect(finding?.location.column == 16)
    }

    @Test func tooLarge() {
        let finding = onlyError(Data(count: ManifestSource.maximumSize + 1))
        #expect(finding?.code == "manifest.too-large")
    }

    @Test func deepFlowNesting() {
        let finding = onlyError(Data(("title: " + String(repeating: "[", count: 100_000)).utf8))
        #expect(finding?.code == "manifest.too-deep")
    }

    @Test func deepBlockSequenceOnOneLine() {
        let finding = onlyError(Data((String(repeating: "- ", count: 5_000) + "x\n").utf8))
        #expect(finding?.code == "manifest.too-deep")
    }

    @Test func deepIndentation() {
        var yaml = ""
        for depth in 0..<200 { yaml += String(repeating: " ", count: depth) + "k\(depth):\n" }
        #expect(onlyError(Data(yaml.utf8))?.code == "manifest.too-deep")
    }

    @Test func aliasExpansionIsRefused() {
        let yaml = """
        a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
        c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]
        """
        let finding = onlyError(Data(yaml.utf8))
        #expect(finding?.code == "manifest.anchor")
        #expect(finding?.location.line == 1)
    }

    @Test func ampersandInsideTextIsNotAnAnchor() {
        let yaml = validManifest.replacingOccurrences(of: "Fractions with pizza", with: "Salt &Pepper og Q&A")
        #expect(errors(validate(yaml)).isEmpty)
    }

    @Test func syntaxErrorNamesTheLine() {
        let finding = onlyError(Data("manifest: 1\ntitle: { nb: x\nlanguage: [nb]\n".utf8))
        #expect(finding?.code == "manifest.yaml-syntax")
        #expect((finding?.location.line ?? 0) >= 2)
    }

    @Test func duplicateKey() {
        let finding = onlyError(Data("manifest: 1\nmanifest: 1\n".utf8))
        #expect(finding?.code == "manifest.duplicate-field")
    }

    @Test func severalDocuments() {
        #expect(onlyError(Data("manifest: 1\n---\nmanifest: 1\n".utf8))?.code == "manifest.several-documents")
    }

    @Test func topLevelListIsAWrongType() {
        #expect(onlyError(Data("- manifest: 1\n".utf8))?.code == "manifest.wrong-type")
    }
}
