import AllmenningCore
import Foundation

/// Why a review decision or a rating was not recorded: what the command line turns into an
/// exit code and the server into an HTTP status, with the message to show either way.
public struct StewardshipFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The policy says no (command line: exit 1; HTTP 403, or 401 for nobody).
        case refused
        /// Too many writes by one account in a short time (exit 1; HTTP 429).
        case tooMany = "too-many"
        /// No such resource, version, user or rating (exit 2; HTTP 404).
        case notFound = "not-found"
        /// What is asked for does not fit the state of the thing: a rating's text is hidden
        /// already, or it has none to hide (exit 2; HTTP 409).
        case conflict
        /// The input is wrong: a score, a rubric file, a missing comment (exit 2; HTTP 400 or
        /// 422). `file` and `line` say where, when it came from a file.
        case invalid
        /// The catalogue or the repository failed (exit 2; HTTP 500).
        case failed
    }

    public var kind: Kind
    public var message: LocalizedText
    /// The file the input came from, and its line, for `invalid`.
    public var file: String?
    public var line: Int?
    /// For `tooMany`: how many seconds after the refused attempt the limit's window lets the
    /// next write through (the server's `Retry-After`).
    public var retryAfter: TimeInterval?

    public init(_ kind: Kind, _ message: LocalizedText, file: String? = nil, line: Int? = nil, retryAfter: TimeInterval? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.retryAfter = retryAfter
    }

    /// The message, after `file:line: ` when it is about a file.
    public func text(in language: MessageLanguage) -> String {
        let place = file.map { "\($0):\(line ?? 1): " } ?? ""
        return place + message.text(in: language)
    }

    public var description: String { text(in: .en) }

    static func failed(_ error: CatalogueError) -> StewardshipFailure { StewardshipFailure(.failed, error.message) }

    static func from(_ failure: AccountFailure) -> StewardshipFailure {
        StewardshipFailure(failure.kind == .refused ? .refused : .failed, failure.message)
    }

    static func noSuchResource(_ resourceID: String) -> StewardshipFailure {
        StewardshipFailure(.notFound, LocalizedText(
            nb: "Katalogen har ingen ressurs «\(resourceID)». Oppgi ressursens id (allmenning search viser den).",
            en: "The catalogue has no resource \"\(resourceID)\". Give the resource's id (allmenning search shows it)."))
    }
}

/// The two questions every stewardship operation asks before it writes: which live resource,
/// and whose it is, as the policy sees it.
enum Stewardship {
    static func attempt<T>(_ body: () throws(CatalogueError) -> T) throws(StewardshipFailure) -> T {
        do { return try body() } catch { throw .failed(error) }
    }

    /// The live resource and the policy's subject for it: its repository's owner, and whether
    /// it is public as publication has it (a student's resource is not until a teacher approves
    /// it, and never again once withdrawn).
    static func subject(of resourceID: String, in store: any PublicationStore & AccountStore) throws(StewardshipFailure)
        -> (resource: StoredResource, subject: AuthorisationSubject) {
        let resource = try attempt { () throws(CatalogueError) in try store.resource(resourceID) }
        guard let resource, resource.deletedAt == nil, resource.current != nil,
              let state = try attempt({ () throws(CatalogueError) in try store.publicationState(of: resourceID) })
        else { throw .noSuchResource(resourceID) }
        return (resource, state.subject)
    }

    static func authorise(_ action: AuthorisedAction, by acting: Acting, on subject: AuthorisationSubject,
                          in store: any AccountStore) throws(StewardshipFailure) -> User {
        do { try AccountAdministration(store: store).authorise(action, by: acting, on: subject) } catch { throw .from(error) }
        // The policy allows nothing of these to nobody or the installation setting itself up.
        guard case .user(let user) = acting else {
            throw StewardshipFailure(.refused, LocalizedText(nb: "Dette krever en bruker.", en: "This needs a user."))
        }
        return user
    }
}
