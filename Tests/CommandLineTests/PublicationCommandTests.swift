import AllmenningCatalogue
import Foundation
import GitTestSupport
import Testing

@Suite("allmenning repositories add, publish-approve, withdraw, publication status")
struct PublicationCommandTests {
    @Test("repositories add makes a bare repository with the hooks and an owner, for administrators only; a bad name or owner exits 2 and makes nothing")
    func repositoriesAdd() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let byTeacher = try Allmenning.run(["repositories", "add", "elevarbeid", "--owner", "ola", "--as", "kari", "--data", data.path])
            expectExit(byTeacher, 1)
            #expect(byTeacher.stderr.contains("Only administrators"), "\(byTeacher)")
            let repositories = data.appendingPathComponent("repositories")
            for (name, owner, message) in [("Elev Arbeid", "ola", "cannot be a repository's name"), ("elevarbeid", "nobody-here", "does not exist")] {
                let refused = try Allmenning.run(["repositories", "add", name, "--owner", owner, "--as", "ada", "--data", data.path])
                expectExit(refused, 2)
                #expect(refused.stderr.contains(message), "\(refused)")
            }
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: repositories.path)) ?? []).isEmpty)

            let made = try Allmenning.run(["repositories", "add", "elevarbeid", "--owner", "ola", "--as", "ada", "--format", "json", "--data", data.path])
            expectExit(made, 0)
            #expect(try made.json()["owner"] as? String == "ola")
            let bare = repositories.appendingPathComponent("elevarbeid.git")
            #expect(FileManager.default.isExecutableFile(atPath: bare.appendingPathComponent("hooks/pre-receive").path))
            #expect(try GitCommandLine.run(["rev-parse", "--is-bare-repository"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines) == "true")
            #expect(try GitCommandLine.run(["symbolic-ref", "HEAD"], in: bare).trimmingCharacters(in: .whitespacesAndNewlines) == "refs/heads/main")
            let listed = try Allmenning.run(["repositories", "list", "--as", "ada", "--data", data.path])
            #expect(listed.stdout.contains("elevarbeid.git\tola"), "\(listed)")
            expectExit(try Allmenning.run(["repositories", "add", "elevarbeid", "--as", "ada", "--data", data.path]), 2)
            let audit = try Allmenning.run(["audit", "--as", "ada", "--format", "json", "--data", data.path])
            let entries = try #require(try audit.json()["entries"] as? [[String: Any]])
            #expect(entries.filter { $0["action"] as? String == "repository.add" }.count == 1)
        }
    }

    @Test("publish-approve, withdraw and publication status of an unknown resource: not found, exit 1, in text and JSON")
    func unknownResource() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            for command in [["publish-approve"], ["withdraw"], ["publication", "status"]] {
                let result = try Allmenning.run(command + ["01M9ZZZZZZZZZZZZZZZZZZZZZZ", "--as", "kari", "--format", "json", "--data", data.path])
                expectExit(result, 1)
                #expect(try result.json()["error"] as? String == "not-found", "\(result)")
            }
            let text = try Allmenning.run(["publish-approve", "01M9ZZZZZZZZZZZZZZZZZZZZZZ", "--as", "kari", "--data", data.path])
            expectExit(text, 1)
            #expect(text.stderr.contains("no resource with the id"), "\(text)")
        }
    }
}
