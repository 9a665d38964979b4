import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import GitTestSupport
import Testing

/// Decisions are written through the library, as the command line and the server will once
/// accounts say who decides; everything else here is the real binary.
@Suite("allmenning review: status, key and verify")
struct ReviewCommandTests {
    static let id = "01M82FGXV1GADSC78Z5PVSGCYE"
    static let reviewer = Attestation.Person(user: "ola", name: "Ola Nordmann", organisation: "Eksempel kommune")

    func approve(_ revision: String, in repository: URL, data: URL, at date: Date = Date()) throws {
        let recorder = try ReviewRecorder(data: DataFolder(explicit: data.path), configuration: InstallationConfiguration())
        try recorder.record(ReviewRequest(resourceID: Self.id, revision: revision, decision: .approved, by: Self.reviewer,
                                          scores: ReviewRubric.builtIn.criteria.map { Attestation.Score(criterion: $0.id, score: 4) },
                                          comment: "Klar til bruk."),
                            in: repository, at: date)
    }

    func head(_ repository: URL) throws -> String {
        try GitCommandLine.run(["rev-parse", "HEAD"], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("review key makes the key once and prints its public half; the JSON names the file")
    func key() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let first = try Allmenning.run(["review", "key", "--data", data.path])
            expectExit(first, 0)
            let key = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(key.hasPrefix("ed25519:") && key.count == 52)
            let json = try Allmenning.run(["review", "key", "--data", data.path, "--format", "json"]).json()
            #expect(json["key"] as? String == key)
            #expect(json["file"] as? String == data.appendingPathComponent("keys/reviews.ed25519.pub").path)
            let mode = try FileManager.default.attributesOfItem(atPath: data.appendingPathComponent("keys/reviews.ed25519").path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test("approve A, index the notes alone, status says approved; commit B, index, status says B is not reviewed and which files it changed; search --approved finds nothing")
    func statusThroughTheBinary() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let resource = try makeResource(in: folder, named: "brok", manifest: validManifest(id: Self.id))
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: resource)
            try GitCommandLine.run(["add", "-A"], in: resource)
            try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: resource)
            expectExit(try Allmenning.run(["index", "--data", data.path, resource.path]), 0)
            let a = try head(resource)
            try approve(a, in: resource, data: data)

            let notesOnly = try Allmenning.run(["index", "--reviews-only", "--data", data.path, "--format", "json", resource.path])
            expectExit(notesOnly, 0)
            let line = try #require(notesOnly.stdout.split(separator: "\n").first)
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(event["status"] as? String == "unchanged")
            #expect((event["reviews"] as? [String: Any])?["stored"] as? Int == 1)

            var status = try Allmenning.run(["review", "status", Self.id, "--data", data.path, "--format", "json"])
            expectExit(status, 0)
            var json = try status.json()
            #expect(json["state"] as? String == "approved")
            #expect((json["approval"] as? [String: Any])?["commit"] as? String == a)
            #expect(((json["approval"] as? [String: Any])?["reviewer"] as? [String: Any])?["name"] as? String == "Ola Nordmann")
            #expect(try Allmenning.run(["search", "--approved", "--data", data.path, "--format", "json"]).json()["total"] as? Int == 1)

            try resource.appendingPathComponent("index.md").write("# Brøk med pizza\n\nNå i tolv biter.\n")
            try resource.appendingPathComponent("fasit.md").write("# Fasit\n")
            try GitCommandLine.run(["add", "-A"], in: resource)
            try GitCommandLine.run(["commit", "-q", "-m", "Tolv biter og fasit"], in: resource)
            expectExit(try Allmenning.run(["index", "--data", data.path, resource.path]), 0)
            let b = try head(resource)

            // The repository's path names the resource too.
            status = try Allmenning.run(["review", "status", resource.path, "--data", data.path, "--lang", "en"])
            expectExit(status, 0)
            #expect(status.stdout.contains("Approved version \(a.prefix(10)) by Ola Nordmann (Eksempel kommune)"), "\(status)")
            #expect(status.stdout.contains("The current version \(b.prefix(10)) is not reviewed. 1 newer versions after the approved one:"), "\(status)")
            #expect(status.stdout.contains("Tolv biter og fasit"))
            #expect(status.stdout.contains("added      fasit.md") && status.stdout.contains("modified   index.md"), "\(status)")
            json = try Allmenning.run(["review", "status", Self.id, "--data", data.path, "--format", "json"]).json()
            #expect(json["state"] as? String == "newer-version-unreviewed")
            #expect((json["newerCommits"] as? [[String: Any]])?.map { $0["commit"] as? String } == [b])
            #expect(try Allmenning.run(["search", "--approved", "--data", data.path, "--format", "json"]).json()["total"] as? Int == 0)

            let norwegian = try Allmenning.run(["review", "status", Self.id, "--data", data.path, "--lang", "nb"])
            #expect(norwegian.stdout.contains("Godkjent versjon \(a.prefix(10)) av Ola Nordmann"), "\(norwegian)")
        }
    }

    @Test("review verify lists each note with its verdict; a stranger's line makes it exit 1 with the reason; --key trusts only the keys given")
    func verify() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let resource = try makeResource(in: folder, named: "brok", manifest: validManifest(id: Self.id))
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: resource)
            try GitCommandLine.run(["add", "-A"], in: resource)
            try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: resource)
            let a = try head(resource)
            try approve(a, in: resource, data: data)
            let ours = try Allmenning.run(["review", "key", "--data", data.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

            var verified = try Allmenning.run(["review", "verify", resource.path, "--data", data.path, "--lang", "en"])
            expectExit(verified, 0)
            #expect(verified.stdout.contains("OK    \(a.prefix(10)):1  approved  Ola Nordmann"), "\(verified)")
            // Anyone with the repository and the public key, without the data folder.
            expectExit(try Allmenning.run(["review", "verify", resource.path, "--key", ours, "--data", folder.appendingPathComponent("elsewhere").path]), 0)

            let stranger = ReviewSigningKey()
            let forged = try stranger.sign(Attestation(resource: Self.id, commit: a, decision: .approved, reviewer: Self.reviewer, date: Date(),
                                                       expires: Date().addingTimeInterval(86_400), rubric: Attestation.Rubric(ReviewRubric.builtIn),
                                                       scores: ReviewRubric.builtIn.criteria.map { Attestation.Score(criterion: $0.id, score: 4) }))
            try ReviewNotes.append(forged, to: resource)
            verified = try Allmenning.run(["review", "verify", resource.path, "--data", data.path, "--lang", "en", "--format", "json"])
            expectExit(verified, 1)
            let json = try verified.json()
            #expect((json["verified"] as? [[String: Any]])?.count == 1)
            let rejected = try #require((json["rejected"] as? [[String: Any]])?.first)
            #expect(rejected["problem"] as? String == "unknown-key")
            #expect(rejected["line"] as? Int == 2)
            // Trusting only the stranger's key, ours is the one refused.
            let onlyTheirs = try Allmenning.run(["review", "verify", resource.path, "--key", stranger.publicKey, "--format", "json"])
            expectExit(onlyTheirs, 1)
            #expect((try onlyTheirs.json()["rejected"] as? [[String: Any]])?.first?["line"] as? Int == 1)
            expectExit(try Allmenning.run(["review", "verify", resource.path, "--key", "ssh-ed25519 AAAA"]), 2)
        }
    }

    @Test("an unknown resource, and a broken rubric named in config.yaml, stop with what to do")
    func mistakes() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let unknown = try Allmenning.run(["review", "status", "01NOPE", "--data", data.path, "--lang", "en"])
            expectExit(unknown, 2)
            #expect(unknown.stderr.contains("The catalogue has no resource \"01NOPE\""))
            try data.appendingPathComponent("rubric.yaml").write("rubric: 1\nid: x\nname: { nb: x }\ncriteria:\n  - { id: a }\n")
            try data.appendingPathComponent("config.yaml").write("reviews:\n  rubric: rubric.yaml\n")
            let broken = try Allmenning.run(["review", "key", "--data", data.path, "--lang", "en"])
            expectExit(broken, 2)
            #expect(broken.stderr.contains(data.appendingPathComponent("rubric.yaml").path + ":5:"), "\(broken)")
        }
    }

    /// A school with an administrator, a teacher who owns the resource, two reviewers and a
    /// student, made in the data folder's catalogue as `allmenning users add` would.
    func makeReviewAccounts(in data: URL) throws {
        let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
        _ = try store.addOrganisation(NewOrganisation(name: "nygard-skole", displayName: "Nygård skole", kind: .school), by: .installation, at: Date())
        for (name, display, role) in [("ada", "Ada Lovelace", Role.administrator), ("kari", "Kari Nordmann", .teacher),
                                      ("rita", "Rita Fagfelle", .reviewer), ("ola", "Ola Nordmann", .student)] {
            _ = try store.addUser(NewUser(userName: name, displayName: display, role: role, organisation: "nygard-skole",
                                          pseudonym: role == .student ? "Elev 9B-3" : nil), by: .installation, at: Date())
        }
    }

    @Test("review submit, approve and request-changes through the binary: the policy's refusals exit 1; approval of A is not approval of B; a bad rubric file names its line; the audit log has each")
    func decisionsThroughTheBinary() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let resource = try makeResource(in: folder, named: "brok", manifest: validManifest(id: Self.id))
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: resource)
            try GitCommandLine.run(["add", "-A"], in: resource)
            try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: resource)
            try makeReviewAccounts(in: data)
            expectExit(try Allmenning.run(["index", "--data", data.path, resource.path]), 0)
            expectExit(try Allmenning.run(["repositories", "owner", resource.path, "kari", "--as", "ada", "--data", data.path]), 0)
            let a = try head(resource)

            let byStudent = try Allmenning.run(["review", "submit", Self.id, "--as", "ola", "--data", data.path])
            expectExit(byStudent, 1)
            #expect(byStudent.stderr.contains("Students' resources are published when a teacher approves them"), "\(byStudent)")
            let byTeacher = try Allmenning.run(["review", "approve", Self.id, "--as", "kari", "--data", data.path])
            expectExit(byTeacher, 1)
            #expect(byTeacher.stderr.contains("Only reviewers approve"))
            expectExit(try Allmenning.run(["review", "submit", Self.id, "--data", data.path]), 1)

            let submitted = try Allmenning.run(["review", "submit", "\(Self.id)@\(a.prefix(8))", "--comment", "Klar.", "--as", "kari", "--data", data.path])
            expectExit(submitted, 0)
            #expect(submitted.stdout.contains("Version \(a.prefix(10)) of \(Self.id) is submitted for review."), "\(submitted)")

            // A rubric file with a misspelt criterion: file, line, the fix; then one that
            // scores only two criteria: an approval needs them all.
            let criteria = ReviewRubric.builtIn.criteria.map(\.id)
            let rubric = folder.appendingPathComponent("vurdering.yaml")
            try rubric.write("\(criteria[0]): 4\nuniversal-desing: { score: 3 }\n")
            var approved = try Allmenning.run(["review", "approve", Self.id, "--rubric", rubric.path, "--as", "rita", "--data", data.path])
            expectExit(approved, 2)
            #expect(approved.stderr.contains("\(rubric.path):2: \"universal-desing\" is not a criterion of the rubric \"\(ReviewRubric.builtIn.id)\" (universal-design?)"),
                    "\(approved)")
            try rubric.write("\(criteria[0]): 4\n\(criteria[1]): 3\n")
            approved = try Allmenning.run(["review", "approve", Self.id, "--rubric", rubric.path, "--as", "rita", "--data", data.path])
            expectExit(approved, 2)
            #expect(approved.stderr.contains("\(rubric.path):3: An approval scores every criterion"), "\(approved)")

            try rubric.write(criteria.map { "\($0): { score: 4, comment: Bra. }" }.joined(separator: "\n") + "\n")
            approved = try Allmenning.run(["review", "approve", Self.id, "--rubric", rubric.path, "--comment", "Klar til bruk.", "--as", "rita",
                                           "--format", "json", "--data", data.path])
            expectExit(approved, 0)
            let json = try approved.json()
            #expect(json["commit"] as? String == a && json["decision"] as? String == "approved")
            #expect((json["status"] as? [String: Any])?["state"] as? String == "approved")
            #expect(try Allmenning.run(["search", "--approved", "--data", data.path, "--format", "json"]).json()["total"] as? Int == 1)
            // The note is in git and checks out with the installation's key.
            expectExit(try Allmenning.run(["review", "verify", resource.path, "--data", data.path]), 0)

            // Commit B, indexed: A stays approved, B is not, with its changed files.
            try resource.appendingPathComponent("fasit.md").write("# Fasit\n")
            try GitCommandLine.run(["add", "-A"], in: resource)
            try GitCommandLine.run(["commit", "-q", "-m", "Fasit"], in: resource)
            expectExit(try Allmenning.run(["index", "--data", data.path, resource.path]), 0)
            let b = try head(resource)
            let status = try Allmenning.run(["review", "status", Self.id, "--data", data.path, "--lang", "en"])
            #expect(status.stdout.contains("Approved version \(a.prefix(10)) by Rita Fagfelle (Nygård skole)"), "\(status)")
            #expect(status.stdout.contains("The current version \(b.prefix(10)) is not reviewed.") && status.stdout.contains("added      fasit.md"), "\(status)")
            #expect(try Allmenning.run(["search", "--approved", "--data", data.path, "--format", "json"]).json()["total"] as? Int == 0)

            let silent = try Allmenning.run(["review", "request-changes", Self.id, "--as", "rita", "--data", data.path])
            expectExit(silent, 2)
            #expect(silent.stderr.contains("must say what to change"))
            let changes = try Allmenning.run(["review", "request-changes", resource.path, "--comment", "Fasiten har feil.", "--as", "rita", "--data", data.path])
            expectExit(changes, 0)
            #expect(changes.stdout.contains("Changes are requested in version \(b.prefix(10))"), "\(changes)")

            let audit = try #require(try Allmenning.run(["audit", "--as", "ada", "--format", "json", "--data", data.path]).json()["entries"] as? [[String: Any]])
            let reviews = audit.filter { ($0["action"] as? String)?.hasPrefix("review.") == true }
            #expect(reviews.map { "\($0["actor"] as? String ?? "-") \($0["action"] as? String ?? "")" }
                    == ["kari review.submit", "rita review.approve", "rita review.request-changes"])
            #expect(reviews.map { ($0["details"] as? [String: Any])?["commit"] as? String } == [a, a, b])
        }
    }
}
