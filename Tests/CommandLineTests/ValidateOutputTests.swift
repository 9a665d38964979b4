import Foundation
import Testing

@Suite("validate: JSON shape and message language")
struct ValidateOutputTests {
    /// A manifest with an error (a misspelt kind) and a warning (an unknown field), whose
    /// entry file is missing: three findings of two severities from two checks.
    static let brokenManifest = validManifest(extra: "colour: blue\n")
        .replacingOccurrences(of: "kind: teacher", with: "kind: teachr")

    @Test("JSON for one path: an object with resource, findings and tags")
    func jsonForOnePath() throws {
        try withTemporaryDirectory { folder in
            let resource = folder.appendingPathComponent("broken")
            try resource.appendingPathComponent("resource.yaml").write(Self.brokenManifest)
            let result = try Allmenning.run(["validate", "--format", "json", "broken"], in: folder)
            expectExit(result, 1)
            let report = try result.json()
            #expect(Set(report.keys).isSuperset(of: ["resource", "findings", "tags"]), "keys: \(report.keys.sorted())")
            #expect(report["resources"] == nil)
            #expect(report["resource"] as? String == "broken")

            let rawFindings = try #require(report["findings"] as? [[String: Any]])
            #expect(rawFindings.count >= 3, "\(rawFindings)")
            for finding in rawFindings {
                for key in ["plugin", "rule", "code", "severity", "path", "line", "message"] {
                    #expect(finding.keys.contains(key), "finding without \"\(key)\": \(finding)")
                }
                #expect(finding["plugin"] is String)
                #expect(finding["rule"] is NSNull || finding["rule"] is String, "rule: \(String(describing: finding["rule"]))")
                #expect((finding["code"] as? String)?.contains(".") == true)
                #expect(["error", "warning", "info"].contains(finding["severity"] as? String ?? ""))
                #expect(finding["path"] is String)
                #expect(finding["line"] is NSNull || finding["line"] is Int, "line: \(String(describing: finding["line"]))")
                #expect(!(finding["message"] as? String ?? "").isEmpty)
            }
            let codes = findings(in: report).compactMap(\.code)
            #expect(codes.contains("manifest.unknown-term"), "\(codes)")
            #expect(codes.contains("manifest.unknown-field"), "\(codes)")
            #expect(codes.contains("resource.missing-file"), "\(codes)")
            // Errors come before warnings.
            let severities = findings(in: report).compactMap(\.severity)
            #expect(severities == severities.sorted { ($0 == "error" ? 0 : 1) < ($1 == "error" ? 0 : 1) }, "\(severities)")

            let tags = try #require(report["tags"] as? [String: Any])
            for key in ["files", "bytes", "documents", "words"] {
                #expect(tags[key] is Int, "tags.\(key) is not a number: \(tags)")
            }
        }
    }

    @Test("JSON for several paths: {\"resources\": [...]} in the order given")
    func jsonForSeveralPaths() throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, named: "good", manifest: validManifest())
            try folder.appendingPathComponent("bad/resource.yaml").write(Self.brokenManifest)
            let paths = ["good", "bad", "missing"]
            let result = try Allmenning.run(["validate", "--format", "json"] + paths, in: folder)
            expectExit(result, 1)
            let root = try result.json()
            #expect(Array(root.keys) == ["resources"], "keys: \(root.keys.sorted())")
            let reports = try #require(root["resources"] as? [[String: Any]])
            #expect(reports.map { $0["resource"] as? String } == paths)
            for report in reports {
                #expect(Set(report.keys).isSuperset(of: ["resource", "findings", "tags"]))
            }
            #expect(findings(in: reports[0]).isEmpty, "\(findings(in: reports[0]))")
            #expect(findings(in: reports[1]).contains { $0.severity == "error" })
            #expect(findings(in: reports[2]).map(\.code) == ["resource.not-found"])
        }
    }

    @Test("several resources without errors exit 0, and text output sums them up")
    func severalGoodResources() throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, named: "a", manifest: validManifest())
            try makeResource(in: folder, named: "b", manifest: validManifest(id: "01M82FGXV1GADSC78Z5PVSGCYF"))
            let result = try Allmenning.run(["validate", "a", "b"], in: folder)
            expectExit(result, 0)
            #expect(result.stdout.contains("2 resources checked: 2 without errors, 0 with errors"), "\(result)")
        }
    }

    @Test("--lang nb and --lang en give Norwegian and English messages")
    func languageOption() throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, manifest: Self.brokenManifest)
            let norwegian = try Allmenning.run(["validate", "--lang", "nb", "resource"], in: folder)
            let english = try Allmenning.run(["validate", "--lang", "en", "resource"], in: folder)
            expectExit(norwegian, 1)
            expectExit(english, 1)
            #expect(norwegian.stdout.contains("FEIL"), "\(norwegian)")
            #expect(norwegian.stdout.contains("«teachr» er ikke en gyldig verdi for «kind»"), "\(norwegian)")
            #expect(norwegian.stdout.contains("Mente du «teacher»?"), "\(norwegian)")
            #expect(!norwegian.stdout.contains("is not a valid value"))
            #expect(english.stdout.contains("ERRORS"), "\(english)")
            #expect(english.stdout.contains("\"teachr\" is not a valid value for \"kind\""), "\(english)")
            #expect(english.stdout.contains("Did you mean \"teacher\"?"), "\(english)")
            #expect(!english.stdout.contains("er ikke en gyldig verdi"))

            // The same codes and places in both languages; only the words differ.
            let nbJSON = try Allmenning.run(["validate", "--lang", "nb", "--format", "json", "resource"], in: folder)
            let enJSON = try Allmenning.run(["validate", "--lang", "en", "--format", "json", "resource"], in: folder)
            let nbFindings = findings(in: try nbJSON.json())
            let enFindings = findings(in: try enJSON.json())
            #expect(nbFindings.map(\.code) == enFindings.map(\.code))
            #expect(nbFindings.map(\.line) == enFindings.map(\.line))
            #expect(nbFindings.map(\.message) != enFindings.map(\.message))
        }
    }

    @Test("without --lang, the language comes from the locale variables",
          arguments: [(["LANG": "nb_NO.UTF-8"], true),
                      (["LANG": "nn_NO.UTF-8"], true),
                      (["LANG": "en_GB.UTF-8"], false),
                      (["LANG": "nb_NO.UTF-8", "LC_ALL": "en_US.UTF-8"], false),
                      (["LANG": "en_US.UTF-8", "LC_MESSAGES": "nb_NO.UTF-8"], true),
                      (["LANG": "C"], false)])
    func languageFromEnvironment(variables: [String: String], norwegian: Bool) throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, manifest: Self.brokenManifest)
            let result = try Allmenning.run(["validate", "resource"], in: folder, environment: variables)
            expectExit(result, 1)
            if norwegian {
                #expect(result.stdout.contains("er ikke en gyldig verdi"), "\(variables):\n\(result)")
            } else {
                #expect(result.stdout.contains("is not a valid value"), "\(variables):\n\(result)")
            }
        }
    }

    @Test("--lang wins over LANG")
    func optionWinsOverEnvironment() throws {
        try withTemporaryDirectory { folder in
            try makeResource(in: folder, manifest: Self.brokenManifest)
            let result = try Allmenning.run(["validate", "--lang", "en", "resource"], in: folder,
                                            environment: ["LANG": "nb_NO.UTF-8"])
            expectExit(result, 1)
            #expect(result.stdout.contains("is not a valid value"), "\(result)")
        }
    }
}
