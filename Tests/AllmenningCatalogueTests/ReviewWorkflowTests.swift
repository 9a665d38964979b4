import AllmenningCatalogue
import AllmenningCore
import AllmenningGit
import AllmenningReviews
import Foundation
import GitTestSupport
import Testing

/// Users, an owner for the fixture's repository, and the workflow over the fixture's
/// catalogue and key.
struct ReviewWorkflowFixture {
    let base: ReviewFixture
    let workflow: ReviewWorkflow
    var store: SQLiteCatalogue { base.store }

    init() throws {
        base = try ReviewFixture()
        let store = base.store
        _ = try store.addOrganisation(NewOrganisation(name: "nygard-skole", displayName: "Nygård skole", kind: .school), by: .installation, at: ReviewFixture.start)
        for (name, role) in [("kari", Role.teacher), ("per", .teacher), ("ola", .reviewer), ("rita", .reviewer), ("ada", .administrator), ("elev", .student)] {
            _ = try store.addUser(NewUser(userName: name, displayName: role == .student ? "Eli Elevsen" : name.capitalized + " Nordmann", role: role,
                                          organisation: "nygard-skole", pseudonym: role == .student ? "Elev 9B-3" : nil),
                                  by: .installation, at: ReviewFixture.start)
        }
        #expect(base.indexer.index(repository: base.repository).status == .published)
        try store.setOwner(ofRepository: Indexer.location(of: base.repository), to: "kari", by: .installation, at: ReviewFixture.start)
        workflow = ReviewWorkflow(store: store, recorder: base.recorder, checks: base.indexer.checks)
    }

    func user(_ name: String) throws -> Acting { .user(try #require(try store.user(named: name))) }

    static var fullScores: ReviewAssessment {
        ReviewAssessment(entries: ReviewRubric.builtIn.criteria.map { ReviewAssessment.Entry(criterion: $0.id, score: 3) })
    }

    @discardableResult
    func decide(_ decision: Attestation.Decision, by name: String, commit: String? = nil, assessment: ReviewAssessment? = nil,
                comment: String? = nil, at date: Date = ReviewFixture.start) throws -> ReviewOutcome {
        try workflow.decide(ReviewDecisionRequest(resourceID: ReviewFixture.id, commit: commit, decision: decision,
                                                  assessment: assessment ?? (decision == .approved ? Self.fullScores : ReviewAssessment(entries: [])),
                                                  comment: comment),
                            by: try user(name), at: date)
    }

    func refusal(_ decision: Attestation.Decision, by acting: Acting, comment: String? = "Se figur 2.") -> StewardshipFailure? {
        do {
            try workflow.decide(ReviewDecisionRequest(resourceID: ReviewFixture.id, decision: decision,
                                                      assessment: decision == .approved ? Self.fullScores : ReviewAssessment(entries: []), comment: comment),
                                by: acting, at: ReviewFixture.start)
            return nil
        } catch { return error }
    }

    func reviewEntries() throws -> [AuditEntry] {
        try store.auditEntries(since: nil, limit: nil).filter { $0.action.hasPrefix("review.") }
    }
}

@Suite("Review decisions by users: the policy, the version, the rubric, the audit log")
struct ReviewWorkflowTests {
    @Test("a student, a teacher who is not the owner and nobody may not submit; a teacher and the installation setting up may not review; a reviewer never approves their own")
    func policyRefusals() throws {
        let fixture = try ReviewWorkflowFixture()
        let student = try #require(fixture.refusal(.submittedForReview, by: try fixture.user("elev")))
        #expect(student.kind == .refused && student.message.en.contains("Students' resources are published when a teacher approves them"))
        let colleague = try #require(fixture.refusal(.submittedForReview, by: try fixture.user("per")))
        #expect(colleague.kind == .refused && colleague.message.en.contains("Only the resource's owner (\"kari\")"))
        #expect(fixture.refusal(.submittedForReview, by: .nobody)?.kind == .refused)
        let teacher = try #require(fixture.refusal(.approved, by: try fixture.user("per")))
        #expect(teacher.kind == .refused && teacher.message.en.contains("Only reviewers approve or request changes"))
        #expect(fixture.refusal(.changesRequested, by: try fixture.user("kari"))?.kind == .refused)
        #expect(fixture.refusal(.approved, by: try fixture.user("ada"))?.kind == .refused, "administrators do not review")
        #expect(fixture.refusal(.approved, by: .installationSetup)?.kind == .refused)

        try fixture.store.setOwner(ofRepository: Indexer.location(of: fixture.base.repository), to: "ola", by: .installation, at: ReviewFixture.start)
        let own = try #require(fixture.refusal(.approved, by: try fixture.user("ola")))
        #expect(own.kind == .refused && own.message.en.contains("never reviews their own resource"))
        #expect(fixture.refusal(.approved, by: try fixture.user("rita")) == nil, "another reviewer may")

        // A student's resource is not public until a teacher approves its publication.
        try fixture.store.setOwner(ofRepository: Indexer.location(of: fixture.base.repository), to: "elev", by: .installation, at: ReviewFixture.start)
        let pupils = try #require(fixture.refusal(.approved, by: try fixture.user("ola")))
        #expect(pupils.kind == .refused && pupils.message.en.contains("not published yet"))

        // Nothing refused left a trace: one approval (rita's), in git, the catalogue and the log.
        let notes = try GitCommandLine.run(["notes", "--ref=allmenning/reviews", "show", try fixture.base.head()], in: fixture.base.repository)
        #expect(notes.split(separator: "\n").count == 1)
        #expect(try fixture.store.reviews(of: ReviewFixture.id).count == 1)
        #expect(try fixture.reviewEntries().map { "\($0.actor ?? "-") \($0.action)" } == ["rita review.approve"])

        // Once a teacher has approved its publication, the pupil's resource is public and reviewed.
        _ = try Publication(store: fixture.store).approve(ReviewFixture.id, by: try fixture.user("kari"), at: ReviewFixture.start)
        #expect(fixture.refusal(.approved, by: try fixture.user("ola")) == nil)
    }

    @Test("submitted by the owner, approved by a reviewer: signed, indexed, in the log; an approval of A does not carry over to B, which is listed with its changed files")
    func approvalOfAThenB() throws {
        let fixture = try ReviewWorkflowFixture()
        let a = try fixture.base.head()
        let submitted = try fixture.decide(.submittedForReview, by: "kari", comment: "Klar for vurdering.")
        #expect(submitted.signed.attestation.commit == a)
        #expect(submitted.signed.attestation.reviewer == Attestation.Person(user: "kari", name: "Kari Nordmann", organisation: "Nygård skole"))
        #expect(submitted.status.pendingSubmissions.map(\.commit) == [a])

        let approved = try fixture.decide(.approved, by: "ola", commit: String(a.prefix(8)), comment: "Solid.", at: ReviewFixture.start.addingTimeInterval(60))
        #expect(approved.signed.attestation.decision == .approved)
        #expect(approved.signed.attestation.scores.count == ReviewRubric.builtIn.criteria.count)
        #expect(approved.status.state == .approved && approved.status.approval?.commit == a)
        #expect(approved.status.pendingSubmissions.isEmpty)
        #expect(try fixture.base.approvedInSearch() == [a])

        let entries = try fixture.reviewEntries()
        #expect(entries.map { "\($0.actor ?? "-") \($0.action) \($0.subjectType) \($0.subject)" }
                == ["kari review.submit resource \(ReviewFixture.id)", "ola review.approve resource \(ReviewFixture.id)"])
        #expect(entries.last?.details["commit"] == a)
        #expect(entries.last?.details["signature"] == approved.signed.signature)
        #expect(entries.last?.details["comment"] == "Solid.")

        try commit(["index.md": "# Brøk med pizza\n\nNå med tolv biter.\n", "fasit.md": "# Fasit\n"], in: fixture.base.repository, message: "Tolv biter")
        let b = try fixture.base.head()
        #expect(fixture.base.indexer.index(repository: fixture.base.repository).status == .published)
        let status = try fixture.base.status()
        #expect(status.state == .newerVersionUnreviewed)
        #expect(status.approval?.commit == a && status.currentCommit == b)
        #expect(status.newerCommits.map(\.commit) == [b])
        #expect(status.newerCommits.first?.files == [PathChange(path: "fasit.md", status: .added), PathChange(path: "index.md", status: .modified)])
        #expect(try fixture.base.approvedInSearch().isEmpty)

        // Without @COMMIT the current version, B, is the one decided on.
        let changes = try fixture.decide(.changesRequested, by: "rita", comment: "Fasiten mangler brøk nummer tre.")
        #expect(changes.signed.attestation.commit == b)
        #expect(changes.status.changesRequested.map(\.commit) == [b])
        #expect(changes.status.approval?.commit == a, "A's approval is A's, and stays")
        #expect(try fixture.reviewEntries().count == 3)
    }

    @Test("a version the catalogue does not have, a short or ambiguous id, and an unknown resource are told apart")
    func versions() throws {
        let fixture = try ReviewWorkflowFixture()
        let kari = try fixture.user("kari")
        func failure(_ commit: String?, resource: String = ReviewFixture.id) -> StewardshipFailure? {
            do {
                try fixture.workflow.decide(ReviewDecisionRequest(resourceID: resource, commit: commit, decision: .submittedForReview),
                                            by: kari, at: ReviewFixture.start)
                return nil
            } catch { return error }
        }
        #expect(failure("0000000000")?.kind == .notFound)
        #expect(failure("abc")?.kind == .invalid)
        #expect(failure("not-hex-at-all")?.kind == .invalid)
        #expect(failure(nil, resource: "01NOPE")?.kind == .notFound)
        // A commit in the repository that was never indexed is not a version of the resource.
        try commit(["index.md": "# Utkast\n"], in: fixture.base.repository, message: "Utkast")
        let draft = try fixture.base.head()
        #expect(failure(draft)?.kind == .notFound)
        #expect(try fixture.store.reviews(of: ReviewFixture.id).isEmpty)
    }

    @Test("a rubric file: scores and comments per criterion; mistakes name the file, the line and the fix; an approval needs every criterion")
    func rubricFiles() throws {
        let fixture = try ReviewWorkflowFixture()
        let rubric = ReviewRubric.builtIn
        let file = fixture.base.folder.appending("vurdering.yaml")
        func load(_ text: String) throws -> ReviewAssessment {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return try ReviewAssessment.load(from: file, rubric: rubric)
        }
        func problem(_ text: String) -> ReviewRubric.Problem? {
            do { _ = try load(text); return nil } catch let problem as ReviewRubric.Problem { return problem } catch { return nil }
        }
        let ids = rubric.criteria.map(\.id)
        let good = try load(ids.enumerated().map { index, id in index == 0 ? "\(id): { score: 4, comment: Presist fagstoff. }" : "\(id): 3" }.joined(separator: "\n") + "\n")
        #expect(good.file == file.path)
        #expect(good.entries.first == ReviewAssessment.Entry(criterion: ids[0], score: 4, comment: "Presist fagstoff.", line: 1))
        #expect(good.unscored(in: rubric).isEmpty)

        let unknown = try #require(problem("\(ids[0]): 3\nsubject-qality: 2\n"))
        #expect(unknown.file == file.path && unknown.line == 2)
        #expect(unknown.message.en.contains("\"subject-qality\" is not a criterion") && unknown.message.en.contains("(subject-quality?)"))
        let outOfScale = try #require(problem("\(ids[0]): 3\n\(ids[1]): { score: 7 }\n"))
        #expect(outOfScale.line == 2 && outOfScale.message.en.contains("a whole number from 1 to 4"))
        #expect(problem("\(ids[0]): { score: 3, note: x }\n")?.message.en.contains("write score and comment") == true)
        #expect(problem("- \(ids[0])\n")?.line == 1)
        #expect(problem("\(ids[0]): [3\n")?.message.en.contains("Not valid YAML") == true)
        #expect(problem("\(ids[0]): {}\n")?.message.en.contains("neither a score nor a comment") == true)
        let missing = fixture.base.folder.appending("nowhere.yaml")
        let notThere: ReviewRubric.Problem? = {
            do { _ = try ReviewAssessment.load(from: missing, rubric: rubric); return nil } catch let problem as ReviewRubric.Problem { return problem } catch { return nil }
        }()
        #expect(notThere?.file == missing.path && notThere?.message.en == "The file does not exist (or is not a file).")

        // Two criteria scored: an approval is refused, naming the file, the next line and what
        // is missing; nothing is written.
        let partial = try load("\(ids[0]): 4\n\(ids[1]): { score: 3, comment: Oppdatert. }\n")
        let refused: StewardshipFailure? = {
            do { try fixture.decide(.approved, by: "ola", assessment: partial); return nil } catch { return error as? StewardshipFailure }
        }()
        let failure = try #require(refused)
        #expect(failure.kind == .invalid && failure.file == file.path && failure.line == 3)
        #expect(failure.text(in: .en).hasPrefix("\(file.path):3: An approval scores every criterion of the rubric; these are missing: \(ids[2...].joined(separator: ", "))"))
        // The same file is a fine request for changes (it has a comment), and a submission
        // gives no scores.
        #expect(try fixture.decide(.changesRequested, by: "ola", assessment: partial).signed.attestation.scores.count == 2)
        let submission: StewardshipFailure? = {
            do { try fixture.decide(.submittedForReview, by: "kari", assessment: partial); return nil } catch { return error as? StewardshipFailure }
        }()
        #expect(submission?.kind == .invalid && submission?.line == 1)
        let silent: StewardshipFailure? = {
            do { try fixture.decide(.changesRequested, by: "ola"); return nil } catch { return error as? StewardshipFailure }
        }()
        #expect(silent?.kind == .invalid && silent?.message.en.contains("must say what to change") == true)
        #expect(try fixture.reviewEntries().map(\.action) == ["review.request-changes"])
    }

    @Test("a process that stops between the note and the catalogue: the next indexing of the notes writes the review and its audit entry, once")
    func stoppedBetweenNoteAndCatalogue() throws {
        let fixture = try ReviewWorkflowFixture()
        let a = try fixture.base.head()
        // What the workflow writes first, alone: the signed note, as "ola".
        let signed = try fixture.base.recorder.record(
            ReviewRequest(resourceID: ReviewFixture.id, revision: a, decision: .approved,
                          by: Attestation.Person(user: "ola", name: "Ola Nordmann", organisation: "Nygård skole"),
                          scores: ReviewRubric.builtIn.criteria.map { Attestation.Score(criterion: $0.id, score: 4) }),
            in: fixture.base.repository, at: ReviewFixture.start)
        #expect(try fixture.reviewEntries().isEmpty && fixture.store.reviews(of: ReviewFixture.id).isEmpty)

        // The next indexing (a push, allmenning index) with the installation's key.
        var checks = fixture.base.indexer.checks
        checks.installationKey = fixture.base.recorder.key.publicKey
        let indexer = Indexer(store: fixture.store, checks: checks)
        #expect(indexer.index(repository: fixture.base.repository).reviews?.stored == 1)
        var entries = try fixture.reviewEntries()
        #expect(entries.map { "\($0.actor ?? "-") \($0.action)" } == ["ola review.approve"])
        #expect(entries.first?.details["signature"] == signed.signature)
        #expect(entries.first?.details["decidedAt"] == Attestation.timestamp(ReviewFixture.start))

        // Again, and through the workflow's own path: no second entry.
        #expect(indexer.indexReviews(repository: fixture.base.repository).status == .unchanged)
        try fixture.decide(.submittedForReview, by: "kari")
        entries = try fixture.reviewEntries()
        #expect(entries.map(\.action) == ["review.approve", "review.submit"])

        // A decision signed by another installation's key (a mirror) is indexed, not audited.
        let other = ReviewSigningKey()
        let foreign = try other.sign(Attestation(resource: ReviewFixture.id, commit: a, decision: .submittedForReview,
                                                 reviewer: Attestation.Person(user: "kari", name: "Kari"), date: ReviewFixture.start, rubric: Attestation.Rubric(ReviewRubric.builtIn)))
        try ReviewNotes.append(foreign, to: fixture.base.repository)
        checks.reviewVerifier.trustedKeys.insert(other.publicKey)
        #expect(Indexer(store: fixture.store, checks: checks).indexReviews(repository: fixture.base.repository).reviews?.stored == 3)
        #expect(try fixture.reviewEntries().count == 2)
    }
}
