@testable import CompetenceAims
import Testing

@Suite struct NormaliserTests {
    @Test func lowercasesAndKeepsTheNordicVowels() {
        #expect(NordicNormaliser.fold("ÆRLIG Øst Åpen") == "ærlig øst åpen")
        // Composed and decomposed å are the same letter.
        #expect(NordicNormaliser.fold("a\u{030A}r") == "år")
        #expect(NordicNormaliser.fold("Å") == "å")
    }

    @Test func mapsSwedishAndGermanUmlautsToTheNorwegianVowels() {
        #expect(NordicNormaliser.fold("Växt lära öva mönster") == "væxt læra øva mønster")
        #expect(NordicNormaliser.fold("Ä Ö") == "æ ø")
    }

    @Test func keepsNordicVowelsApartFromTheirLookAlikes() {
        #expect(NordicNormaliser.fold("før") != NordicNormaliser.fold("for"))
        #expect(NordicNormaliser.fold("får") != NordicNormaliser.fold("far"))
        #expect(NordicNormaliser.fold("lære") != NordicNormaliser.fold("laere"))
        #expect(NordicNormaliser.fold("sjøaure") == "sjøaure") // "aa" and "ae" are not folded
    }

    @Test func dropsOtherAccents() {
        #expect(NordicNormaliser.fold("idé café naïve señor façade Straße") == "ide cafe naive senor facade strasse")
        #expect(NordicNormaliser.fold("Þór ðoka") == "thor doka")
    }

    @Test func bridgesScandinavianSpellings() {
        #expect(NordicNormaliser.bridge("information") == "informasjon")
        #expect(NordicNormaliser.bridge("procent") == "prosent")
        #expect(NordicNormaliser.bridge("text") == "tekst")
        #expect(NordicNormaliser.bridge("tack") == "tak") // ck → kk, then one k (double consonants are undoubled)
        #expect(NordicNormaliser.bridge("takk") == "tak")
        #expect(NordicNormaliser.bridge("fysik") == "fysik")
        #expect(NordicNormaliser.bridge("pizza") == "pisa")
    }

    @Test func bridgesNynorskAndBokmålSounds() {
        #expect(NordicNormaliser.bridge("eigenskap") == NordicNormaliser.bridge("egenskap"))
        #expect(NordicNormaliser.bridge("høyd") == NordicNormaliser.bridge("hød"))
        #expect(NordicNormaliser.bridge("samen") == NordicNormaliser.bridge("sammen"))
        #expect(NordicNormaliser.bridge("eik") == "ek") // Swedish and Danish "ek"
        #expect(NordicNormaliser.bridge("stein") == "sten")
    }
}

@Suite struct TokeniserTests {
    @Test func splitsOnPunctuationAndDropsNumbersAndSingleLetters() {
        #expect(Tokeniser.words(in: "to- og tredimensjonale figurer, 3 sider; x-aksen (2024)") ==
                ["to", "og", "tredimensjonale", "figurer", "sider", "aksen"])
        #expect(Tokeniser.words(in: "micro:bit-en h2o 5b") == ["micro", "bit", "en", "h2o", "5b"])
        #expect(Tokeniser.words(in: "pupil's") == ["pupil"])
        #expect(Tokeniser.words(in: "") == [])
    }
}

@Suite struct StopWordTests {
    @Test func eachLanguageHasItsOwnFunctionWords() {
        #expect(StopWords.contains("ikke", language: .bokmål))
        #expect(StopWords.contains("ikkje", language: .nynorsk))
        #expect(!StopWords.contains("ikkje", language: .bokmål))
        #expect(StopWords.contains("och", language: .swedish))
        #expect(StopWords.contains("också", language: .swedish))
        #expect(StopWords.contains("nogle", language: .danish))
        #expect(StopWords.contains("the", language: .english))
        #expect(StopWords.contains("elevene", language: .bokmål))
    }

    @Test func contentWordsAreNotStopWords() {
        for word in ["brøk", "utforske", "bruke", "demokrati", "fotosyntese"] {
            #expect(!StopWords.contains(word, language: .bokmål), "\(word)")
        }
        #expect(!StopWords.contains("fractions", language: .english))
    }
}

@Suite struct StemmerTests {
    func stems(_ words: [String], _ language: NordicLanguage) -> Set<String> {
        Set(words.map { NordicStemmer.stem(NordicNormaliser.fold($0), language: language) })
    }

    @Test func norwegianInflectionsMeet() {
        #expect(stems(["brøk", "brøken", "brøker", "brøkene"], .bokmål).count == 1)
        #expect(stems(["utforske", "utforsker", "utforsking"], .bokmål).count == 1)
        #expect(stems(["regler", "reglar", "reglane"], .nynorsk).count == 1)
        #expect(stems(["eigenskapar", "eigenskapane"], .nynorsk).count == 1)
        #expect(stems(["planlegge", "planlegging"], .bokmål).count == 1)
        #expect(NordicStemmer.stem("hus", language: .bokmål) == "hus") // too short to touch
        #expect(NordicStemmer.stem("pris", language: .bokmål) == "pris") // s after a vowel is part of the stem
    }

    @Test func swedishAndDanishInflectionsMeet() {
        #expect(stems(["procent", "procenten", "procenter"], .swedish).count == 1)
        #expect(stems(["svar", "svaret", "svaren"], .swedish).count == 1)
        #expect(stems(["samfund", "samfundet", "samfundets"], .danish).count == 1)
        #expect(stems(["elev", "eleverne"], .danish).count == 1)
    }

    @Test func scandinavianStemsMeetAcrossLanguages() {
        let norwegian = TextAnalyser.term("regler", language: .bokmål)
        #expect(TextAnalyser.term("reglar", language: .nynorsk) == norwegian)
        #expect(TextAnalyser.term("regler", language: .swedish) == norwegian)
        #expect(TextAnalyser.term("reglerne", language: .danish) == norwegian)
        #expect(TextAnalyser.term(NordicNormaliser.fold("fotosyntesen"), language: .swedish)
                == TextAnalyser.term("fotosyntese", language: .bokmål))
        #expect(TextAnalyser.term("procenten", language: .swedish) == TextAnalyser.term("prosenten", language: .bokmål))
    }

    @Test func englishInflectionsMeet() {
        #expect(stems(["create", "created", "creating", "creates"], .english).count == 1)
        #expect(stems(["study", "studies", "studied"], .english).count == 1)
        #expect(stems(["fraction", "fractions"], .english).count == 1)
        #expect(stems(["explore", "explored", "exploring"], .english).count == 1)
        #expect(NordicStemmer.stem("class", language: .english) == "class")
        #expect(NordicStemmer.stem("analysis", language: .english) == "analysis")
    }
}

@Suite struct DecompounderTests {
    @Test func splitsCompoundsOfKnownWords() {
        let decompounder = Decompounder(vocabulary: ["karbon", "kretsløp", "samfunn", "fag", "hjelp", "først"])
        #expect(decompounder.split("karbonkretsløpet", language: .bokmål) == ["karbon", "kretsløp"])
        #expect(decompounder.split("kretsløp", language: .bokmål) == nil)
        #expect(decompounder.split("ukjentord", language: .bokmål) == nil)
    }
}

@Suite struct LanguageGuessTests {
    @Test func guessesTheFiveLanguages() {
        #expect(NordicLanguage.guess("Hva er det som gjør at elevene ikke forstår hvorfor dette er viktig?") == .bokmål)
        #expect(NordicLanguage.guess("Kva er det som gjer at elevane ikkje forstår korleis dette heng saman?") == .nynorsk)
        #expect(NordicLanguage.guess("Vad är det som gör att eleverna inte förstår hur det hänger ihop?") == .swedish)
        #expect(NordicLanguage.guess("Hvad er det, der gør, at eleverne ikke forstår, hvordan det hænger sammen? Det er meget svært.") == .danish)
        #expect(NordicLanguage.guess("What is it that makes the pupils not understand how this works?") == .english)
        #expect(NordicLanguage.guess("") == .bokmål)
        #expect(NordicLanguage.guess("the and of", among: [.bokmål, .nynorsk]) == .bokmål)
    }

    @Test func readsLanguageTags() {
        #expect(NordicLanguage(tag: "nb-NO") == .bokmål)
        #expect(NordicLanguage(tag: "no") == .bokmål)
        #expect(NordicLanguage(tag: "NN") == .nynorsk)
        #expect(NordicLanguage(tag: "sv-FI") == .swedish)
        #expect(NordicLanguage(tag: "da") == .danish)
        #expect(NordicLanguage(tag: "en-GB") == .english)
        #expect(NordicLanguage(tag: "se") == nil)
        #expect(NordicLanguage(tag: "de") == nil)
    }
}
