import Foundation
import Testing

/// Manifests that are broken, huge, binary or built to hurt the parser. Each must be refused
/// with exit 1 and a finding that names the file (and the line where there is one) — never a
/// crash, a hang or a stack overflow.
enum HostileManifest: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case binary
    case empty
    case fiftyMegabytes
    case deepFlowBrackets
    case deepBlockSequenceOnOneLine
    case deepIndentedMapping
    case invalidUTF8OnLine3
    case billionLaughs
    case syntaxErrorOnLine3
    case twoDocuments

    var testDescription: String { rawValue }

    /// The finding code the validator must report.
    var expectedCode: String {
        switch self {
        case .binary: "manifest.binary"
        case .empty: "manifest.empty"
        case .fiftyMegabytes: "manifest.too-large"
        case .deepFlowBrackets, .deepBlockSequenceOnOneLine, .deepIndentedMapping: "manifest.too-deep"
        case .invalidUTF8OnLine3: "manifest.encoding"
        case .billionLaughs: "manifest.anchor"
        case .syntaxErrorOnLine3: "manifest.yaml-syntax"
        case .twoDocuments: "manifest.several-documents"
        }
    }

    /// The line the finding must point at, where the input fixes one.
    var expectedLine: Int? {
        switch self {
        case .binary, .invalidUTF8OnLine3, .syntaxErrorOnLine3: 3
        case .deepFlowBrackets, .deepBlockSequenceOnOneLine, .billionLaughs: 1
        case .twoDocuments: 4
        case .empty, .fiftyMegabytes, .deepIndentedMapping: nil
        }
    }

    /// Words the English message must contain.
    var expectedWords: [String] {
        switch self {
        case .binary: ["not a text file", "line 3"]
        case .empty: ["empty"]
        case .fiftyMegabytes: ["kB", "1024 kB"]
        case .deepFlowBrackets, .deepBlockSequenceOnOneLine, .deepIndentedMapping: ["nests deeper"]
        case .invalidUTF8OnLine3: ["UTF-8", "line 3"]
        case .billionLaughs: ["anchors and aliases"]
        case .syntaxErrorOnLine3: ["line 3"]
        case .twoDocuments: ["several YAML documents"]
        }
    }

    func write(to url: URL) throws {
        switch self {
        case .binary:
            // Two lines of text, then random bytes with a NUL on line 3.
            var generator = SystemRandomNumberGenerator()
            var bytes = Array("manifest: 1\nid: 01M82FGXV1GADSC78Z5PVSGCYE\n".utf8)
            bytes += (0..<2048).map { _ in UInt8.random(in: 1...255, using: &generator) }.filter { $0 != 0x0A }
            bytes.append(0)
            bytes += (0..<2048).map { _ in UInt8.random(in: 0...255, using: &generator) }
            try url.write(bytes: bytes)
        case .empty:
            try url.write(bytes: [])
        case .fiftyMegabytes:
            // 50 MB of plausible YAML: one field per line.
            let line = Data("description_field_that_goes_on: and on and on and on and on and on and on\n".utf8)
            var data = Data(capacity: 50 << 20)
            data.append(Data(validManifest().utf8))
            while data.count < 50 << 20 { data.append(line) }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        case .deepFlowBrackets:
            try url.write(String(repeating: "[", count: 100_000))
        case .deepBlockSequenceOnOneLine:
            try url.write(String(repeating: "- ", count: 5000) + "x\n")
        case .deepIndentedMapping:
            var text = ""
            for level in 0..<200 { text += String(repeating: "  ", count: level) + "level\(level):\n" }
            text += String(repeating: "  ", count: 200) + "leaf: 1\n"
            try url.write(text)
        case .invalidUTF8OnLine3:
            try url.write(bytes: Array("manifest: 1\nid: 01M82FGXV1GADSC78Z5PVSGCYE\ntitle: { nb: Br".utf8)
                + [0xC3, 0x28] + Array("k }\nlanguage: [nb]\n".utf8))
        case .billionLaughs:
            var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
            let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
            for (previous, name) in zip(names, names.dropFirst()) {
                text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            }
            try url.write(text)
        case .syntaxErrorOnLine3:
            try url.write("manifest: 1\nid: 01M82FGXV1GADSC78Z5PVSGCYE\nkind: teacher: student\nlicence: CC0-1.0\n")
        case .twoDocuments:
            try url.write("manifest: 1\nid: 01M82FGXV1GADSC78Z5PVSGCYE\nkind: teacher\n---\nmanifest: 1\n")
        }
    }
}

@Suite("validate: hostile input")
struct HostileInputTests {
    @Test("a hostile manifest is refused with exit 1 and a finding naming the file", arguments: HostileManifest.allCases)
    func hostileManifest(_ input: HostileManifest) throws {
        try withTemporaryDirectory { folder in
            // The same bytes as a resource folder's resource.yaml and as a lone manifest file
            // (which `validate` checks on its own, without the folder around it).
            let resource = folder.appendingPathComponent("resource")
            let manifest = resource.appendingPathComponent("resource.yaml")
            try input.write(to: manifest)
            try resource.appendingPathComponent("index.md").write("# Hei\n")
            let loneName = "\(input.rawValue).yaml"
            try FileManager.default.linkItem(at: manifest, to: folder.appendingPathComponent(loneName))

            // Text output, run from the temp folder so paths are shown as given.
            let lone = try Allmenning.run(["validate", loneName], in: folder)
            expectExit(lone, 1)
            let place = "\(loneName):" + (input.expectedLine.map { "\($0)" } ?? "")
            #expect(lone.stdout.contains(place), "the message does not name \(place):\n\(lone)")
            #expect(lone.stdout.contains("[\(input.expectedCode)]"), "\(lone)")
            for word in input.expectedWords {
                #expect(lone.stdout.contains(word), "the message does not say \"\(word)\":\n\(lone)")
            }

            // JSON output for the folder: one finding, on resource.yaml, at the line.
            let inFolder = try Allmenning.run(["validate", "--format", "json", "resource"], in: folder)
            expectExit(inFolder, 1)
            let report = try inFolder.json()
            let found = findings(in: report)
            let finding = try #require(found.first { $0.code == input.expectedCode },
                                       "no \(input.expectedCode) among \(found)")
            #expect(finding.severity == "error")
            #expect(finding.path == "resource.yaml")
            if let line = input.expectedLine { #expect(finding.line == line, "\(finding)") }
            #expect(!finding.message.isEmpty)
            // A manifest that could not be read has no other findings about its fields.
            #expect(found.allSatisfy { $0.code == input.expectedCode || !($0.code ?? "").hasPrefix("manifest.") }, "\(found)")
        }
    }

    @Test("a 50 MB manifest is refused quickly, without being parsed")
    func hugeManifestIsFast() throws {
        try withTemporaryDirectory { folder in
            let manifest = folder.appendingPathComponent("resource.yaml")
            try HostileManifest.fiftyMegabytes.write(to: manifest)
            let result = try Allmenning.run(["validate", folder.path])
            expectExit(result, 1)
            // Parsing 50 MB of YAML takes far longer than this even in a release build; the
            // bound is loose so that a busy machine does not make the test flaky.
            #expect(result.duration < 10, "took \(result.duration) s")
        }
    }

    @Test("a path that does not exist is reported, not crashed on")
    func missingPath() throws {
        try withTemporaryDirectory { folder in
            let missing = folder.appendingPathComponent("no-such-resource").path
            let text = try Allmenning.run(["validate", missing])
            expectExit(text, 1)
            #expect(text.stdout.contains(missing))
            #expect(text.stdout.contains("[resource.not-found]"))
            #expect(text.stdout.contains("Cannot find"))

            let json = try Allmenning.run(["validate", "--format", "json", missing])
            expectExit(json, 1)
            let finding = try #require(findings(in: try json.json()).first)
            #expect(finding.code == "resource.not-found")
            #expect(finding.path == missing)
        }
    }

    @Test("a resource.yaml that is a folder, or a FIFO nobody writes to, is reported without hanging")
    func notARegularFile() throws {
        try withTemporaryDirectory { folder in
            let directoryCase = folder.appendingPathComponent("directory")
            try FileManager.default.createDirectory(at: directoryCase.appendingPathComponent("resource.yaml"),
                                                    withIntermediateDirectories: true)
            let fifoCase = folder.appendingPathComponent("fifo")
            try FileManager.default.createDirectory(at: fifoCase, withIntermediateDirectories: true)
            #expect(mkfifo(fifoCase.appendingPathComponent("resource.yaml").path, 0o600) == 0)

            for resource in [directoryCase, fifoCase] {
                let result = try Allmenning.run(["validate", resource.path], timeout: 15)
                expectExit(result, 1)
                #expect(result.stdout.contains("resource.yaml"), "\(result)")
            }
        }
    }

    /// ManifestSource's nesting pre-scan reads line by line and forgets an open quote at the
    /// end of a line, so a double-quoted string that continues on the next line makes it see
    /// the rest of that line as quoted. The brackets hidden that way must still be refused
    /// (today libyaml's own nesting limit catches them), never reach a recursive walk.
    @Test("deep nesting hidden from the pre-scan by a multi-line quoted string is still refused",
          arguments: ["[\"a\n\", ", "[\"a\n#\", "])
    func nestingHiddenByMultiLineQuote(prefix: String) throws {
        try withTemporaryDirectory { folder in
            let manifest = folder.appendingPathComponent("hidden.yaml")
            try manifest.write(prefix + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_001) + "\n")
            let result = try Allmenning.run(["validate", "hidden.yaml"], in: folder)
            expectExit(result, 1)
            #expect(result.stdout.contains("hidden.yaml:2"), "\(result)")
        }
    }

    /// An unclosed quote is a common slip. libyaml notices it only at the end of the file;
    /// the message should point at the line where the quote opens, which libyaml reports as
    /// the error's context, not at the end of the file.
    @Test("an unclosed quote is reported at the line where it opens")
    func unclosedQuote() throws {
        try withTemporaryDirectory { folder in
            let manifest = folder.appendingPathComponent("quote.yaml")
            try manifest.write("manifest: 1\nid: 01M82FGXV1GADSC78Z5PVSGCYE\ntitle: { nb: \"Brøk }\nkind: teacher\nlicence: CC0-1.0\n")
            let result = try Allmenning.run(["validate", "--format", "json", manifest.path])
            expectExit(result, 1)
            let finding = try #require(findings(in: try result.json()).first)
            #expect(finding.code == "manifest.yaml-syntax")
            #expect(finding.line == 3, "points at \(finding.line.map(String.init) ?? "no line"): \(finding)")
            #expect(finding.message.contains("line 3"), "\(finding)")
        }
    }

    /// SPDX expressions may nest parentheses and chain OR/AND; the licence parser and the
    /// code that walks the parsed expression are recursive. A manifest far under the 1 MB
    /// limit must not be able to overflow the stack.
    @Test("a pathological licence expression in a manifest does not crash validate",
          arguments: ["20000 nested parentheses", "50000 licences joined by OR", "50000 licences joined by AND"])
    func pathologicalLicence(name: String) throws {
        let expression = switch name {
        case "20000 nested parentheses":
            String(repeating: "(", count: 20_000) + "MIT" + String(repeating: ")", count: 20_000)
        case "50000 licences joined by OR":
            Array(repeating: "MIT", count: 50_000).joined(separator: " OR ")
        default:
            Array(repeating: "MIT", count: 50_000).joined(separator: " AND ")
        }
        try withTemporaryDirectory { folder in
            let resource = try makeResource(in: folder, manifest: validManifest()
                .replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: \"\(expression)\""))
            let size = try FileManager.default.attributesOfItem(atPath: resource.appendingPathComponent("resource.yaml").path)[.size] as? Int
            #expect((size ?? 0) < 1 << 20, "the manifest must stay under the size limit to reach the licence check")
            let result = try Allmenning.run(["validate", resource.path])
            #expect(result.exitedNormally && [0, 1].contains(result.status),
                    "validate crashed on a \(expression.utf8.count)-byte licence expression (\(name)):\n\(result)")
        }
    }

    @Test("a pathological licence expression does not crash init")
    func pathologicalLicenceInInit() throws {
        try withTemporaryDirectory { folder in
            let expression = String(repeating: "(", count: 20_000) + "MIT" + String(repeating: ")", count: 20_000)
            let result = try Allmenning.run(["init", folder.appendingPathComponent("r").path, "--title", "T",
                                             "--licence", expression])
            #expect(result.exitedNormally, "init crashed on a deeply nested licence expression:\n\(result)")
        }
    }
}
