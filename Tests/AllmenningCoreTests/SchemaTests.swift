import AllmenningCore
import Foundation
import Testing

/// Schemas/resource.schema.json and the Swift validator describe one format. These tests keep
/// them together: the same vocabularies, and the same verdict on every manifest of the corpus.
@Suite struct SchemaTests {
    let schema: [String: Any] = {
        let data = try! Data(contentsOf: packageRoot.appendingPathComponent("Schemas/resource.schema.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    func property(_ path: String...) -> [String: Any] {
        var node = schema
        for key in path { node = (node["properties"] as? [String: Any])?[key] as? [String: Any] ?? node[key] as? [String: Any] ?? [:] }
        return node
    }

    func itemEnum(_ node: [String: Any]) -> [String] {
        ((node["items"] as? [String: Any])?["enum"] as? [String]) ?? []
    }

    @Test func vocabulariesAreTheSame() {
        #expect(property("kind")["enum"] as? [String] == Vocabularies.resourceKind.terms)
        #expect(itemEnum(property("type")) == Vocabularies.resourceType.terms)
        #expect(itemEnum(property("didactics", "grouping")) == Vocabularies.grouping.terms)
        #expect(itemEnum(property("accessibility", "features")) == Vocabularies.accessibilityFeature.terms)
        #expect(itemEnum(property("accessibility", "hazards")) == Vocabularies.accessibilityHazard.terms)
        #expect(itemEnum(property("accessibility", "accessModes")) == Vocabularies.accessMode.terms)
        let authorRoles = ((property("authors")["items"] as? [String: Any])?["properties"] as? [String: Any])?["role"] as? [String: Any]
        #expect(authorRoles?["enum"] as? [String] == Vocabularies.authorRole.terms)
        let levels = (((property("level")["items"] as? [String: Any])?["anyOf"] as? [[String: Any]])?.first?["enum"]) as? [String]
        #expect(levels == Vocabularies.level.terms)
        #expect(schema["required"] as? [String] == ["manifest", "id", "title", "language", "kind", "licence"])
    }

    @Test func everyResourceTypeMapsToLRMI() {
        for type in Vocabularies.resourceType.terms {
            #expect(Vocabularies.lrmiType(for: type) != nil, "\(type) has no LRMI learningResourceType")
        }
    }

    @Test func languageAndLicencePatternsNameTheSameLists() throws {
        let defs = try #require(schema["$defs"] as? [String: Any])
        let languagePattern = try #require((defs["languageTag"] as? [String: Any])?["pattern"] as? String)
        let primaries = languagePattern.dropFirst(2).prefix { $0 != ")" }.split(separator: "|").map(String.init)
        #expect(Set(primaries) == LanguageTag.primaryLanguages)
        let licencePattern = try #require((defs["licenceExpression"] as? [String: Any])?["pattern"] as? String)
        for licence in SPDXLicenceList.entries {
            #expect(licencePattern.contains(licence.id.replacingOccurrences(of: ".", with: "\\.").replacingOccurrences(of: "+", with: "\\+")))
        }
    }
}

/// The differential check: Python's jsonschema and the Swift validator must agree on every
/// manifest under Tests/ManifestCorpus. Skipped, with the reason printed, only where Python
/// with jsonschema and PyYAML is not installed (`make test` installs them).
@Suite struct ManifestCorpusTests {
    static let corpus = packageRoot.appendingPathComponent("Tests/ManifestCorpus")

    static func manifests(_ folder: String) -> [URL] {
        let directory = corpus.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func pythonVerdicts(_ files: [URL]) -> (verdicts: [String: Bool], skipReason: String?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `make test` names a Python that has jsonschema and PyYAML; otherwise the one on PATH.
        let python = ProcessInfo.processInfo.environment["ALLMENNING_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
        process.arguments = [python, packageRoot.appendingPathComponent("Scripts/jsonschema-verdicts.py").path] + files.map(\.path)
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return ([:], "python3 could not be started: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 { return ([:], "python3 is not installed") }
        if process.terminationStatus == 3 { return ([:], errorText.trimmingCharacters(in: .whitespacesAndNewlines)) }
        var verdicts: [String: Bool] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let path = object["path"] as? String, let valid = object["valid"] as? Bool else { continue }
            verdicts[path] = valid
        }
        return (verdicts, process.terminationStatus == 0 ? nil : "jsonschema-verdicts.py failed: \(errorText)")
    }

    @Test func corpusIsLargeEnough() {
        #expect(Self.manifests("valid").count >= 40)
        #expect(Self.manifests("invalid").count >= 40)
    }

    @Test func swiftVerdictsMatchTheIntent() throws {
        let curricula = try CurriculumCatalogue.load(directory: packageRoot.appendingPathComponent("Content/curricula"))
        let validator = ManifestValidator(curricula: curricula)
        for file in Self.manifests("valid") {
            let reading = validator.validate(data: try Data(contentsOf: file), path: file.lastPathComponent)
            #expect(!reading.findings.hasErrors, "\(file.lastPathComponent): \(reading.findings.map(\.message.en))")
        }
        for file in Self.manifests("invalid") {
            let reading = validator.validate(data: try Data(contentsOf: file), path: file.lastPathComponent)
            let errors = reading.findings.filter { $0.severity == .error }
            #expect(!errors.isEmpty, "\(file.lastPathComponent) should be invalid")
            #expect(errors.allSatisfy { $0.location.line != nil && $0.location.path == file.lastPathComponent })
        }
    }

    @Test func pythonJSONSchemaAgreesWithSwift() throws {
        let files = Self.manifests("valid") + Self.manifests("invalid")
        let (verdicts, skipReason) = Self.pythonVerdicts(files)
        if let skipReason {
            print("SKIPPED differential schema check: \(skipReason)")
            return
        }
        let validator = ManifestValidator()
        var agreed = 0
        for file in files {
            let swiftValid = !validator.validate(data: try Data(contentsOf: file), path: file.lastPathComponent).findings.hasErrors
            guard let pythonValid = verdicts[file.path] else {
                Issue.record("no Python verdict for \(file.lastPathComponent)")
                continue
            }
            #expect(swiftValid == pythonValid, "\(file.lastPathComponent): Swift says \(swiftValid ? "valid" : "invalid"), jsonschema says \(pythonValid ? "valid" : "invalid")")
            if swiftValid == pythonValid { agreed += 1 }
        }
        print("Differential schema check: Swift and jsonschema agree on \(agreed) of \(files.count) manifests")
    }
}
