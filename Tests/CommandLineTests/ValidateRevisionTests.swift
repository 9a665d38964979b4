import Foundation
import GitTestSupport
import Testing

@Suite("allmenning validate --revision: a version from git's objects")
struct ValidateRevisionTests {
    @Test("the committed version is checked, not the folder; an older version and a bare repository too; an unknown version exits 2")
    func committedVersion() throws {
        try withTemporaryDirectory { folder in
            let resource = try makeResourceRepository(in: folder, manifest: validManifest(), commits: 1)
            // The second commit breaks the licence; the folder then breaks the YAML without committing.
            let manifest = try resource.appendingPathComponent("resource.yaml").read()
            try resource.appendingPathComponent("resource.yaml").write(manifest.replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: CC-BY-SA"))
            try GitCommandLine.run(["commit", "-q", "-am", "Feil lisens"], in: resource)
            try resource.appendingPathComponent("resource.yaml").write("title: [\n")

            let folderResult = try Allmenning.run(["validate", "--format", "json", resource.path])
            #expect(findings(in: try folderResult.json()).contains { $0.code == "manifest.yaml-syntax" })

            let head = try Allmenning.run(["validate", "--format", "json", "--revision", "HEAD", resource.path])
            expectExit(head, 1)
            let headFindings = findings(in: try head.json())
            #expect(headFindings.contains { $0.code == "manifest.invalid-licence" }, "\(headFindings.map(\.description))")
            #expect(!headFindings.contains { $0.code == "manifest.yaml-syntax" })
            #expect((try head.json()["resource"] as? String)?.hasSuffix("@" + String(try GitCommandLine.run(["rev-parse", "HEAD"], in: resource).prefix(10))) == true)

            let older = try Allmenning.run(["validate", "--revision", "HEAD~1", resource.path])
            expectExit(older, 0)

            let bare = folder.appendingPathComponent("bare.git")
            try GitCommandLine.run(["clone", "-q", "--bare", resource.path, bare.path], in: folder)
            expectExit(try Allmenning.run(["validate", "--revision", "main~1", bare.path]), 0)

            let unknown = try Allmenning.run(["validate", "--revision", "no-such-branch", resource.path])
            expectExit(unknown, 2)
            #expect(unknown.stderr.contains("no-such-branch"))
        }
    }
}
