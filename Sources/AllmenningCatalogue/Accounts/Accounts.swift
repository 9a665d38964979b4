import AllmenningCore
import Foundation

/// What a person may do is decided by their role (see `Authorisation`); reviewers are
/// teachers who also review, administrators run the installation.
public enum Role: String, CaseIterable, Sendable, Codable {
    case student, teacher, reviewer, administrator

    public var localizedName: LocalizedText {
        switch self {
        case .student: LocalizedText(nb: "elev", en: "student")
        case .teacher: LocalizedText(nb: "lærer", en: "teacher")
        case .reviewer: LocalizedText(nb: "fagfelle", en: "reviewer")
        case .administrator: LocalizedText(nb: "administrator", en: "administrator")
        }
    }
}

/// A school or a municipality. A school may belong to a municipality, its school owner.
public struct Organisation: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        case school, municipality
    }

    public var id: Int64
    /// The short name people type (`nygard-skole`): unique, and what commands take.
    public var name: String
    public var displayName: String
    public var kind: Kind
    /// The short name of the municipality a school belongs to.
    public var municipality: String?
    public var createdAt: Date
}

public struct NewOrganisation: Sendable {
    public var name: String
    public var displayName: String
    public var kind: Organisation.Kind
    public var municipality: String?

    public init(name: String, displayName: String? = nil, kind: Organisation.Kind, municipality: String? = nil) {
        self.name = name
        self.displayName = displayName ?? name
        self.kind = kind
        self.municipality = municipality
    }
}

/// A person with an account.
public struct User: Sendable, Equatable {
    public var id: Int64
    /// What they log in and push as: unique, lower case (see `AccountNames.isAcceptableUserName`).
    public var userName: String
    /// Their name, for administrators and their teachers; never shown publicly for a student.
    public var displayName: String
    public var role: Role
    public var organisation: Organisation
    /// Students must have one: public pages and OAI-PMH show it instead of their name.
    public var pseudonym: String?
    public var createdAt: Date
    public var revokedAt: Date?
    /// Whether they can log in with a password (the hash itself never leaves the store).
    public var hasPassword: Bool

    public var isRevoked: Bool { revokedAt != nil }

    /// Who they are for the authorisation policy.
    public var member: Member {
        Member(user: id, userName: userName, role: role, organisation: organisation.id)
    }

    /// How public pages may name them: a student by their pseudonym only.
    public var publicName: String {
        role == .student ? (pseudonym ?? "") : displayName
    }
}

public struct NewUser: Sendable {
    public var userName: String
    /// Their name; without one, the user name stands in, except for students, whose teachers
    /// must know who they are.
    public var displayName: String?
    public var role: Role
    /// The organisation's short name.
    public var organisation: String
    public var pseudonym: String?

    public init(userName: String, displayName: String? = nil, role: Role, organisation: String, pseudonym: String? = nil) {
        self.userName = userName
        self.displayName = displayName
        self.role = role
        self.organisation = organisation
        self.pseudonym = pseudonym
    }
}

/// Who did something, as the audit log records it.
public enum AuditActor: Sendable, Equatable {
    case user(Int64)
    /// The installation itself: commands run on the data folder while it had no administrator
    /// yet, to make the first one.
    case installation
}

/// The rules for the names people type.
public enum AccountNames {
    /// A user name or an organisation's short name: 1–64 characters, lower-case letters a–z,
    /// digits and `. _ - @`, beginning with a letter or a digit. Safe in git's REMOTE_USER, in
    /// logs and on a command line, and able to hold a federated identity (`kari@skole.no`).
    public static func isAcceptable(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 64 else { return false }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789._-@")
        return CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789").contains(first)
            && name.unicodeScalars.allSatisfy { allowed.contains($0) }
    }

    /// Text people read (a display name, a pseudonym): 1–200 characters, no control characters,
    /// no spaces at the ends.
    public static func isAcceptableText(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 200 && text == text.trimmingCharacters(in: .whitespacesAndNewlines)
            && !text.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) }
    }

    /// A pseudonym must not give the student away: it may not contain a word of their name of
    /// three letters or more ("Ola Nordmann" may not be "Ola 9B", "Elev 9B-3" is fine).
    public static func pseudonymRevealsName(_ pseudonym: String, displayName: String) -> Bool {
        let fold = { (text: String) in text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let pseudonymWords = Set(fold(pseudonym).components(separatedBy: CharacterSet.letters.inverted))
        return fold(displayName).components(separatedBy: CharacterSet.letters.inverted)
            .contains { $0.count >= 3 && pseudonymWords.contains($0) }
    }
}
