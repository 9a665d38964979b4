import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import Testing

@Suite("allmenning rate and ratings: list, hide")
struct RatingsCommandTests {
    static let id = "01M82FGXV1GADSC78Z5PVSGCYE"

    @Test("rate, rate again (replaced), list with the average; a student and the owner are refused with exit 1, a score of 6 exits 2; a reviewer hides a text, which list then leaves out, and the audit log has it")
    func rateListHide() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let resource = try makeResource(in: folder, named: "brok", manifest: validManifest(id: Self.id))
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: resource)
            try GitCommandLine.run(["add", "-A"], in: resource)
            try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: resource)
            try ReviewCommandTests().makeReviewAccounts(in: data)
            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            _ = try store.addUser(NewUser(userName: "per", displayName: "Per Lærer", role: .teacher, organisation: "nygard-skole"), by: .installation, at: Date())
            expectExit(try Allmenning.run(["index", "--data", data.path, resource.path]), 0)
            expectExit(try Allmenning.run(["repositories", "owner", resource.path, "kari", "--as", "ada", "--data", data.path]), 0)

            expectExit(try Allmenning.run(["rate", Self.id, "2", "--text", "Tynn.", "--as", "per", "--data", data.path]), 0)
            let again = try Allmenning.run(["rate", resource.path, "4", "--text", "Elevene likte den.", "--as", "per", "--format", "json", "--data", data.path])
            expectExit(again, 0)
            #expect(try again.json()["score"] as? Int == 4)
            expectExit(try Allmenning.run(["rate", Self.id, "5", "--text", "Dette er søppel.", "--as", "rita", "--data", data.path]), 0)
            var list = try Allmenning.run(["ratings", "list", Self.id, "--format", "json", "--data", data.path]).json()
            #expect((list["summary"] as? [String: Any])?["count"] as? Int == 2)
            #expect((list["summary"] as? [String: Any])?["average"] as? Double == 4.5)

            let student = try Allmenning.run(["rate", Self.id, "5", "--as", "ola", "--data", data.path])
            expectExit(student, 1)
            #expect(student.stderr.contains("students do not"), "\(student)")
            let own = try Allmenning.run(["rate", Self.id, "5", "--as", "kari", "--data", data.path])
            expectExit(own, 1)
            #expect(own.stderr.contains("You cannot rate your own resource."))
            expectExit(try Allmenning.run(["rate", Self.id, "6", "--as", "per", "--data", data.path]), 2)

            let byTeacher = try Allmenning.run(["ratings", "hide", Self.id, "rita", "--reason", "Krenkende.", "--as", "per", "--data", data.path])
            expectExit(byTeacher, 1)
            let hidden = try Allmenning.run(["ratings", "hide", Self.id, "rita", "--reason", "Krenkende.", "--as", "ada", "--data", data.path])
            expectExit(hidden, 0)
            #expect(hidden.stdout.contains("The text of rita's rating of \(Self.id) is hidden."), "\(hidden)")
            let text = try Allmenning.run(["ratings", "list", Self.id, "--data", data.path])
            #expect(text.stdout.contains("2 ratings, average 4.5 of 5."), "\(text)")
            #expect(text.stdout.contains("(the text was hidden by a moderator)") && !text.stdout.contains("søppel"), "\(text)")
            #expect(text.stdout.contains("4/5  Per Lærer (Nygård skole)") && text.stdout.contains("«Elevene likte den.»"))
            list = try Allmenning.run(["ratings", "list", Self.id, "--format", "json", "--data", data.path]).json()
            let rita = try #require((list["ratings"] as? [[String: Any]])?.first { $0["rater"] as? String == "Rita Fagfelle" })
            #expect(rita["text"] is NSNull && rita["textHidden"] as? Bool == true)

            let audit = try #require(try Allmenning.run(["audit", "--as", "ada", "--format", "json", "--data", data.path]).json()["entries"] as? [[String: Any]])
            let entry = try #require(audit.last)
            #expect(entry["action"] as? String == "rating.hide" && entry["actor"] as? String == "ada")
            #expect((entry["details"] as? [String: Any])?["reason"] as? String == "Krenkende.")
            expectExit(try Allmenning.run(["ratings", "list", "01NOPE", "--data", data.path]), 2)
        }
    }
}
