import AllmenningCatalogue
import Foundation
import GitTestSupport
import GRDB

/// A catalogue with a municipality and two schools, to add users to.
struct AccountsFixture {
    let folder: TemporaryFolder
    let store: SQLiteCatalogue
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    /// A cheap scrypt for tests that set passwords: the cost is in the stored hash, so
    /// verifying works the same at any cost.
    static let testCost = PasswordHash.Cost(logRounds: 10, blockSize: 8, parallelism: 1)

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteCatalogue(file: folder.appending("catalogue.sqlite"))
        _ = try store.addOrganisation(NewOrganisation(name: "bergen", displayName: "Bergen kommune", kind: .municipality), by: .installation, at: now)
        _ = try store.addOrganisation(NewOrganisation(name: "nygard-skole", displayName: "Nygård skole", kind: .school, municipality: "bergen"),
                                      by: .installation, at: now)
        _ = try store.addOrganisation(NewOrganisation(name: "fjell-skole", displayName: "Fjell skole", kind: .school), by: .installation, at: now)
    }

    /// A user of `role` at `organisation`; students get a name and a pseudonym.
    @discardableResult
    func user(_ userName: String, _ role: Role, at organisation: String = "nygard-skole") throws -> User {
        try store.addUser(NewUser(userName: userName, displayName: role == .student ? "Elev \(userName.capitalized) Hansen" : nil, role: role,
                                  organisation: organisation, pseudonym: role == .student ? "Pseudonym \(userName.count)" : nil),
                          by: .installation, at: now)
    }

    func setPassword(_ password: String, of userName: String) throws {
        try store.setPassword(try PasswordHash.make(password, cost: Self.testCost), ofUser: userName, by: .installation, at: now)
    }

    func queue() throws -> DatabaseQueue { try DatabaseQueue(path: store.file.path) }
}
