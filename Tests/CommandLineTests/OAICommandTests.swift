import Foundation
import GitTestSupport
import Testing

@Suite("allmenning oai: one OAI-PMH answer from the catalogue, for operators and the conformance script")
struct OAICommandTests {
    @Test("an indexed resource is harvested in LOM and oai_dc; the command is hidden from help")
    func answers() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let resource = try makeResource(in: folder, named: "brok", manifest: validManifest(extra: "subjects: [MAT01-06]\naims: [KM13277]"))
            try GitCommandLine.run(["init", "-q", "-b", "main"], in: resource)
            try GitCommandLine.run(["add", "-A"], in: resource)
            try GitCommandLine.run(["commit", "-q", "-m", "Første versjon"], in: resource)
            expectExit(try Allmenning.run(["index", resource.path, "--data", data.path, "--curricula", Allmenning.curriculaFolder.path]), 0)

            let common = ["oai", "--data", data.path, "--curricula", Allmenning.curriculaFolder.path, "--admin-email", "drift@allmenning.invalid",
                          "--base-url", "https://katalog.allmenning.invalid/oai"]
            let lom = try Allmenning.run(common + ["verb=GetRecord&metadataPrefix=lom&identifier=oai%3Akatalog.allmenning.invalid%3A01M82FGXV1GADSC78Z5PVSGCYE"])
            expectExit(lom, 0)
            #expect(lom.stdout.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
            #expect(lom.stdout.contains("<identifier>oai:katalog.allmenning.invalid:01M82FGXV1GADSC78Z5PVSGCYE</identifier>"))
            #expect(lom.stdout.contains("<id>KM13277</id>"))
            #expect(lom.stdout.contains("lage og løse problemer med desimaltall, brøk og prosent"))
            let dublinCore = try Allmenning.run(common + ["?verb=ListRecords&metadataPrefix=oai_dc"])
            expectExit(dublinCore, 0)
            #expect(dublinCore.stdout.contains("<dc:title xml:lang=\"nb\">Brøk med pizza</dc:title>"))
            let error = try Allmenning.run(common + ["verb=ListRecords"])
            expectExit(error, 0)
            #expect(error.stdout.contains("<error code=\"badArgument\">"))

            let help = try Allmenning.run(["--help"])
            #expect(!help.stdout.contains("oai"))
        }
    }

    @Test("without an admin e-mail, or with a base URL that is no web address, the command does not run (exit 2)")
    func refusesConfiguration() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data").path
            let noEmail = try Allmenning.run(["oai", "--data", data, "verb=Identify"])
            expectExit(noEmail, 2)
            let badURL = try Allmenning.run(["oai", "--data", data, "--admin-email", "drift@allmenning.invalid", "--base-url", "ftp://x/oai",
                                             "--lang", "en", "verb=Identify"])
            expectExit(badURL, 2)
            #expect(badURL.stderr.contains("base URL with http or https"))
        }
    }
}
