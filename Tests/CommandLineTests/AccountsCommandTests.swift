import AllmenningCatalogue
import Foundation
import GitTestSupport
import Testing

@Suite("allmenning users, organisations, repositories and audit")
struct AccountsCommandTests {
    @Test("a new installation sets itself up: without an administrator, organisations and users are added without --as; after, only with an administrator")
    func setUp() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let school = try Allmenning.run(["organisations", "add", "nygard-skole", "--kind", "school", "--name", "Nygård skole", "--format", "json",
                                             "--data", data.path])
            expectExit(school, 0)
            #expect(try school.json()["kind"] as? String == "school")
            // Setting up is for organisations and users only.
            expectExit(try Allmenning.run(["users", "list", "--data", data.path]), 1)
            let teacher = try Allmenning.run(["users", "add", "kari", "--role", "teacher", "--organisation", "nygard-skole", "--data", data.path])
            expectExit(teacher, 0)
            #expect(teacher.stdout.contains("Added kari"))
            let admin = try Allmenning.run(["users", "add", "ada", "--role", "administrator", "--organisation", "nygard-skole", "--format", "json",
                                            "--data", data.path])
            expectExit(admin, 0)
            #expect(try admin.json()["role"] as? String == "administrator")
            // Set up: now the administrator is needed.
            let late = try Allmenning.run(["users", "add", "per", "--role", "teacher", "--organisation", "nygard-skole", "--data", data.path])
            expectExit(late, 1)
            #expect(late.stderr.contains("say who you are"), "\(late)")
            let byTeacher = try Allmenning.run(["users", "add", "per", "--role", "teacher", "--organisation", "nygard-skole", "--as", "kari", "--data", data.path])
            expectExit(byTeacher, 1)
            #expect(byTeacher.stderr.contains("Only administrators"))
            expectExit(try Allmenning.run(["users", "add", "per", "--role", "teacher", "--organisation", "nygard-skole", "--as", "ada", "--data", data.path]), 0)
            expectExit(try Allmenning.run(["organisations", "add", "fjell", "--kind", "school", "--data", data.path]), 1)

            let audit = try Allmenning.run(["audit", "--as", "ada", "--format", "json", "--data", data.path])
            expectExit(audit, 0)
            let entries = try #require(try audit.json()["entries"] as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["organisation.add", "user.add", "user.add", "user.add"])
            #expect(entries.map { $0["actor"] as? String } == [nil, nil, nil, "ada"])
            #expect(entries.last?["subject"] as? String == "per")
        }
    }

    @Test("users add checks what it is given: a student's name and pseudonym, the organisation, the user name; bad input exits 2")
    func addRefusals() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let cases: [([String], String)] = [
                (["users", "add", "per", "--role", "student", "--organisation", "nygard-skole", "--name", "Per Hansen"], "must have a pseudonym"),
                (["users", "add", "per", "--role", "student", "--organisation", "nygard-skole", "--name", "Per Hansen", "--pseudonym", "Per 9B"],
                 "contains part of the student's name"),
                (["users", "add", "per", "--role", "student", "--organisation", "nygard-skole", "--pseudonym", "Elev 4"], "--name"),
                (["users", "add", "per", "--role", "teacher", "--organisation", "oslo"], "does not exist"),
                (["users", "add", "Per Hansen", "--role", "teacher", "--organisation", "nygard-skole"], "cannot be a user name"),
                (["users", "add", "kari", "--role", "teacher", "--organisation", "nygard-skole"], "is taken"),
            ]
            for (arguments, message) in cases {
                let result = try Allmenning.run(arguments + ["--as", "ada", "--data", data.path])
                expectExit(result, 2)
                #expect(result.stderr.contains(message), "\(result)")
            }
            expectExit(try Allmenning.run(["users", "add", "per", "--role", "rektor", "--organisation", "nygard-skole", "--as", "ada", "--data", data.path]), 2)
            expectExit(try Allmenning.run(["users", "list", "--as", "ingen", "--data", data.path]), 2)
            expectExit(try Allmenning.run(["users", "list", "--as", "ada", "--token", "allm_x", "--data", data.path]), 2)
        }
    }

    @Test("users list shows names and pseudonyms to administrators only; revoke ends the user's tokens and their use")
    func listAndRevoke() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let list = try Allmenning.run(["users", "list", "--as", "ada", "--format", "json", "--data", data.path])
            expectExit(list, 0)
            let users = try #require(try list.json()["users"] as? [[String: Any]])
            #expect(users.map { $0["userName"] as? String } == ["ada", "kari", "ola"])
            let ola = try #require(users.last)
            #expect(ola["pseudonym"] as? String == "Elev 9B-3" && ola["name"] as? String == "Ola Nordmann" && ola["organisation"] as? String == "nygard-skole")
            let text = try Allmenning.run(["users", "list", "--as", "ada", "--data", data.path])
            #expect(text.stdout.contains("kari\tKari Nordmann\tteacher\tnygard-skole\t-\tactive"), "\(text)")
            expectExit(try Allmenning.run(["users", "list", "--as", "kari", "--data", data.path]), 1)
            expectExit(try Allmenning.run(["users", "list", "--as", "ola", "--data", data.path]), 1)

            let token = try Allmenning.run(["tokens", "add", "laptop", "--as", "kari", "--data", data.path]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            expectExit(try Allmenning.run(["users", "revoke", "kari", "--as", "ola", "--data", data.path]), 1)
            let revoked = try Allmenning.run(["users", "revoke", "kari", "--as", "ada", "--format", "json", "--data", data.path])
            expectExit(revoked, 0)
            #expect(try revoked.json()["tokensRevoked"] as? Int == 1)
            #expect(try revoked.json()["state"] as? String == "revoked")
            let reused = try Allmenning.run(["tokens", "list", "--data", data.path], environment: ["ALLMENNING_TOKEN": token])
            expectExit(reused, 2)
            #expect(reused.stderr.contains("ALLMENNING_TOKEN") && reused.stderr.contains("revoked"))
            let asRevoked = try Allmenning.run(["tokens", "list", "--as", "kari", "--data", data.path])
            expectExit(asRevoked, 2)
            #expect(asRevoked.stderr.contains("is revoked"))
            expectExit(try Allmenning.run(["users", "revoke", "ingen", "--as", "ada", "--data", data.path]), 2)
        }
    }

    @Test("users passwd reads the password from a pipe, keeps only a scrypt hash, and lets only the user and administrators set it")
    func passwd() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let set = try Allmenning.run(["users", "passwd", "kari", "--as", "kari", "--format", "json", "--data", data.path],
                                         input: Data("korrekt hest batteri\n".utf8))
            expectExit(set, 0)
            #expect(try set.json()["password"] as? String == "set")
            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            let login = Login(store: store)
            let session = try login.logIn(with: PasswordIdentityProvider(store: store), PasswordCredential(userName: "kari", password: "korrekt hest batteri"),
                                          replacing: nil, at: Date())
            guard case .valid = try login.session(session.secret, at: Date()) else { Issue.record("the password logs in"); return }
            #expect(throws: LoginFailure.self) {
                try login.logIn(with: PasswordIdentityProvider(store: store), PasswordCredential(userName: "kari", password: "korrekt hest batteri\n"),
                                replacing: nil, at: Date())
            }
            let file = try Data(contentsOf: data.appendingPathComponent("catalogue.sqlite"))
            #expect(file.range(of: Data("korrekt hest batteri".utf8)) == nil)

            // An administrator may set it; another user may not, and is refused before typing.
            expectExit(try Allmenning.run(["users", "passwd", "kari", "--as", "ada", "--data", data.path], input: Data("et annet langt passord\r\n".utf8)), 0)
            guard case .ended = try login.session(session.secret, at: Date()) else { Issue.record("a new password ends the sessions"); return }
            let refused = try Allmenning.run(["users", "passwd", "kari", "--as", "ola", "--data", data.path], input: Data("et tredje langt passord\n".utf8))
            expectExit(refused, 1)
            #expect(refused.stderr.contains("only an administrator may set other people's"))
            let short = try Allmenning.run(["users", "passwd", "ola", "--as", "ola", "--data", data.path], input: Data("kort\n".utf8))
            expectExit(short, 2)
            #expect(short.stderr.contains("at least 10 characters"))
            expectExit(try Allmenning.run(["users", "passwd", "ola", "--as", "ola", "--data", data.path], input: Data()), 2)
            let audit = try Allmenning.run(["audit", "--as", "ada", "--format", "json", "--data", data.path])
            let passwords = (try audit.json()["entries"] as? [[String: Any]])?.filter { $0["action"] as? String == "user.password" }
            #expect(passwords?.map { $0["actor"] as? String } == ["kari", "ada"])
        }
    }

    @Test("repositories owner gives a hosted repository to a user; list shows owners; both for administrators only, and audited")
    func repositoryOwners() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let bare = data.appendingPathComponent("repositories/brok.git")
            try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
            try GitCommandLine.run(["init", "-q", "--bare", "-b", "main"], in: bare)

            let before = try Allmenning.run(["repositories", "list", "--as", "ada", "--format", "json", "--data", data.path])
            expectExit(before, 0)
            let listed = try #require(try before.json()["repositories"] as? [[String: Any]])
            #expect(listed.map { $0["name"] as? String } == ["brok.git"] && listed.first?["owner"] is NSNull)

            expectExit(try Allmenning.run(["repositories", "owner", "brok", "kari", "--as", "kari", "--data", data.path]), 1)
            let given = try Allmenning.run(["repositories", "owner", "brok", "kari", "--as", "ada", "--data", data.path])
            expectExit(given, 0)
            #expect(given.stdout.contains("now belongs to kari"))
            let after = try Allmenning.run(["repositories", "list", "--as", "ada", "--data", data.path])
            #expect(after.stdout.contains("brok.git\tkari (teacher, nygard-skole)"), "\(after)")
            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            #expect(try store.owner(ofRepository: Indexer.location(of: bare))?.userName == "kari")

            expectExit(try Allmenning.run(["repositories", "owner", bare.path, "--none", "--as", "ada", "--data", data.path]), 0)
            #expect(try store.owner(ofRepository: Indexer.location(of: bare)) == nil)
            expectExit(try Allmenning.run(["repositories", "owner", "finnes-ikke", "kari", "--as", "ada", "--data", data.path]), 2)
            expectExit(try Allmenning.run(["repositories", "owner", "brok", "kari", "--none", "--as", "ada", "--data", data.path]), 2)
            expectExit(try Allmenning.run(["repositories", "list", "--as", "ola", "--data", data.path]), 1)
            let audit = try Allmenning.run(["audit", "--as", "ada", "--data", data.path])
            #expect(audit.stdout.contains("repository.owner\trepository:\(Indexer.location(of: bare))\tfrom= to=kari"), "\(audit)")
        }
    }

    @Test("audit is for administrators; --since and --limit choose entries; a bad date exits 2")
    func audit() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            expectExit(try Allmenning.run(["audit", "--as", "kari", "--data", data.path]), 1)
            expectExit(try Allmenning.run(["audit", "--data", data.path]), 1)
            let limited = try Allmenning.run(["audit", "--as", "ada", "--limit", "1", "--format", "json", "--data", data.path])
            #expect((try limited.json()["entries"] as? [[String: Any]])?.map { $0["subject"] as? String } == ["ola"])
            let future = try Allmenning.run(["audit", "--as", "ada", "--since", "2999-01-01", "--format", "json", "--data", data.path])
            expectExit(future, 0)
            #expect((try future.json()["entries"] as? [[String: Any]])?.isEmpty == true)
            let past = try Allmenning.run(["audit", "--as", "ada", "--since", "2000-01-01T00:00:00Z", "--format", "json", "--data", data.path])
            #expect((try past.json()["entries"] as? [[String: Any]])?.count == 4)
            expectExit(try Allmenning.run(["audit", "--as", "ada", "--since", "i går", "--data", data.path]), 2)
            let organisations = try Allmenning.run(["organisations", "list", "--format", "json", "--data", data.path])
            expectExit(organisations, 0)
            #expect((try organisations.json()["organisations"] as? [[String: Any]])?.first?["displayName"] as? String == "Nygård skole")
        }
    }
}
