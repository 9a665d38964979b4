import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport

/// The write endpoints of students' publishing: approving a pupil's resource and withdrawing
/// one, by the resource page's forms and through the API. Each attempt gets a resource of its
/// own, so that one actor's decision does not decide the next one's.
extension WriteEndpoint {
    static let publication: [WriteEndpoint] = [
        ("approve-publication", "own", nil), ("approve-publication", "a colleague's", nil),
        ("approve-publication", "a pupil's, same school", "a pupil's, same school"),
        ("approve-publication", "a pupil's, other school", "a pupil's, other school"),
        ("withdraw", "own", nil), ("withdraw", "a colleague's", nil),
        ("withdraw", "a pupil's, same school", "a pupil's, same school"),
    ].flatMap { (action: String, situation: String, seen: String?) -> [WriteEndpoint] in
        let approving = action == "approve-publication"
        let form = WriteEndpoint(name: "POST /resources/{id}/\(approving ? "publication/approve" : "withdraw"), \(situation)",
                                 who: .policy(action: action, situation: situation), channel: .form, seenAs: seen) { world, actor, csrf in
            let id = try await world.resource(ownedBy: MatrixWorld.owner(situation, actor))
            let answer = try await world.post(actor, "/resources/\(id)/\(approving ? "publication/approve" : "withdraw")", form: [], csrf: csrf)
            return Attempt(answer, changed: try world.decided(id, approval: approving))
        }
        let api = WriteEndpoint(name: "POST /api/resources/{id}/\(approving ? "publication-approval" : "withdrawal"), \(situation)",
                                who: .policy(action: action, situation: situation), channel: .api, seenAs: seen) { world, actor, _ in
            let id = try await world.resource(ownedBy: MatrixWorld.owner(situation, actor))
            let answer = try await world.api(actor, "POST", "/api/resources/\(id)/\(approving ? "publication-approval" : "withdrawal")")
            return Attempt(answer, changed: try world.decided(id, approval: approving))
        }
        return [form, api]
    }
}

extension MatrixWorld {
    /// A pupil at the actors' school, and one at another school.
    static let classmate = "klassekamerat"
    static let otherSchoolsPupil = "elev-annen-skole"

    /// Whose resource a situation of the README's table is, for this actor.
    static func owner(_ situation: String, _ actor: Actor) -> String {
        switch situation {
        case "own": actor.user ?? classmate
        case "a pupil's, same school": classmate
        case "a pupil's, other school": otherSchoolsPupil
        default: colleague
        }
    }

    static func addPupils(to server: ServerFixture) throws {
        try server.user(Self.classmate, .student)
        _ = try server.catalogue.addOrganisation(NewOrganisation(name: "annen-skole", displayName: "Annen skole", kind: .school), by: .installation, at: Date())
        _ = try server.catalogue.addUser(NewUser(userName: Self.otherSchoolsPupil, displayName: "Siri Annensen", role: .student, organisation: "annen-skole",
                                                 pseudonym: "Elev 8A-1"), by: .installation, at: Date())
    }

    /// A new resource in a repository of its own in the data folder, indexed, belonging to
    /// `owner`: a pupil's is not public until approved. Made off the cooperative threads, which
    /// the server in this process answers on.
    func resource(ownedBy owner: String) async throws -> String {
        try await offCooperativeThreads { [self] in try makeResource(ownedBy: owner) }
    }

    private func makeResource(ownedBy owner: String) throws -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let id = "01" + String((0..<24).map { _ in alphabet.randomElement()! })
        let repository = server.data.url.appendingPathComponent("repositories/matrise-\(id.lowercased()).git")
        try FileManager.default.createDirectory(at: repository, withIntermediateDirectories: true)
        try GitCommandLine.run(["init", "-q", "-b", "main"], in: repository)
        try GitCommandLine.write("""
            manifest: 1
            id: \(id)
            title:
              nb: Vulkaner
            language: [nb]
            kind: teacher
            type: [presentation]
            level: ["9"]
            licence: CC-BY-4.0
            authors:
              - { name: Kari Nordmann, role: author }
            entry: index.md

            """, to: "resource.yaml", in: repository)
        try GitCommandLine.write("# Vulkaner\n\nEn vulkan er et fjell der glødende magma kommer opp fra jordas indre.\n", to: "index.md", in: repository)
        try GitCommandLine.run(["add", "-A"], in: repository)
        try GitCommandLine.run(["commit", "-q", "-m", "Vulkaner"], in: repository)
        _ = Indexer(store: server.catalogue, checks: server.checks).index(repository: repository)
        try server.catalogue.setOwner(ofRepository: Indexer.location(of: repository), to: owner, by: .installation, at: Date())
        return id
    }

    /// Whether the resource's publication was approved (or, `approval` false, it was withdrawn).
    func decided(_ id: String, approval: Bool) throws -> Bool {
        let state = try server.catalogue.publicationState(of: id)
        return approval ? state?.approval != nil : state?.withdrawal != nil
    }
}
