import AllmenningCore
import Foundation
import Testing

let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite struct CurriculumTests {
    @Test func realGrepCurriculumDocument() throws {
        let pack = try CurriculumPack.load(from: fixtures.appendingPathComponent("grep/laereplaner-lk20_NOR01-06.json"))
        let curriculum = try #require(pack.curricula.first)
        #expect(curriculum.code == "NOR01-06")
        #expect(curriculum.subject["nb"] == "Norsk")
        #expect(curriculum.validFrom == "2020-08-01")
        #expect(pack.aims.isEmpty) // a læreplan document lists aim sets, not aims
        #expect(pack.licence == "NLOD-2.0")
    }

    @Test func realGrepJSONLDWithByteOrderMark() throws {
        let pack = try CurriculumPack.load(from: fixtures.appendingPathComponent("grep/laereplan.lk20_NOR01-06.jsonld"))
        #expect(pack.curricula.map(\.code) == ["NOR01-06"])
        #expect(pack.curricula.first?.validFrom == "2020-08-01")
    }

    @Test func aimSetsAndAimsInTheDocumentedShape() throws {
        let pack = try CurriculumPack.load(from: fixtures.appendingPathComponent("grep/constructed-kompetansemaalsett-and-aims.json"))
        let catalogue = CurriculumCatalogue(packs: [pack])
        let counting = try #require(catalogue.aim("KM9001"))
        #expect(counting.afterYear == "4")
        #expect(counting.curriculum == "TST01-01")
        #expect(counting.text["nb"] == "telle til hundre")
        #expect(counting.text["nn"] == "telje til hundre")
        #expect(counting.text["en"] == "count to one hundred")
        // Known only from the set's reference, whose title is a plain string in the adopted language.
        let comparing = try #require(catalogue.aim("KM9002"))
        #expect(comparing.text == ["no": "samanlikne tal"])
        #expect(comparing.afterYear == "4")
    }

    @Test func documentsWithoutCurriculumDataAreRefused() throws {
        #expect(throws: CurriculumLoadError.self) {
            try CurriculumPack.load(from: fixtures.appendingPathComponent("grep/aarstrinn.aarstrinn1.jsonld"))
        }
    }

    @Test func theEmbeddedLK20Pack() throws {
        let catalogue = try CurriculumCatalogue.load(directory: packageRoot.appendingPathComponent("Content/curricula"))
        #expect(catalogue.aimCount == 1064)
        let aim = try #require(catalogue.aim("KM198"))
        #expect(aim.curriculum == "MAT01-05")
        #expect(aim.afterYear == "2")
        #expect(aim.text["en"]?.hasPrefix("order numbers") == true)
        #expect(catalogue.curriculum("MAT01-06")?.validFrom == "2026-08-01")
        #expect(catalogue.packs.first?.attribution?["nb"] == "Inneholder data under NLOD, tilgjengeliggjort på data.udir.no")
        #expect(catalogue.closestAimCodes(to: "KM199", inCurricula: ["MAT01-05"]).contains("KM198"))
    }
}
