import AllmenningCore
import Foundation

/// A teacher's rating of a resource: 1–5 and an optional text, one per user per resource.
public struct Rating: Sendable, Equatable {
    /// A moderator's hiding of the text: the text is kept, and not shown.
    public struct Hidden: Sendable, Equatable {
        public var at: Date
        /// The moderator's user name.
        public var by: String
        public var reason: String
    }

    public var resourceID: String
    /// The rater's user name and name (raters are teachers, reviewers and administrators,
    /// whose names are shown with what they write, as with approvals).
    public var rater: String
    public var raterName: String
    public var organisation: String
    public var score: Int
    /// The text as written, hidden or not: whoever shows it checks `hidden` first.
    public var text: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var hidden: Hidden?

    /// The text to show the public: nil when there is none or a moderator hid it.
    public var shownText: String? { hidden == nil ? text : nil }
}

/// The average and count of a resource's ratings.
public struct RatingSummary: Sendable, Equatable {
    public var count: Int
    /// Nil when there are none.
    public var average: Double?

    public init(count: Int, average: Double?) {
        self.count = count
        self.average = average
    }
}

/// How many ratings one user may write (new or changed) in a window of time, counted in the
/// catalogue so that the command line and the server share it.
public struct RatingLimit: Sendable, Equatable {
    public var writes: Int
    public var window: TimeInterval

    public init(writes: Int, window: TimeInterval) {
        self.writes = writes
        self.window = window
    }

    /// 20 an hour: more than a teacher rating the resources of a week's lessons needs, and
    /// few enough that a stolen token cannot flood the catalogue's averages.
    public static let standard = RatingLimit(writes: 20, window: 3600)
}

/// A rating to store, for `rater` (a user id the caller has checked and authorised).
public struct NewRating: Sendable, Equatable {
    public var resourceID: String
    public var rater: Int64
    public var score: Int
    public var text: String?

    public init(resourceID: String, rater: Int64, score: Int, text: String?) {
        self.resourceID = resourceID
        self.rater = rater
        self.score = score
        self.text = text
    }
}

public enum RatingWrite: Sendable, Equatable {
    case stored(Rating)
    /// The limit is reached; a write is possible again at this time.
    case tooMany(until: Date)
    /// The rating's text is hidden and the new text differs: the hidden text stays.
    case textHidden(Rating)
}

/// Where ratings are written (reading them is `CatalogueStore`'s, as pages do). Whether someone may rate or hide is `Authorisation`'s question,
/// asked before (see `RatingWorkflow`); the store keeps one rating per user per resource, the
/// limit on writes, and a hidden text with who hid it.
public protocol RatingStore: Sendable {
    /// Stores the user's rating of the resource, replacing theirs, unless they have written
    /// `limit.writes` ratings in the last `limit.window`; checked and counted in the same
    /// transaction as the write. A hidden text stays: a new text is refused (`textHidden`),
    /// and a rating without text keeps the hidden one.
    func setRating(_ rating: NewRating, limit: RatingLimit, at date: Date) throws(CatalogueError) -> RatingWrite
    /// Hides the text of `rater`'s rating of the resource, and appends `rating.hide` to the
    /// audit log, in one transaction. Nil when there is no such rating.
    func hideRatingText(of resourceID: String, rater: String, reason: String, by moderator: Int64, at date: Date) throws(CatalogueError) -> Rating?
}
