import AllmenningCatalogue
import AllmenningCore
import Foundation

/// Accounts in a test server's catalogue: a school, users of each role, repositories' owners
/// and tokens, made directly in the store as `allmenning users add` and the rest would.
extension ServerFixture {
    static let school = "nygard-skole"

    /// A user of `role` at the test school (made with the school when it is the first).
    @discardableResult
    func user(_ userName: String, _ role: Role) throws -> User {
        if try !catalogue.organisations().contains(where: { $0.name == Self.school }) {
            _ = try catalogue.addOrganisation(NewOrganisation(name: Self.school, displayName: "Nygård skole", kind: .school), by: .installation, at: Date())
        }
        return try catalogue.addUser(NewUser(userName: userName, displayName: role == .student ? "\(userName.capitalized) Hansen" : nil, role: role,
                                             organisation: Self.school, pseudonym: role == .student ? "Elev 9B-\(userName.count)" : nil),
                                     by: .installation, at: Date())
    }

    func token(for userName: String, named name: String = "laptop", expiresAt: Date? = nil, at date: Date = Date()) throws -> IssuedToken {
        try catalogue.addToken(named: name, for: userName, expiresAt: expiresAt, by: .installation, at: date)
    }

    /// Gives a hosted repository (by name, as in /git/NAME.git without .git) to a user, or to none.
    func give(_ repository: String, to userName: String?) throws {
        let location = Indexer.location(of: data.url.appendingPathComponent("repositories/\(repository).git"))
        try catalogue.setOwner(ofRepository: location, to: userName, by: .installation, at: Date())
    }

    /// A token of the teacher "kari", who owns the hosted repository: what a push that should
    /// get through needs.
    func ownersToken(_ repository: String) throws -> IssuedToken {
        if try catalogue.user(named: "kari") == nil { try user("kari", .teacher) }
        try give(repository, to: "kari")
        return try token(for: "kari")
    }
}
