import AllmenningCore
@testable import CompetenceAims
import Foundation
import Testing

@Suite struct SuggesterTests {
    let suggester = sharedSuggester

    @Test func indexesEveryAimOfThePack() {
        #expect(suggester.aims.count == sharedCatalogue.aimCount)
        #expect(suggester.aims.count == 1064)
    }

    @Test func anEmptyCatalogueSuggestsNothing() {
        let empty = AimSuggester(catalogue: CurriculumCatalogue())
        #expect(empty.aims.isEmpty)
        #expect(empty.suggest(text: "Brøk med pizza", language: "nb").isEmpty)
        #expect(empty.candidates(for: AimQuery(text: "x", subjects: ["MAT01-06"], levels: ["5"])).isEmpty)
        #expect(empty.support(aim: "KM13266", in: AimQuery(text: "brøk")) == nil)
    }

    @Test func emptyAndWordlessTextGivesNoSuggestions() {
        #expect(suggester.suggest(text: "").isEmpty)
        #expect(suggester.suggest(text: "   \n\t ").isEmpty)
        #expect(suggester.suggest(text: "12 + 7 = 19; 2024 – 1814").isEmpty)
        #expect(suggester.suggest(text: "og i på til med for", language: "nb").isEmpty)
        #expect(suggester.suggest(for: AimQuery()).isEmpty)
        #expect(suggester.suggest(text: "brøk", limit: 0).isEmpty)
    }

    @Test func hugeTextIsCappedAndStillAnswers() {
        let paragraph = "Elevene legger sammen brøker med lik nevner og sammenligner brøker med tegninger av pizza. "
        let huge = String(repeating: paragraph, count: 40_000) // about 3.6 million characters
        var query = AimQuery(text: huge, language: "nb")
        query.add("Mer tekst som ikke blir lest", field: .body, language: "nb")
        #expect(query.parts.reduce(0) { $0 + $1.text.count } <= AimQuery.maximumCharacters)
        #expect(query.parts.count == 1)
        let clock = ContinuousClock()
        var suggestions: [AimSuggestion] = []
        let elapsed = clock.measure { suggestions = suggester.suggest(for: query, limit: 5, filters: .none) }
        #expect(!suggestions.isEmpty)
        #expect(suggestions.count <= 5)
        #expect(elapsed < .seconds(60)) // a bound on runaway work, not a benchmark
    }

    @Test func largeDocumentsAreReadOnlyToTheirLimit() {
        let markdown = "# Brøk\n\n" + String(repeating: "Vi deler pizza i like store biter. ", count: 200_000)
        let document = ResourceDocument(path: "index.md", data: Data(markdown.utf8))
        #expect(document.data.count > ResourceDocument.maximumBytes)
        let text = document.text()
        #expect(text.headings == ["Brøk"])
        #expect(text.body.utf8.count <= ResourceDocument.maximumBytes)
    }

    @Test(arguments: [
        ("nb", "Vi deler en pizza i åtte like store biter. Hvor stor brøkdel er tre biter? Elevene sammenligner brøker og finner likeverdige brøker.", "MAT"),
        ("nn", "Vi deler ein pizza i åtte like store bitar. Kor stor brøkdel er tre bitar? Elevane samanliknar brøkar og finn likeverdige brøkar.", "MAT"),
        // Swedish "bråk" is Norwegian "brøk", a vowel pair the bridge does not know; percent and decimals meet.
        ("sv", "Vi räknar med procent i vardagen: 25 procent rabatt på en tröja. Eleverna skriver procent som decimaltal och jämför priser.", "MAT"),
        ("da", "Vi deler en pizza i otte lige store stykker. Hvor stor en brøkdel er tre stykker? Eleverne sammenligner brøker og finder ligeværdige brøker.", "MAT"),
        ("en", "We cut a pizza into eight equal slices. What fraction is three slices? Pupils compare fractions and find equivalent fractions.", "MAT"),
    ])
    func answersInEachLanguage(language: String, text: String, subject: String) {
        let suggestions = suggester.suggest(text: text, language: language, limit: 5)
        #expect(!suggestions.isEmpty, "\(language)")
        // Without filters a short text can put a near-miss first (Danish "sammenligner" meets the
        // short NOR aim "… tolkninger og sammenligninger"); the subject shows up among the five.
        #expect(suggestions.contains { $0.curriculum.hasPrefix(subject) }, "\(language): \(suggestions.map { "\($0.code) \($0.text)" })")
        let filtered = suggester.suggest(text: text, language: language, subjects: ["MAT01-06"], levels: ["5", "6", "7"], limit: 5)
        #expect(!filtered.isEmpty && filtered.allSatisfy { $0.curriculum == "MAT01-06" })
        // Scores come best first.
        #expect(zip(suggestions, suggestions.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func textOfTheSuggestionIsInTheQuerysLanguage() throws {
        let english = suggester.suggest(text: "Photosynthesis and cellular respiration in the carbon cycle", language: "en",
                                        subjects: ["NAT01-05"], levels: ["10"], limit: 1)
        #expect(english.first?.code == "KM13870")
        #expect(english.first?.text.hasPrefix("explain how photosynthesis") == true)
        let nynorsk = suggester.suggest(text: "Fotosyntese og celleanding i karbonkrinslaupet", language: "nn",
                                        subjects: ["NAT01-05"], levels: ["10"], limit: 1)
        #expect(nynorsk.first?.code == "KM13870")
        let aim = try #require(sharedCatalogue.aim("KM13870"))
        #expect(nynorsk.first?.text == aim.text["nn"])
    }

    @Test func subjectFilterKeepsOnlyTheDeclaredCurricula() {
        let text = "Elevene programmerer en micro:bit med løkker og variabler og feilsøker koden."
        let all = suggester.suggest(text: text, language: "nb", limit: 20)
        #expect(Set(all.map(\.curriculum)).count > 1)
        let programming = suggester.suggest(text: text, language: "nb", subjects: ["PRG01-02"], limit: 20)
        #expect(!programming.isEmpty)
        #expect(programming.allSatisfy { $0.curriculum == "PRG01-02" })
        // An unknown subject narrows nothing.
        #expect(suggester.suggest(text: text, language: "nb", subjects: ["XYZ99-01"], limit: 20) == all)
    }

    @Test func levelFilterPicksTheStageEachYearBelongsTo() {
        // Year 5 in science (aims after years 2, 4, 7, 10) belongs to the aims after year 7;
        // in mathematics (aims after every year) to year 5's own.
        let science = AimQuery(text: "vann", language: "nb", subjects: ["NAT01-05"], levels: ["5"])
        let scienceYears = Set(suggester.candidates(for: science).compactMap { sharedCatalogue.aim($0)?.afterYear })
        #expect(scienceYears == ["7"])
        let maths = AimQuery(text: "brøk", language: "nb", subjects: ["MAT01-06"], levels: ["5", "6"])
        let mathsYears = Set(suggester.candidates(for: maths).compactMap { sharedCatalogue.aim($0)?.afterYear })
        #expect(mathsYears == ["5", "6"])
        // vg2 in a curriculum that ends after year 10 gets its last stage.
        let food = AimQuery(text: "mat", language: "nb", subjects: ["MHE01-02"], levels: ["vg2"])
        #expect(Set(suggester.candidates(for: food).compactMap { sharedCatalogue.aim($0)?.afterYear }) == ["10"])
        // Aims without a year (foreign languages) pass any level.
        let spanish = AimQuery(text: "spansk", language: "nb", subjects: ["FSP01-04"], levels: ["9"])
        #expect(suggester.candidates(for: spanish).count == 18)
        #expect(AimSuggester.ordinal("vg1") == 11)
        #expect(AimSuggester.ordinal("11") == nil)
        #expect(AimSuggester.stage(for: 5, among: [2, 4, 7, 10]) == 7)
        #expect(AimSuggester.stage(for: 12, among: [2, 4, 7, 10]) == 10)
    }

    @Test func anOlderCurriculumsTwinIsNotSuggestedNextToTheNewOne() {
        let text = "Elevene lager algoritmer og uttrykker dem ved bruk av variabler, vilkår og løkker."
        let codes = suggester.suggest(text: text, language: "nb", limit: 10).map(\.code)
        #expect(codes.contains("KM13263")) // MAT01-06, in force
        #expect(!codes.contains("KM283"))  // the same aim in MAT01-05
        // Asked for the old curriculum, the old aim is what there is.
        let old = suggester.suggest(text: text, language: "nb", subjects: ["MAT01-05"], limit: 10).map(\.code)
        #expect(old.contains("KM283"))
        #expect(!suggester.candidates(for: AimQuery(text: text)).contains("KM283"))
    }

    @Test func swedishAndDanishAreSearchedInTheScandinavianIndex() {
        let swedish = suggester.suggest(text: "Fotosyntesen och cellandningen ger energi till allt levande genom kolets kretslopp.",
                                        language: "sv", subjects: ["NAT01-05"], levels: ["9"], limit: 5)
        #expect(swedish.map(\.code).contains("KM13870"))
        let danish = suggester.suggest(text: "Demokrati og det politiske system: hvilke aktører har magt i samfundet i dag?",
                                       language: "da", subjects: ["SAF01-04"], levels: ["10"], limit: 5)
        #expect(danish.map(\.code).contains("KM1648"))
    }

    @Test func supportFlagsDeclaredAimsTheTextDoesNotCarry() throws {
        let text = "Elevene deler pizza i halvdeler, tredjedeler og fjerdedeler og sammenligner brøkene. De finner likeverdige brøker."
        let query = AimQuery(text: text, language: "nb")
        let fractions = try #require(suggester.support(aim: "KM13266", in: query)) // brøk som del av en hel …
        let swimming = try #require(suggester.support(aim: "KM2072", in: query))  // være svømmedyktig …
        #expect(fractions.score > swimming.score)
        #expect(fractions.supported)
        #expect(!swimming.supported)
        #expect(suggester.support(aim: "KM0", in: query) == nil)
        #expect(!suggester.supported(aim: "KM0", text: text))
        #expect(suggester.supported(aim: "KM13266", text: text, language: "nb"))
        #expect(!suggester.supported(aim: "KM13266", text: ""))
        #expect((0...1).contains(fractions.score))
    }

    @Test func queryFromAManifestReadsItsFieldsAndDocuments() throws {
        let directory = packageRoot.appendingPathComponent("Content/brok-med-pizza")
        let manifest = try EvaluationSet.loadManifest(directory)
        let query = AimQuery(manifest: manifest, documents: try EvaluationSet.documents(in: directory))
        #expect(query.subjects == ["MAT01-06"])
        #expect(query.levels == ["5", "6"])
        #expect(query.parts.contains { $0.field == .title && $0.language == .english })
        #expect(query.parts.contains { $0.field == .keywords && $0.text.contains("nevner") })
        #expect(query.parts.contains { $0.field == .headings && !$0.text.isEmpty })
        #expect(query.parts.contains { $0.field == .body && $0.text.count > 1000 })
        let suggestions = suggester.suggest(for: query)
        #expect(suggestions.allSatisfy { $0.curriculum == "MAT01-06" })
        #expect(suggestions.map(\.code).contains("KM13277"))
    }

    @Test func markdownFrontMatterAndAttributeListsAreNotText() {
        let markdown = "---\ntitle: Astrokatt\nauthor: Someone\n---\n\n# Steg 1: Lag en katt {.activity}\n\nTekst.\n"
        let text = ResourceDocument(path: "lesson.md", data: Data(markdown.utf8)).text()
        #expect(text.headings == ["Astrokatt", "Steg 1: Lag en katt"])
        #expect(!text.body.contains("author"))
        #expect(!text.body.contains("activity"))
        #expect(text.body.contains("Tekst."))
        let html = "<html><body><h1>Brøk <em>med</em> pizza</h1><p>Tekst</p><h2 class=x>Oppgave 1</h2></body></html>"
        let page = ResourceDocument(path: "index.html", data: Data(html.utf8)).text()
        #expect(page.headings == ["Brøk med pizza", "Oppgave 1"])
        #expect(ResourceDocument(path: "bilde.png", data: Data([0x89, 0x50])).text().body.isEmpty)
        #expect(!ResourceDocument(path: "bilde.png", data: Data()).isReadable)
    }

    @Test func unknownLanguagesAreGuessed() {
        var query = AimQuery(languages: ["se"])
        query.add("Vad är det som gör att eleverna inte förstår hur fotosyntesen fungerar?", field: .body)
        #expect(query.resolvedParts().first?.language == .swedish)
        let sami = AimQuery(text: "Photosynthesis turns light into chemical energy in the leaves", language: "se")
        #expect(sami.resolvedParts().first?.language == .english)
    }
}
