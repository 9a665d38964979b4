/// The catalogue's SQLite schema, as numbered migrations. Schemas/catalogue.sql is the same
/// text for people and other tools (a test keeps the two equal); a catalogue file records the
/// migrations applied to it and its `user_version` is the last one's number.
public enum CatalogueSchema {
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        public var sql: String
    }

    public static var version: Int { migrations.last!.version }

    public static let migrations: [Migration] = [
        Migration(version: 1, name: "catalogue", sql: """
        -- A repository the catalogue reads: a bare repository on this machine (pushed to, with
        -- the hooks) or a folder of repositories indexed in bulk.
        CREATE TABLE repositories (
            id          INTEGER PRIMARY KEY,
            location    TEXT NOT NULL UNIQUE,        -- absolute path
            removed_at  TEXT                         -- the repository is gone
        );

        -- A resource: the published branch of one repository, known by its manifest's id.
        CREATE TABLE resources (
            id              INTEGER PRIMARY KEY,      -- also the rowid of its search_index row
            resource_id     TEXT NOT NULL UNIQUE,     -- the manifest's id
            repository      INTEGER NOT NULL REFERENCES repositories(id),
            branch          TEXT NOT NULL,            -- refs/heads/main
            current_version INTEGER REFERENCES versions(id) DEFERRABLE INITIALLY DEFERRED,
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL,            -- a new version or a deletion (OAI-PMH datestamp)
            deleted_at      TEXT                      -- deleted or withdrawn: a deleted record for harvesters
        );
        CREATE INDEX resources_repository ON resources(repository);
        CREATE INDEX resources_updated ON resources(updated_at);

        -- A version of a resource: one commit, as the checks saw it.
        CREATE TABLE versions (
            id              INTEGER PRIMARY KEY,
            resource        INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
            commit_id       TEXT NOT NULL,
            committed_at    TEXT NOT NULL,
            commit_summary  TEXT NOT NULL,
            indexed_at      TEXT NOT NULL,
            checks          TEXT NOT NULL,            -- fingerprint of the plugins, their settings and the curricula
            manifest        TEXT NOT NULL,            -- declared: the manifest as JSON (students by pseudonym only)
            inferred        TEXT NOT NULL,            -- inferred: the plugins' tags as JSON
            files           INTEGER NOT NULL,
            bytes           INTEGER NOT NULL,
            documents       INTEGER NOT NULL,
            words           INTEGER NOT NULL,
            errors          INTEGER NOT NULL,
            warnings        INTEGER NOT NULL,
            UNIQUE (resource, commit_id)
        );

        -- The files of a version; a document's readable text is kept once per blob.
        CREATE TABLE version_files (
            version     INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            path        TEXT NOT NULL,
            blob_id     TEXT NOT NULL,
            size        INTEGER NOT NULL,
            PRIMARY KEY (version, path)
        ) WITHOUT ROWID;
        CREATE INDEX version_files_blob ON version_files(blob_id);

        CREATE TABLE document_texts (
            blob_id     TEXT PRIMARY KEY,
            text        TEXT NOT NULL
        ) WITHOUT ROWID;

        -- What the manifest check and the plugins found in a version.
        CREATE TABLE findings (
            version     INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            plugin      TEXT NOT NULL,
            code        TEXT NOT NULL,
            rule        TEXT,
            severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
            path        TEXT NOT NULL,
            line        INTEGER,
            column_number INTEGER,
            message_nb  TEXT NOT NULL,
            message_en  TEXT NOT NULL,
            wcag        TEXT,                         -- success criteria, space-separated
            PRIMARY KEY (version, position)
        ) WITHOUT ROWID;

        -- The values search filters and counts on. Declared values come from the manifest,
        -- inferred ones from the plugins (aims suggested with a score, accessibility features
        -- verified, licences detected in files); the two are never merged.
        -- facet: subject, level, aim, licence, language, feature, hazard, access-mode, type, kind, grouping
        CREATE TABLE facets (
            version     INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            facet       TEXT NOT NULL,
            value       TEXT NOT NULL,
            source      TEXT NOT NULL CHECK (source IN ('declared', 'inferred')),
            score       REAL,
            PRIMARY KEY (version, facet, value, source)
        ) WITHOUT ROWID;
        CREATE INDEX facets_value ON facets(facet, value, version);

        -- Authors as the manifest lists them; a student has a pseudonym and never a name.
        CREATE TABLE authors (
            version         INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            position        INTEGER NOT NULL,
            name            TEXT,
            pseudonym       TEXT,
            role            TEXT,
            organisation    TEXT,
            CHECK (role IS NOT 'student' OR name IS NULL),
            PRIMARY KEY (version, position)
        ) WITHOUT ROWID;

        -- The fork graph: what a version was adapted from (its manifest's derivedFrom). The
        -- source may be outside this catalogue.
        CREATE TABLE derivations (
            version             INTEGER NOT NULL REFERENCES versions(id) ON DELETE CASCADE,
            position            INTEGER NOT NULL,
            source_resource_id  TEXT NOT NULL,
            source_repository   TEXT,
            source_commit       TEXT,
            source_licence      TEXT NOT NULL,
            source_title        TEXT NOT NULL,        -- language map as JSON
            PRIMARY KEY (version, position)
        ) WITHOUT ROWID;
        CREATE INDEX derivations_source ON derivations(source_resource_id);

        -- Reviewers' decisions about one commit (git notes under the reviews ref are the
        -- record; this is their index).
        CREATE TABLE reviews (
            id          INTEGER PRIMARY KEY,
            resource    INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
            commit_id   TEXT NOT NULL,
            reviewer    TEXT NOT NULL,
            decision    TEXT NOT NULL CHECK (decision IN ('approved', 'changes-requested')),
            rubric      TEXT NOT NULL,                -- criteria, scores and comments as JSON
            decided_at  TEXT NOT NULL,
            expires_at  TEXT
        );
        CREATE INDEX reviews_resource ON reviews(resource, commit_id);

        -- Teachers' ratings: one per teacher per resource.
        CREATE TABLE ratings (
            resource    INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
            rater       TEXT NOT NULL,
            score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            text        TEXT,
            hidden_at   TEXT,
            hidden_by   TEXT,
            updated_at  TEXT NOT NULL,
            PRIMARY KEY (resource, rater)
        ) WITHOUT ROWID;

        -- Full-text search over the current version of each live resource, by field. The
        -- columns hold search terms (SearchText: stemmed and folded), not the text itself.
        CREATE VIRTUAL TABLE search_index USING fts5(
            title, keywords, description, aims, suggested_aims, body,
            tokenize = 'unicode61 remove_diacritics 0'
        );
        """),
        Migration(version: 2, name: "facet values per version", sql: """
        -- The facet values of a version (declared or inferred, each once) as `facet=value` lines:
        -- search counts them from the matching versions' rows in one pass, instead of joining
        -- every matching version with its rows in facets (derived from facets; never edited).
        ALTER TABLE versions ADD COLUMN facet_values TEXT NOT NULL DEFAULT '';
        CREATE INDEX resources_current_version ON resources(current_version);
        UPDATE versions SET facet_values = coalesce((
            SELECT group_concat(facet || '=' || value, char(10))
            FROM (SELECT DISTINCT facet, value FROM facets WHERE facets.version = versions.id ORDER BY facet, value)
        ), '');
        """),
        Migration(version: 3, name: "access tokens", sql: """
        -- Tokens that let a program or a person act on the server (push over HTTP today). Only
        -- the SHA-256 of each token is kept: a copy of this file does not give anyone access.
        -- Accounts (users with roles) will own tokens through a column of their own.
        CREATE TABLE access_tokens (
            id              INTEGER PRIMARY KEY,
            name            TEXT NOT NULL,            -- who or what holds it
            hash            BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
            created_at      TEXT NOT NULL,
            expires_at      TEXT,
            revoked_at      TEXT,
            last_used_at    TEXT
        );
        -- A name stands for one live token, so that `tokens revoke NAME` is unambiguous.
        CREATE UNIQUE INDEX access_tokens_live_name ON access_tokens(name) WHERE revoked_at IS NULL;
        """),
        Migration(version: 4, name: "accounts", sql: """
        -- Where people belong: schools and municipalities. A school may belong to a municipality
        -- (its school owner).
        CREATE TABLE organisations (
            id              INTEGER PRIMARY KEY,
            name            TEXT NOT NULL UNIQUE,     -- short name people type: bergen, nygard-skole
            display_name    TEXT NOT NULL,
            kind            TEXT NOT NULL CHECK (kind IN ('school', 'municipality')),
            municipality    INTEGER REFERENCES organisations(id),
            created_at      TEXT NOT NULL,
            CHECK (municipality IS NULL OR kind = 'school')
        );

        -- People with an account. Never deleted, since the audit log and ownership point at
        -- them: revoking one ends their tokens and sessions.
        CREATE TABLE users (
            id              INTEGER PRIMARY KEY,
            user_name       TEXT NOT NULL UNIQUE,     -- what they log in and push as (git's REMOTE_USER)
            display_name    TEXT NOT NULL,            -- their name; never on public pages for a student
            role            TEXT NOT NULL CHECK (role IN ('student', 'teacher', 'reviewer', 'administrator')),
            organisation    INTEGER NOT NULL REFERENCES organisations(id),
            pseudonym       TEXT,                     -- all that public pages and OAI-PMH show of a student
            password_hash   TEXT,                     -- scrypt in PHC form ($scrypt$ln=…); NULL: no password login
            created_at      TEXT NOT NULL,
            revoked_at      TEXT,
            CHECK (role IS NOT 'student' OR pseudonym IS NOT NULL)
        );
        CREATE INDEX users_organisation ON users(organisation);

        -- Who a repository belongs to (and through them, which organisation). NULL: no user,
        -- as for repositories made by allmenning seed, which only administrators push to.
        ALTER TABLE repositories ADD COLUMN owner INTEGER REFERENCES users(id);

        -- Tokens belong to users; a token made before accounts has none and is refused.
        ALTER TABLE access_tokens ADD COLUMN owner INTEGER REFERENCES users(id);
        DROP INDEX access_tokens_live_name;
        CREATE UNIQUE INDEX access_tokens_live_name ON access_tokens(owner, name) WHERE revoked_at IS NULL;

        -- Browser sessions. The cookie holds a random id, of which only the SHA-256 is kept;
        -- each session has its own secret for the CSRF tokens of its forms.
        CREATE TABLE sessions (
            id              INTEGER PRIMARY KEY,
            hash            BLOB NOT NULL UNIQUE CHECK (length(hash) = 32),
            owner           INTEGER NOT NULL REFERENCES users(id),
            csrf_secret     BLOB NOT NULL CHECK (length(csrf_secret) = 32),
            created_at      TEXT NOT NULL,
            expires_at      TEXT NOT NULL,            -- the latest it can last
            last_seen_at    TEXT NOT NULL,            -- the idle timeout counts from here
            ended_at        TEXT                      -- logged out, replaced by a login, or the user revoked
        );
        CREATE INDEX sessions_owner ON sessions(owner) WHERE ended_at IS NULL;

        -- What was done, by whom, to what: account and token changes; later approvals,
        -- publication decisions and withdrawals. Append-only: the triggers refuse any change.
        CREATE TABLE audit_log (
            id              INTEGER PRIMARY KEY,
            at              TEXT NOT NULL,
            actor           INTEGER REFERENCES users(id), -- NULL: the installation (set up before it had an administrator)
            action          TEXT NOT NULL,            -- user.add, token.revoke, …
            subject_type    TEXT NOT NULL,            -- user, organisation, token, repository, …
            subject         TEXT NOT NULL,            -- the user name, token id, repository path, …
            details         TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details) AND json_type(details) = 'object')
        );
        CREATE INDEX audit_log_at ON audit_log(at);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """),
        Migration(version: 5, name: "signed reviews", sql: """
        -- Reviews are signed attestations kept as git notes under refs/notes/allmenning/reviews in
        -- each resource's repository; this table is their index, written anew from the notes
        -- (only those whose signature, key, commit and resource check out) whenever the
        -- repository is indexed. Migration 1's table was never written, so it is replaced by
        -- one that holds what the notes hold: submissions too, the order of the decisions on a
        -- commit, and the signed attestation itself.
        DROP TABLE reviews;
        CREATE TABLE reviews (
            resource        INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
            commit_id       TEXT NOT NULL,
            position        INTEGER NOT NULL,         -- its line in the commit's note: a later line was decided later
            decision        TEXT NOT NULL CHECK (decision IN ('submitted-for-review', 'changes-requested', 'approved')),
            reviewer        TEXT NOT NULL,            -- user name of who decided (who submitted, for a submission)
            decided_at      TEXT NOT NULL,
            expires_at      TEXT,                     -- approvals only: then the review is due
            attestation     TEXT NOT NULL,            -- the attestation as signed (canonical JSON): names, rubric, scores, comments
            signing_key     TEXT NOT NULL,            -- ed25519:… (base64 public key)
            signature       TEXT NOT NULL,            -- base64 Ed25519 signature of the attestation
            PRIMARY KEY (resource, commit_id, position),
            CHECK (decision = 'approved' OR expires_at IS NULL)
        ) WITHOUT ROWID;
        """),
        Migration(version: 6, name: "ratings", sql: """
        -- Teachers' ratings of resources: one per user per resource (rating again replaces it),
        -- 1–5 with an optional text. Migration 1's table was never written and named raters by
        -- text; this one points at users. A reviewer or an administrator may hide a rating's
        -- text: it is kept here, with who hid it, when and why, and the hiding is in the audit
        -- log (rating.hide).
        DROP TABLE ratings;
        CREATE TABLE ratings (
            resource        INTEGER NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
            rater           INTEGER NOT NULL REFERENCES users(id),
            score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
            text            TEXT,                     -- kept when hidden
            created_at      TEXT NOT NULL,
            updated_at      TEXT NOT NULL,
            hidden_at       TEXT,
            hidden_by       INTEGER REFERENCES users(id),
            hidden_reason   TEXT,
            CHECK ((hidden_at IS NULL) = (hidden_by IS NULL) AND (hidden_at IS NULL) = (hidden_reason IS NULL)),
            CHECK (hidden_at IS NULL OR text IS NOT NULL),
            PRIMARY KEY (resource, rater)
        ) WITHOUT ROWID;
        CREATE INDEX ratings_rater ON ratings(rater);

        -- When each user wrote a rating, for the limit on how many they may write in an hour:
        -- kept in the catalogue so that the command line and the server count the same writes.
        -- Rows older than the limit's window are removed as new ones are written.
        CREATE TABLE rating_writes (
            rater           INTEGER NOT NULL REFERENCES users(id),
            at              TEXT NOT NULL
        );
        CREATE INDEX rating_writes_rater ON rating_writes(rater, at);

        -- Review decisions are audited once each, known by their signature (see replaceReviews).
        CREATE INDEX audit_log_review_signature ON audit_log(json_extract(details, '$.signature')) WHERE action LIKE 'review.%';
        """),
        Migration(version: 7, name: "student publishing", sql: """
        -- A resource whose repository belongs to a student is public only once a teacher at the
        -- student's school (or an administrator) has approved its publication, and never again
        -- once the student (or an administrator) has withdrawn it. The approval holds for the
        -- resource, not for one commit: each later version still passes the push checks, in
        -- which a pupil's privacy findings are errors. The audit log has every decision; these
        -- columns are the current state, for pages, search and harvesters.
        ALTER TABLE resources ADD COLUMN approved_at TEXT;
        ALTER TABLE resources ADD COLUMN approved_by INTEGER REFERENCES users(id);
        ALTER TABLE resources ADD COLUMN approved_commit TEXT;    -- the version the teacher approved
        -- Withdrawn: deleted_at is set too (a deleted record for harvesters), and no push or
        -- approval makes the resource public again.
        ALTER TABLE resources ADD COLUMN withdrawn_at TEXT;
        ALTER TABLE resources ADD COLUMN withdrawn_by INTEGER REFERENCES users(id);
        """),
    ]

    /// The whole schema as one SQL text, as Schemas/catalogue.sql holds it.
    public static var sqlFile: String {
        var text = """
        -- Allmenning's catalogue: the SQLite schema (generated from CatalogueSchema.swift; a test
        -- keeps this file equal to it). Opened with WAL journalling and foreign keys on.

        """
        for migration in migrations {
            text += "\n-- Migration \(migration.version): \(migration.name)\n\n\(migration.sql)\nPRAGMA user_version = \(migration.version);\n"
        }
        return text
    }
}
