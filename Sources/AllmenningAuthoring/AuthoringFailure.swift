import AllmenningCore
import AllmenningGit
import Foundation

/// Why a fork, sync, publish or history could not be done, in words for a teacher.
public struct AuthoringFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The input was understood and refused (a licence, a missing manifest, a conflict,
        /// a server's refusal): exit code 1.
        case refused
        /// The command could not run (no repository, unreachable address, no identity): exit code 2.
        case couldNotRun
    }

    public var kind: Kind
    public var message: LocalizedText
    /// One line each: the licence reasons, conflicting paths, the server's lines.
    public var details: [LocalizedText]

    public init(_ kind: Kind, _ message: LocalizedText, details: [LocalizedText] = []) {
        self.kind = kind
        self.message = message
        self.details = details
    }

    public var description: String { message.en }

    static func git(_ error: GitError, while doing: LocalizedText) -> AuthoringFailure {
        AuthoringFailure(.couldNotRun, doing.appending(LocalizedText(nb: "git sier: \(error.message)", en: "git says: \(error.message)")))
    }
}

/// The person doing the work, for commits and for the manifest's authors.
public struct Author: Sendable, Equatable {
    public var name: String
    public var email: String
    public var organisation: String?

    public init(name: String, email: String, organisation: String? = nil) {
        self.name = name
        self.email = email
        self.organisation = organisation
    }

    /// The name and e-mail given, else git's user.name and user.email; nil unless both are
    /// known, since git records both in every commit.
    public static func resolve(name: String?, email: String?, organisation: String?, repository: Repository? = nil) -> Author? {
        let configured = GitConfiguration.user(in: repository)
        guard let name = (name ?? configured.name)?.trimmingCharacters(in: .whitespaces), !name.isEmpty,
              let email = (email ?? configured.email)?.trimmingCharacters(in: .whitespaces), !email.isEmpty else { return nil }
        return Author(name: name, email: email, organisation: organisation)
    }

    public static let missing = AuthoringFailure(.couldNotRun, LocalizedText(
        nb: "Allmenning vet ikke hvem du er. Oppgi navn og e-post med --name \"Kari Nordmann\" --email kari@skole.no, eller sett dem én gang med git config --global user.name og user.email. E-postadressen står i historikken, som blir offentlig når du publiserer; en skoleadresse eller en no-reply-adresse går fint.",
        en: "Allmenning does not know who you are. Give your name and e-mail with --name \"Kari Nordmann\" --email kari@school.example, or set them once with git config --global user.name and user.email. The e-mail is stored in the history, which is public once you publish; a school or no-reply address is fine."))

    var identity: Identity { Identity(name: name, email: email) }
}

/// Runs a libgit2 step; its failure becomes an `AuthoringFailure` that says what we were doing.
func gitStep<T>(_ doing: LocalizedText, _ body: () throws(GitError) -> T) throws(AuthoringFailure) -> T {
    do { return try body() } catch { throw AuthoringFailure.git(error, while: doing) }
}
