import AllmenningCore
import Foundation

/// Who someone is, as far as the policy cares: which user, their role and their organisation.
/// Both the one who acts and the owner of what they act on are members.
public struct Member: Sendable, Equatable, Hashable {
    public var user: Int64
    public var userName: String
    public var role: Role
    public var organisation: Int64

    public init(user: Int64, userName: String, role: Role, organisation: Int64) {
        self.user = user
        self.userName = userName
        self.role = role
        self.organisation = organisation
    }
}

/// Every change someone can ask Allmenning for that needs permission. Reading what is public
/// needs none; `see` is here for what is not public yet.
public enum AuthorisedAction: String, CaseIterable, Sendable {
    /// Push to a repository (git over HTTP).
    case push
    /// Ask for a version of a resource to be reviewed.
    case submitForReview = "submit-for-review"
    /// Approve a version or request changes to it.
    case review
    /// Rate a resource 1–5 with a text (one rating per user per resource, which they may edit).
    case rate
    /// Hide the text of someone's rating (it is kept, and the hiding is in the audit log).
    case hideRatingText = "hide-rating-text"
    /// Approve a student's resource for publication.
    case approvePublication = "approve-publication"
    /// Withdraw a resource: out of search and pages, a deleted record for harvesters.
    case withdraw
    /// See a resource: anyone when it is public; a student's unpublished one only the student,
    /// teachers of their organisation and administrators.
    case see
    /// Add and revoke users and organisations, list users, give repositories owners.
    case manageUsers = "manage-users"
    /// Make, list and revoke a user's access tokens.
    case manageTokens = "manage-tokens"
    /// Set a user's password.
    case setPassword = "set-password"
    /// Read the audit log.
    case readAuditLog = "read-audit-log"
}

/// What an action is done to, as far as the policy cares.
public struct AuthorisationSubject: Sendable, Equatable {
    /// Whose it is: a repository's or resource's owner, the user a token or password belongs
    /// to. Nil: no user's (a repository made by `allmenning seed`, the installation itself).
    public var owner: Member?
    /// False for a student's resource until a teacher approves its publication (and after it
    /// is withdrawn).
    public var isPublic: Bool

    public init(owner: Member?, isPublic: Bool = true) {
        self.owner = owner
        self.isPublic = isPublic
    }

    /// What belongs to nobody in particular: the installation's users, organisations and log.
    public static let installation = AuthorisationSubject(owner: nil)
}

public enum AuthorisationDecision: Sendable, Equatable {
    case allowed
    /// Why not, and what to do instead.
    case refused(LocalizedText)

    public var isAllowed: Bool { self == .allowed }
}

/// The one place that decides who may do what: for each action, rules tried in order, the
/// first that applies decides. The README's "Roles and what they may do" is this table in
/// words, and `AuthorisationMatrixTests` holds the two equal.
///
/// Pure: it looks only at the actor and the subject it is given; the caller looks up owners,
/// organisations and publication state, and counts nothing (one rating per user per resource is
/// the store's rule, not the policy's).
public enum Authorisation {
    public static func decide(_ action: AuthorisedAction, by actor: Member?, on subject: AuthorisationSubject) -> AuthorisationDecision {
        for rule in rules[action]! where rule.condition.holds(actor, subject) {
            switch rule.outcome {
            case .allow: return .allowed
            case .refuse(let reason): return .refused(reason.text(actor: actor, subject: subject))
            }
        }
        // Every table ends with a rule that always applies; this is a last guard.
        return .refused(Reason.notAllowed.text(actor: actor, subject: subject))
    }

    /// When a rule applies. Data rather than closures, so that the table reads as a table.
    indirect enum Condition: Sendable {
        case always
        /// Nobody is logged in.
        case nobody
        case role(Set<Role>)
        case ownsSubject
        case subjectHasNoOwner
        case subjectOwnedByStudent
        /// The subject's owner belongs to the actor's organisation.
        case sameOrganisationAsOwner
        case subjectIsPublic
        case not(Condition)
        case all([Condition])

        func holds(_ actor: Member?, _ subject: AuthorisationSubject) -> Bool {
            switch self {
            case .always: return true
            case .nobody: return actor == nil
            case .role(let roles): return actor.map { roles.contains($0.role) } ?? false
            case .ownsSubject: return actor != nil && subject.owner?.user == actor?.user
            case .subjectHasNoOwner: return subject.owner == nil
            case .subjectOwnedByStudent: return subject.owner?.role == .student
            case .sameOrganisationAsOwner:
                guard let actor, let owner = subject.owner else { return false }
                return actor.organisation == owner.organisation
            case .subjectIsPublic: return subject.isPublic
            case .not(let condition): return !condition.holds(actor, subject)
            case .all(let conditions): return conditions.allSatisfy { $0.holds(actor, subject) }
            }
        }
    }

    enum Outcome: Sendable {
        case allow
        case refuse(Reason)
    }

    struct Rule: Sendable {
        var condition: Condition
        var outcome: Outcome
        init(_ condition: Condition, _ outcome: Outcome) {
            self.condition = condition
            self.outcome = outcome
        }
    }

    /// Teachers' rights: reviewers are teachers who also review.
    static let teachers: Set<Role> = [.teacher, .reviewer]

    static let rules: [AuthorisedAction: [Rule]] = [
        .push: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.role([.administrator]), .allow),
            Rule(.subjectHasNoOwner, .refuse(.repositoryOfNoUser)),
            Rule(.ownsSubject, .allow),
            Rule(.always, .refuse(.notYourRepository)),
        ],
        .submitForReview: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.role([.student]), .refuse(.studentsAreNotReviewed)),
            Rule(.role([.administrator]), .allow),
            Rule(.ownsSubject, .allow),
            Rule(.always, .refuse(.onlyOwnerSubmits)),
        ],
        .review: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.not(.role([.reviewer])), .refuse(.onlyReviewersReview)),
            Rule(.not(.subjectIsPublic), .refuse(.notPublishedYet)),
            Rule(.ownsSubject, .refuse(.noReviewOfOwn)),
            Rule(.always, .allow),
        ],
        .rate: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.role([.student]), .refuse(.studentsDoNotRate)),
            Rule(.not(.subjectIsPublic), .refuse(.notPublishedYet)),
            Rule(.ownsSubject, .refuse(.noRatingOfOwn)),
            Rule(.always, .allow),
        ],
        .hideRatingText: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.role([.reviewer, .administrator]), .allow),
            Rule(.always, .refuse(.onlyModeratorsHide)),
        ],
        .approvePublication: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.not(.subjectOwnedByStudent), .refuse(.notAStudentsResource)),
            Rule(.role([.administrator]), .allow),
            Rule(.all([.role(teachers), .sameOrganisationAsOwner]), .allow),
            Rule(.always, .refuse(.notTheStudentsTeacher)),
        ],
        .withdraw: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.role([.administrator]), .allow),
            Rule(.all([.ownsSubject, .role([.student])]), .allow),
            Rule(.ownsSubject, .refuse(.teachersDeleteTheBranch)),
            Rule(.always, .refuse(.onlyStudentOrAdministratorWithdraws)),
        ],
        .see: [
            Rule(.subjectIsPublic, .allow),
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.ownsSubject, .allow),
            Rule(.role([.administrator]), .allow),
            Rule(.all([.role(teachers), .sameOrganisationAsOwner]), .allow),
            Rule(.always, .refuse(.notVisibleYet)),
        ],
        .manageUsers: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.role([.administrator]), .allow),
            Rule(.always, .refuse(.onlyAdministratorsManageUsers)),
        ],
        .manageTokens: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.ownsSubject, .allow),
            Rule(.role([.administrator]), .allow),
            Rule(.always, .refuse(.onlyAdministratorsManageOthersTokens)),
        ],
        .setPassword: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.ownsSubject, .allow),
            Rule(.role([.administrator]), .allow),
            Rule(.always, .refuse(.onlyAdministratorsSetOthersPasswords)),
        ],
        .readAuditLog: [
            Rule(.nobody, .refuse(.needsLogin)),
            Rule(.role([.administrator]), .allow),
            Rule(.always, .refuse(.onlyAdministratorsReadTheLog)),
        ],
    ]

    /// Why something is refused, said so that the person knows what to do instead.
    enum Reason: Sendable {
        case needsLogin, notAllowed
        case repositoryOfNoUser, notYourRepository
        case studentsAreNotReviewed, onlyOwnerSubmits
        case onlyReviewersReview, notPublishedYet, noReviewOfOwn
        case studentsDoNotRate, noRatingOfOwn
        case onlyModeratorsHide
        case notAStudentsResource, notTheStudentsTeacher
        case teachersDeleteTheBranch, onlyStudentOrAdministratorWithdraws
        case notVisibleYet
        case onlyAdministratorsManageUsers, onlyAdministratorsManageOthersTokens, onlyAdministratorsSetOthersPasswords
        case onlyAdministratorsReadTheLog

        func text(actor: Member?, subject: AuthorisationSubject) -> LocalizedText {
            let owner = subject.owner?.userName ?? "?"
            switch self {
            case .needsLogin:
                return LocalizedText(nb: "Dette krever at du sier hvem du er: logg inn, eller bruk en tilgangsnøkkel (git tar den som passord; kommandolinja som --token eller ALLMENNING_TOKEN, eller --as BRUKER rett på datamappa).",
                                     en: "This needs you to say who you are: log in, or use an access token (git takes it as the password; the command line as --token or ALLMENNING_TOKEN, or --as USER on the data folder directly).")
            case .notAllowed:
                return LocalizedText(nb: "Du har ikke lov til dette.", en: "You may not do this.")
            case .repositoryOfNoUser:
                return LocalizedText(nb: "Dette repositoriet tilhører ingen bruker (det er laget av allmenning seed), så bare administratorer kan sende hit. Lag din egen kopi med allmenning fork, eller be en administrator gi deg repositoriet (allmenning repositories owner).",
                                     en: "This repository belongs to no user (it was made by allmenning seed), so only administrators may push to it. Make your own copy with allmenning fork, or ask an administrator to give you the repository (allmenning repositories owner).")
            case .notYourRepository:
                return LocalizedText(nb: "Dette repositoriet tilhører «\(owner)», og bare eieren og administratorer kan sende hit. Lag din egen kopi med allmenning fork.",
                                     en: "This repository belongs to \"\(owner)\", and only its owner and administrators may push to it. Make your own copy with allmenning fork.")
            case .studentsAreNotReviewed:
                return LocalizedText(nb: "Elevers ressurser blir publisert når en lærer godkjenner dem, ikke gjennom fagfellevurdering: be læreren din godkjenne publiseringen.",
                                     en: "Students' resources are published when a teacher approves them, not through review: ask your teacher to approve the publication.")
            case .onlyOwnerSubmits:
                return LocalizedText(nb: "Bare den som eier ressursen («\(owner)») eller en administrator kan sende den til vurdering.",
                                     en: "Only the resource's owner (\"\(owner)\") or an administrator may submit it for review.")
            case .onlyReviewersReview:
                return LocalizedText(nb: "Bare fagfeller godkjenner eller ber om endringer. Be en administrator gjøre deg til fagfelle, eller send ressursen til vurdering.",
                                     en: "Only reviewers approve or request changes. Ask an administrator to make you a reviewer, or submit the resource for review.")
            case .notPublishedYet:
                return LocalizedText(nb: "Ressursen er ikke publisert ennå: en elevressurs må først godkjennes av en lærer ved elevens skole.",
                                     en: "The resource is not published yet: a student's resource must first be approved by a teacher at the student's school.")
            case .noReviewOfOwn:
                return LocalizedText(nb: "En fagfelle vurderer aldri sin egen ressurs: be en annen fagfelle.",
                                     en: "A reviewer never reviews their own resource: ask another reviewer.")
            case .studentsDoNotRate:
                return LocalizedText(nb: "Det er lærere, fagfeller og administratorer som gir vurderinger, ikke elever.",
                                     en: "Teachers, reviewers and administrators rate resources; students do not.")
            case .noRatingOfOwn:
                return LocalizedText(nb: "Du kan ikke gi din egen ressurs en vurdering.", en: "You cannot rate your own resource.")
            case .onlyModeratorsHide:
                return LocalizedText(nb: "Bare fagfeller og administratorer kan skjule teksten i en vurdering. Meld fra til en av dem om teksten er krenkende.",
                                     en: "Only reviewers and administrators may hide a rating's text. Tell one of them if the text is abusive.")
            case .notAStudentsResource:
                return LocalizedText(nb: "Bare elevers ressurser venter på godkjenning før de publiseres; denne er ikke en elevs.",
                                     en: "Only students' resources wait for approval before they are published; this one is not a student's.")
            case .notTheStudentsTeacher:
                return LocalizedText(nb: "Bare en lærer ved elevens skole eller en administrator kan godkjenne at «\(owner)» publiserer.",
                                     en: "Only a teacher at the student's school or an administrator may approve that \"\(owner)\" publishes.")
            case .teachersDeleteTheBranch:
                return LocalizedText(nb: "Å trekke tilbake er for elevers egne ressurser. Slett grenen for å ta ned din ressurs (git push --delete), eller be en administrator.",
                                     en: "Withdrawing is for students' own resources. Delete the branch to take your resource down (git push --delete), or ask an administrator.")
            case .onlyStudentOrAdministratorWithdraws:
                return LocalizedText(nb: "Bare eleven som laget ressursen, eller en administrator, kan trekke den tilbake.",
                                     en: "Only the student who made the resource, or an administrator, may withdraw it.")
            case .notVisibleYet:
                return LocalizedText(nb: "Ressursen er ikke publisert ennå: bare eleven, lærere ved elevens skole og administratorer kan se den.",
                                     en: "The resource is not published yet: only the student, teachers at the student's school and administrators may see it.")
            case .onlyAdministratorsManageUsers:
                return LocalizedText(nb: "Bare administratorer kan legge til og trekke tilbake brukere og organisasjoner og gi repositorier eiere.",
                                     en: "Only administrators may add and revoke users and organisations and give repositories owners.")
            case .onlyAdministratorsManageOthersTokens:
                return LocalizedText(nb: "Du kan bare håndtere dine egne tilgangsnøkler; andres kan bare en administrator håndtere.",
                                     en: "You may manage only your own access tokens; only an administrator may manage other people's.")
            case .onlyAdministratorsSetOthersPasswords:
                return LocalizedText(nb: "Du kan bare sette ditt eget passord; andres kan bare en administrator sette.",
                                     en: "You may set only your own password; only an administrator may set other people's.")
            case .onlyAdministratorsReadTheLog:
                return LocalizedText(nb: "Bare administratorer kan lese revisjonsloggen.", en: "Only administrators may read the audit log.")
            }
        }
    }
}
