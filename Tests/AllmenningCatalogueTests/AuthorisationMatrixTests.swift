import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import Testing

/// The acceptance test of issue 8's authorisation: every action × every role and nobody,
/// allowed or refused exactly as the README's table says. The subjects are built here from the
/// table's words, not from the policy's own rules, so a change to either that the other does
/// not share fails.
@Suite("Authorisation matrix: the policy answers as the README's table says, for every action and role")
struct AuthorisationMatrixTests {
    static let school: Int64 = 10
    static let otherSchool: Int64 = 20

    /// The actor of a column: nobody, or a user of that role at `school`.
    static func actor(_ column: String) -> Member? {
        guard column != "nobody" else { return nil }
        guard let role = Role(rawValue: column) else { return nil }
        return Member(user: 1, userName: "aktør", role: role, organisation: school)
    }

    /// What a situation of the table means for an actor.
    static func subject(_ situation: String, actor: Member?) -> AuthorisationSubject? {
        let ownerIfNobody = Member(user: 99, userName: "eier", role: .teacher, organisation: school)
        switch situation {
        case "own": return AuthorisationSubject(owner: actor ?? ownerIfNobody)
        case "own, not yet published": return AuthorisationSubject(owner: actor ?? ownerIfNobody, isPublic: false)
        case "a colleague's": return AuthorisationSubject(owner: Member(user: 2, userName: "kollega", role: .teacher, organisation: school))
        case "no user's": return AuthorisationSubject(owner: nil)
        case "published": return AuthorisationSubject(owner: Member(user: 3, userName: "annen", role: .teacher, organisation: otherSchool))
        case "a pupil's, same school":
            return AuthorisationSubject(owner: Member(user: 4, userName: "elev", role: .student, organisation: school), isPublic: false)
        case "a pupil's, other school":
            return AuthorisationSubject(owner: Member(user: 5, userName: "elev2", role: .student, organisation: otherSchool), isPublic: false)
        case "another user's": return AuthorisationSubject(owner: Member(user: 4, userName: "elev", role: .student, organisation: school))
        case "the installation": return .installation
        default: return nil
        }
    }

    @Test("the README's table is complete: every action, every role and nobody, each action and situation once")
    func tableIsComplete() throws {
        let table = try RolesTable()
        #expect(table.actorColumns == ["nobody"] + Role.allCases.map(\.rawValue))
        #expect(Set(table.rows.map(\.action)) == Set(AuthorisedAction.allCases.map(\.rawValue)))
        let pairs = table.rows.map { "\($0.action) / \($0.situation)" }
        #expect(pairs.count == Set(pairs).count, "a row twice: \(pairs)")
        for row in table.rows {
            #expect(AuthorisedAction(rawValue: row.action) != nil, "README.md:\(row.line): unknown action \(row.action)")
            #expect(Self.subject(row.situation, actor: nil) != nil, "README.md:\(row.line): unknown situation \(row.situation)")
        }
    }

    @Test("every cell: allowed where the table says yes, refused with a reason in both languages where it says no")
    func everyCell() throws {
        let table = try RolesTable()
        var cells = 0
        for row in table.rows {
            let action = try #require(AuthorisedAction(rawValue: row.action))
            for column in table.actorColumns {
                let actor = Self.actor(column)
                let subject = try #require(Self.subject(row.situation, actor: actor))
                let expected = try #require(row.allowed[column])
                let decision = Authorisation.decide(action, by: actor, on: subject)
                #expect(decision.isAllowed == expected,
                        "README.md:\(row.line): \(row.action) on \(row.situation) by \(column): the table says \(expected ? "yes" : "no"), the policy \(decision)")
                if case .refused(let reason) = decision {
                    #expect(!reason.nb.isEmpty && !reason.en.isEmpty && reason.nb != reason.en, "\(row.action) / \(column): \(reason)")
                }
                cells += 1
            }
        }
        #expect(cells == table.rows.count * 5)
        #expect(cells >= AuthorisedAction.allCases.count * 5)
    }

    @Test("a refusal says what to do: nobody is told to say who they are; a reviewer, why not their own")
    func reasons() {
        guard case .refused(let login) = Authorisation.decide(.push, by: nil, on: AuthorisationSubject(owner: nil)) else { Issue.record("refused"); return }
        #expect(login.en.contains("access token") && login.nb.contains("tilgangsnøkkel"))
        let reviewer = Member(user: 7, userName: "rita", role: .reviewer, organisation: Self.school)
        guard case .refused(let own) = Authorisation.decide(.review, by: reviewer, on: AuthorisationSubject(owner: reviewer)) else { Issue.record("refused"); return }
        #expect(own.en.contains("never reviews their own") && own.en.contains("another reviewer"))
        let teacher = Member(user: 8, userName: "kari", role: .teacher, organisation: Self.school)
        guard case .refused(let seeded) = Authorisation.decide(.push, by: teacher, on: AuthorisationSubject(owner: nil)) else { Issue.record("refused"); return }
        #expect(seeded.en.contains("allmenning seed") && seeded.en.contains("repositories owner"))
        let colleague = Member(user: 9, userName: "per", role: .teacher, organisation: Self.school)
        guard case .refused(let theirs) = Authorisation.decide(.push, by: teacher, on: AuthorisationSubject(owner: colleague)) else { Issue.record("refused"); return }
        #expect(theirs.en.contains("\"per\"") && theirs.nb.contains("«per»"))
    }
}
