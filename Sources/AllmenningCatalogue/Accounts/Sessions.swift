import AllmenningCore
import Foundation

/// A browser session: what a login cookie stands for. The cookie's value (the session secret)
/// exists only in the browser; the store keeps its SHA-256.
public struct Session: Sendable, Equatable {
    public var id: Int64
    public var user: User
    /// The token every form of this session carries (a hidden field); a form whose token is
    /// not this one is a forgery from another site. Random per session, so a new login gives
    /// new tokens.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date
    public var lastSeenAt: Date

    /// Whether a form's CSRF token is this session's, compared in constant time.
    public func acceptsCSRFToken(_ presented: String) -> Bool {
        TokenSecret.constantTimeEqual(TokenSecret.hash(presented), TokenSecret.hash(csrfToken))
    }
}

/// A session just started: the only moment its secret exists outside the browser's cookie.
public struct StartedSession: Sendable {
    public var session: Session
    /// The cookie's value.
    public var secret: String
}

/// What a presented session secret turned out to be.
public enum SessionCheck: Sendable, Equatable {
    case valid(Session)
    /// Past its lifetime.
    case expired
    /// Not used for longer than the idle timeout.
    case idle
    /// Logged out, replaced by a later login, or its user revoked.
    case ended
    case unknown
}

/// How long sessions last.
public struct SessionLimits: Sendable, Equatable {
    /// From login to the latest end, however busy.
    public var lifetime: TimeInterval
    /// Without a request for this long, the session ends.
    public var idleTimeout: TimeInterval

    public init(lifetime: TimeInterval, idleTimeout: TimeInterval) {
        self.lifetime = lifetime
        self.idleTimeout = idleTimeout
    }

    /// A school day at most, and an hour away from the screen (a lesson) ends it: teachers
    /// share classroom computers.
    public static let standard = SessionLimits(lifetime: 12 * 3600, idleTimeout: 3600)
}
