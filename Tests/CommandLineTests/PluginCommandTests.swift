import Foundation
import Testing

@Suite("allmenning plugins, and the plugins in validate")
struct PluginCommandTests {
    @Test("plugins list names the built-in plugins and their rules; a configured external plugin and a disabled one show")
    func list() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try data.appendingPathComponent("config.yaml").write("""
                plugins:
                  disabled: [privacy]
                  external:
                    - { name: spelling, command: [/usr/local/bin/spelling-plugin] }
                """)
            let result = try Allmenning.run(["plugins", "list", "--format", "json", "--data", data.path])
            expectExit(result, 0)
            let plugins = try #require(try result.json()["plugins"] as? [[String: Any]])
            let byName = Dictionary(uniqueKeysWithValues: plugins.map { ($0["name"] as? String ?? "", $0) })
            #expect(Set(byName.keys) == ["accessibility", "competence-aims", "licensing", "privacy", "spelling"])
            #expect(byName["privacy"]?["enabled"] as? Bool == false)
            #expect(byName["spelling"]?["external"] as? Bool == true)
            #expect((byName["privacy"]?["rules"] as? [String])?.contains("privacy.national-id-no") == true)
        }
    }

    @Test("plugins explain shows a rule with its examples; an unknown rule exits 2 with a suggestion")
    func explain() throws {
        let result = try Allmenning.run(["plugins", "explain", "privacy.email"])
        expectExit(result, 0)
        #expect(result.stdout.contains("Triggers on:") && result.stdout.contains("Does not trigger on:"), "\(result)")
        let unknown = try Allmenning.run(["plugins", "explain", "privacy.emial"])
        expectExit(unknown, 2)
        #expect(unknown.stderr.contains("privacy.email"))
    }

    @Test("validate reports a pupil's e-mail address as an error, and a disabled plugin reports nothing")
    func privacyInValidate() throws {
        try withTemporaryDirectory { folder in
            let manifest = validManifest().replacingOccurrences(of: "kind: teacher", with: "kind: student")
            let resource = try makeResource(in: folder, manifest: manifest)
            try resource.appendingPathComponent("index.md").write("# Om meg\n\nSkriv til meg: emma.lind99@gmail.com\n")
            let data = folder.appendingPathComponent("data")
            let result = try Allmenning.run(["validate", "--format", "json", "--data", data.path, resource.path])
            expectExit(result, 1)
            let privacy = findings(in: try result.json()).filter { $0.code?.hasPrefix("privacy.") == true }
            #expect(privacy.map(\.description) == ["error index.md:3 [privacy.email] \(privacy.first?.message ?? "")"])
            #expect(!result.stdout.contains("emma.lind99@gmail.com"), "the address is masked in the report")

            let again = try Allmenning.run(["validate", "--format", "json", "--data", data.path, resource.path])
            #expect(findings(in: try again.json()).map(\.description) == findings(in: try result.json()).map(\.description),
                    "the second run, from the cache, says the same")

            try data.appendingPathComponent("config.yaml").write("plugins:\n  disabled: [privacy]\n")
            let disabled = try Allmenning.run(["validate", "--format", "json", "--data", data.path, resource.path])
            expectExit(disabled, 0)
            #expect(findings(in: try disabled.json()).allSatisfy { $0.code?.hasPrefix("privacy.") != true })
        }
    }

    @Test("a mistake in config.yaml stops validate with the file and line")
    func brokenConfiguration() throws {
        try withTemporaryDirectory { folder in
            let resource = try makeResource(in: folder, manifest: validManifest())
            let data = folder.appendingPathComponent("data")
            try data.appendingPathComponent("config.yaml").write("plugins:\n  disabeld: [privacy]\n")
            let result = try Allmenning.run(["validate", "--data", data.path, resource.path])
            expectExit(result, 2)
            #expect(result.stderr.contains("config.yaml:2"), "\(result)")
            #expect(result.stderr.contains("disabled"))
        }
    }

    @Test("validate reports what the plugins inferred apart from the findings: the suggested aims, the licence of each file")
    func inferredTags() throws {
        let json = try Allmenning.run(["validate", "--format", "json", "--curricula", "Content/curricula", "Content/brok-med-pizza"],
                                      in: Allmenning.packageRoot)
        expectExit(json, 0)
        let inferred = try #require(try json.json()["inferred"] as? [String: [String: Any]])
        let aims = try #require((inferred["competence-aims"]?["resource"] as? [String: Any])?["aims.suggested"] as? [[String: Any]])
        #expect(aims.count == 5)
        #expect(aims.allSatisfy { $0["code"] is String && $0["score"] is Double && $0["curriculum"] as? String == "MAT01-06" && $0["text"] is String })
        let licences = try #require((inferred["licensing"]?["resource"] as? [String: Any])?["licences"] as? [String: String])
        #expect(licences["index.html"] == "CC-BY-SA-4.0")

        let text = try Allmenning.run(["validate", "--curricula", "Content/curricula", "Content/brok-med-pizza"], in: Allmenning.packageRoot)
        let codes = aims.compactMap { $0["code"] as? String }.joined(separator: ", ")
        #expect(text.stdout.contains("inferred:  [competence-aims] aims.suggested: \(codes)"), "\(text.stdout)")
        #expect(text.stdout.contains("[licensing] licences: CC-BY-SA-4.0 (\(licences.count))"), "\(text.stdout)")
    }
}
