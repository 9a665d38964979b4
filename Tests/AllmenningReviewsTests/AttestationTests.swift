import AllmenningCore
import AllmenningGit
import AllmenningReviews
import Foundation
import GitTestSupport
import Testing

@Suite("Attestations: canonical JSON and Ed25519 signatures")
struct AttestationTests {
    let commit = String(repeating: "ab", count: 20)

    @Test("canonical JSON sorts keys at every level, has no whitespace and escapes only what JSON requires")
    func canonicalText() throws {
        let value = JSONValue.object([
            "b": .array([.integer(-3), .bool(true), .null, .string("ø \"q\" \\ \n\t\u{01} / é")]),
            "a": .object(["z": .integer(1), "B": .integer(2), "aa": .string("")]),
        ])
        #expect(value.canonicalString == #"{"a":{"B":2,"aa":"","z":1},"b":[-3,true,null,"ø \"q\" \\ \n\t\u0001 / é"]}"#)
        // Read back from a text with other spacing, key order and escapes, it is the same value.
        let other = #"{ "b" : [ -3, true, null, "\u00f8 \"q\" \\ \n\t\u0001 \/ \u00e9" ], "a": {"z": 1, "aa": "", "B": 2} }"#
        #expect(try JSONValue(parsing: Data(other.utf8)) == value)
        #expect(try JSONValue(parsing: Data(other.utf8)).canonicalString == value.canonicalString)
        #expect(throws: (any Error).self) { try JSONValue(parsing: Data(#"{"score": 2.5}"#.utf8)) }
    }

    @Test("an attestation survives its JSON: written, read and written again it is the same text")
    func jsonRoundTrip() throws {
        let attestation = approval(of: commit)
        #expect(attestation.problem() == nil)
        let text = attestation.json.canonicalString
        #expect(text.hasPrefix(#"{"comment":"Godt faglig opplegg.","commit":"\#(commit)","date":"2025-12-29T09:20:00Z","decision":"approved","expires":"#))
        let read = try Attestation(json: JSONValue(parsing: Data(text.utf8)))
        #expect(read == attestation)
        #expect(read.json.canonicalString == text)
    }

    @Test("signed and checked: the signature holds for the attestation and its commit, and the line reads back whole")
    func signatureRoundTrip() throws {
        let key = ReviewSigningKey()
        let signed = try key.sign(approval(of: commit))
        #expect(signed.key == key.publicKey)
        #expect(signed.key.hasPrefix("ed25519:") && signed.key.count == 8 + 44)
        #expect(!signed.line.contains("\n"), "one line per attestation in the note")
        let verifier = ReviewVerifier(trustedKeys: [key.publicKey])
        let checked = try verifier.verify(line: signed.line, attachedTo: commit, resource: resourceID)
        #expect(checked == signed)
        #expect(try SignedAttestation(line: signed.line) == signed)
    }

    @Test("a changed score, comment, commit or expiry breaks the signature")
    func tampered() throws {
        let key = ReviewSigningKey()
        let signed = try key.sign(approval(of: commit))
        let verifier = ReviewVerifier(trustedKeys: [key.publicKey])
        for (from, to) in [(#""score":3"#, #""score":4"#), ("Godt faglig opplegg.", "Svært godt."), ("2026-12-29", "2036-12-29")] {
            let line = signed.line.replacingOccurrences(of: from, with: to)
            #expect(line != signed.line)
            #expect(throws: AttestationProblem.badSignature) { try verifier.verify(line: line, attachedTo: commit, resource: resourceID) }
        }
        // Pointing the attestation at another commit breaks the signature too; only moving the
        // whole note is a wrong commit.
        let other = String(repeating: "cd", count: 20)
        let moved = signed.line.replacingOccurrences(of: commit, with: other)
        #expect(throws: AttestationProblem.badSignature) { try verifier.verify(line: moved, attachedTo: other, resource: resourceID) }
        #expect(throws: AttestationProblem.malformed("not JSON")) { try verifier.verify(line: String(signed.line.dropLast()), attachedTo: commit, resource: nil) }
    }

    @Test("a note attached to another commit than it is about, or about another resource, is refused with both ids")
    func wrongCommitOrResource() throws {
        let key = ReviewSigningKey()
        let signed = try key.sign(approval(of: commit))
        let verifier = ReviewVerifier(trustedKeys: [key.publicKey])
        let other = String(repeating: "0f", count: 20)
        let problem = #expect(throws: AttestationProblem.self) { try verifier.verify(line: signed.line, attachedTo: other, resource: resourceID) }
        #expect(problem == .wrongCommit(attested: commit, attachedTo: other))
        #expect(problem?.message.en.contains("holds only for the version it was given for") == true)
        #expect(throws: AttestationProblem.wrongResource(attested: resourceID, expected: "01OTHER")) {
            try verifier.verify(line: signed.line, attachedTo: commit, resource: "01OTHER")
        }
    }

    @Test("a key the installation does not trust is refused, also when the line names a trusted key")
    func wrongKey() throws {
        let ours = ReviewSigningKey(), theirs = ReviewSigningKey()
        let signed = try theirs.sign(approval(of: commit))
        let verifier = ReviewVerifier(trustedKeys: [ours.publicKey])
        let problem = #expect(throws: AttestationProblem.self) { try verifier.verify(line: signed.line, attachedTo: commit, resource: nil) }
        #expect(problem == .unknownKey(theirs.publicKey))
        #expect(problem?.message.en.contains("reviews.trustedKeys") == true)
        let relabelled = signed.line.replacingOccurrences(of: theirs.publicKey, with: ours.publicKey)
        #expect(throws: AttestationProblem.badSignature) { try verifier.verify(line: relabelled, attachedTo: commit, resource: nil) }
        // Trusted, the other installation's line is believed.
        #expect(try ReviewVerifier(trustedKeys: [ours.publicKey, theirs.publicKey]).verify(line: signed.line, attachedTo: commit, resource: nil) == signed)
    }

    @Test("what no installation signs: an approval without every score or without expiry, a request for changes without a comment, a short commit id", arguments: [
        "unscored", "no expiry", "silent request", "short commit", "out of scale", "scored submission",
    ])
    func rules(_ rule: String) throws {
        var attestation = approval(of: commit)
        switch rule {
        case "unscored": attestation.scores.removeLast()
        case "no expiry": attestation.expires = nil
        case "silent request":
            attestation.decision = .changesRequested
            attestation.expires = nil
            attestation.comment = nil
            attestation.scores = [Attestation.Score(criterion: "privacy", score: 1)]
        case "short commit": attestation.commit = String(commit.prefix(10))
        case "out of scale": attestation.scores[0].score = 5
        default:
            attestation.decision = .submittedForReview
            attestation.expires = nil
        }
        #expect(attestation.problem() != nil)
        #expect(throws: ReviewError.self) { try ReviewSigningKey().sign(attestation) }
    }
}

@Suite("Review notes: the installation's key, notes in git, several decisions on one commit")
struct ReviewNoteTests {
    @Test("the key is made once, readable by its owner only, through a temporary file, and its public half is written beside it")
    func keyFile() throws {
        let folder = try TemporaryFolder()
        let data = DataFolder(explicit: folder.appending("data").path)
        #expect(try ReviewSigningKey.load(in: data) == nil)
        let made = try ReviewSigningKey.loadOrCreate(in: data)
        let file = ReviewSigningKey.file(in: data)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: file.deletingLastPathComponent().path)[.posixPermissions] as? Int == 0o700)
        #expect(try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path).sorted() == ["reviews.ed25519", "reviews.ed25519.pub"],
                "no temporary file is left")
        #expect(try String(contentsOf: ReviewSigningKey.publicFile(in: data), encoding: .utf8) == made.publicKey + "\n")
        #expect(try ReviewSigningKey.loadOrCreate(in: data).publicKey == made.publicKey)
        #expect(try ReviewSigningKey.load(in: data)?.publicKey == made.publicKey)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let refused = #expect(throws: ReviewError.self) { try ReviewSigningKey.load(in: data) }
        #expect(refused?.message.en.contains("chmod 600") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        try "not a key\n".write(to: file, atomically: false, encoding: .utf8)
        #expect(throws: ReviewError.self) { try ReviewSigningKey.loadOrCreate(in: data) }
    }

    @Test("submitted, changes requested, approved: the note keeps all three in order, as git notes show")
    func appendSeveral() throws {
        let folder = try TemporaryFolder()
        let commit = try makeResource(at: folder.appending("brok"))[0]
        let data = DataFolder(explicit: folder.appending("data").path)
        let recorder = try ReviewRecorder(data: data, configuration: InstallationConfiguration())
        let teacher = Attestation.Person(user: "kari", name: "Kari Nordmann")
        try recorder.record(ReviewRequest(resourceID: resourceID, revision: "HEAD", decision: .submittedForReview, by: teacher), in: folder.appending("brok"), at: start)
        try recorder.record(ReviewRequest(resourceID: resourceID, revision: "main", decision: .changesRequested, by: reviewer,
                                          scores: [Attestation.Score(criterion: "universal-design", score: 2, comment: "Bildet mangler alternativ tekst.")]),
                            in: folder.appending("brok"), at: start.addingTimeInterval(day))
        let approved = try recorder.record(ReviewRequest(resourceID: resourceID, revision: String(commit.prefix(8)), decision: .approved, by: reviewer,
                                                         scores: fullScores(4), comment: "Rettet."),
                                           in: folder.appending("brok"), at: start.addingTimeInterval(2 * day))
        #expect(approved.attestation.expires == start.addingTimeInterval(367 * day), "365 days by default")
        #expect(approved.attestation.commit == commit)

        let shown = try GitCommandLine.run(["notes", "--ref=allmenning/reviews", "show", commit], in: folder.appending("brok"))
        let lines = shown.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.map { try? SignedAttestation(line: $0).attestation.decision } == [.submittedForReview, .changesRequested, .approved])
        #expect(lines[2] == approved.line)

        let repository = try Repository.open(at: folder.appending("brok"))
        let reading = try ReviewNotes.read(repository, verifier: ReviewSigningKey.verifier(in: data, configuration: InstallationConfiguration()), resource: resourceID)
        #expect(reading.rejected.isEmpty)
        #expect(reading.verified.map(\.position) == [0, 1, 2])
        // The same line twice is kept once.
        try ReviewNotes.append(approved, to: folder.appending("brok"))
        #expect(try ReviewNotes.lines(in: repository).count == 3)
        try GitCommandLine.run(["fsck", "--strict", "--no-dangling"], in: folder.appending("brok"))
    }

    @Test("eight reviewers writing to one repository at once each keep their line")
    func concurrentAppends() throws {
        let folder = try TemporaryFolder()
        let commits = try makeResource(at: folder.appending("brok"), commits: 2)
        let key = ReviewSigningKey()
        let signed = try (0..<8).map { number in
            try key.sign(Attestation(resource: resourceID, commit: commits[number % 2], decision: .changesRequested,
                                     reviewer: Attestation.Person(user: "r\(number)", name: "Reviewer \(number)"), date: start,
                                     rubric: Attestation.Rubric(ReviewRubric.builtIn), comment: "Kommentar \(number)"))
        }
        let url = folder.appending("brok")
        DispatchQueue.concurrentPerform(iterations: 8) { number in
            try? ReviewNotes.append(signed[number], to: url, at: start)
        }
        let lines = try ReviewNotes.lines(in: Repository.open(at: url))
        #expect(Set(lines.map(\.text)) == Set(signed.map(\.line)))
    }

    @Test("a note copied to another commit with git is refused there and believed where it belongs; a line from an unknown key is reported")
    func movedNote() throws {
        let folder = try TemporaryFolder()
        let url = folder.appending("brok")
        let commits = try makeResource(at: url, commits: 2)
        let data = DataFolder(explicit: folder.appending("data").path)
        let recorder = try ReviewRecorder(data: data, configuration: InstallationConfiguration())
        try recorder.record(ReviewRequest(resourceID: resourceID, revision: commits[0], decision: .approved, by: reviewer, scores: fullScores()), in: url, at: start)
        try GitCommandLine.run(["notes", "--ref=allmenning/reviews", "copy", commits[0], commits[1]], in: url)
        let stranger = try ReviewSigningKey().sign(approval(of: commits[1]))
        try ReviewNotes.append(stranger, to: url)

        let reading = try ReviewNotes.read(Repository.open(at: url), verifier: ReviewSigningKey.verifier(in: data, configuration: InstallationConfiguration()),
                                           resource: resourceID)
        #expect(reading.verified.map(\.commit.hex) == [commits[0]])
        #expect(reading.rejected.count == 2)
        #expect(reading.rejected.contains { $0.problem == .wrongCommit(attested: commits[0], attachedTo: commits[1]) })
        #expect(reading.rejected.contains { $0.problem == .unknownKey(stranger.key) })
    }

    @Test("the recorder refuses a version off the published branch, another resource's version and an incomplete approval, and writes nothing")
    func recorderRefuses() throws {
        let folder = try TemporaryFolder()
        let url = folder.appending("brok")
        _ = try makeResource(at: url)
        try GitCommandLine.run(["checkout", "-q", "-b", "draft"], in: url)
        try GitCommandLine.write("utkast\n", to: "draft.md", in: url)
        try GitCommandLine.run(["add", "-A"], in: url)
        try GitCommandLine.run(["commit", "-q", "-m", "Draft"], in: url)
        let draft = try GitCommandLine.run(["rev-parse", "HEAD"], in: url).trimmingCharacters(in: .whitespacesAndNewlines)
        try GitCommandLine.run(["checkout", "-q", "main"], in: url)
        let recorder = ReviewRecorder(key: ReviewSigningKey(), settings: InstallationConfiguration.Reviews())

        let offBranch = #expect(throws: ReviewError.self) {
            try recorder.record(ReviewRequest(resourceID: resourceID, revision: draft, decision: .approved, by: reviewer, scores: fullScores()), in: url, at: start)
        }
        #expect(offBranch?.message.en.contains("not on the published branch (refs/heads/main)") == true)
        let other = #expect(throws: ReviewError.self) {
            try recorder.record(ReviewRequest(resourceID: "01OTHER", revision: "HEAD", decision: .approved, by: reviewer, scores: fullScores()), in: url, at: start)
        }
        #expect(other?.message.en.contains("resource.yaml says \(resourceID)") == true)
        let incomplete = #expect(throws: ReviewError.self) {
            try recorder.record(ReviewRequest(resourceID: resourceID, revision: "HEAD", decision: .approved, by: reviewer,
                                              scores: Array(fullScores().prefix(2))), in: url, at: start)
        }
        #expect(incomplete?.message.en.contains("these are missing: universal-design, privacy") == true)
        #expect(try ReviewNotes.lines(in: Repository.open(at: url)).isEmpty)
    }
}
