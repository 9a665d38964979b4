/// Small stop word lists, written for this engine: pronouns, articles, prepositions,
/// conjunctions, auxiliaries and the commonest adverbs of each language, in folded form
/// (ä→æ, ö→ø). Content words are never on them, not even frequent ones in aims ("bruke",
/// "utforske"): BM25's inverse document frequency already gives those little weight, and
/// they still tell an aim about using apart from one about exploring.
public enum StopWords {
    public static func contains(_ folded: String, language: NordicLanguage) -> Bool {
        lists[language]!.contains(folded)
    }

    static let lists: [NordicLanguage: Set<String>] = [
        .bokmål: norwegianCommon.union(bokmålOnly).union(pupils),
        .nynorsk: norwegianCommon.union(nynorskOnly).union(pupils),
        .swedish: swedish.union(pupils),
        .danish: danish.union(pupils),
        .english: english,
    ]

    /// "The pupil" in all its forms: aims say "eleven" where they mean "one", and every
    /// lesson is full of "elevene"; matching the two says nothing about the subject.
    private static let pupils: Set<String> = [
        "elev", "eleven", "elevene", "elever", "elevens", "elevenes", "elevane", "elevar", "eleverna", "eleverne",
        "elevers", "elevernes", "elevernas",
    ]

    private static let norwegianCommon: Set<String> = [
        "og", "i", "på", "til", "med", "for", "om", "som", "at", "å", "er", "var", "har", "hadde", "den", "det", "de",
        "der", "så", "men", "eller", "enn", "når", "da", "før", "etter", "under", "over", "mot", "ved", "uten", "mellom",
        "seg", "sin", "sitt", "sine", "han", "hun", "vi", "oss", "du", "deg", "din", "ditt", "dine", "vår", "vårt", "våre",
        "kan", "skal", "vil", "må", "bør", "får", "få", "fikk", "ble", "blitt", "blir", "bli", "gjennom", "her", "alle",
        "andre", "annen", "annet", "samme", "slik", "så", "også", "ja", "nei", "hvor", "man", "opp", "ut", "inn", "ned",
        "fram", "frem", "bort", "hos", "ifølge", "mens", "både", "hele", "selv", "sjøl", "sånn", "altså", "jo", "vel",
    ]
    private static let bokmålOnly: Set<String> = [
        "en", "et", "ei", "av", "ikke", "hva", "hvem", "hvordan", "hvorfor", "hvilken", "hvilket", "hvilke", "jeg", "meg",
        "min", "mitt", "mine", "dere", "deres", "dem", "hennes", "hans", "dens", "dets", "være", "vært", "noe", "noen",
        "mye", "mange", "mer", "mest", "hvis", "fra", "bare", "hver", "hvert", "disse", "dette", "denne", "nå", "kunne",
        "skulle", "ville", "måtte", "sammen", "også", "dermed", "derfor", "fordi", "ingen", "intet", "ens",
    ]
    private static let nynorskOnly: Set<String> = [
        "ein", "eit", "ei", "av", "ikkje", "kva", "kven", "korleis", "kvifor", "kva", "kvar", "kvart", "eg", "meg", "min",
        "mitt", "mine", "dykk", "dykkar", "dei", "deira", "ho", "henne", "hennar", "hans", "vere", "vore", "noko", "nokon",
        "nokre", "mykje", "mange", "meir", "mest", "viss", "om", "frå", "berre", "desse", "dette", "denne", "no", "kunne",
        "skulle", "ville", "måtte", "saman", "òg", "difor", "fordi", "ingen", "inkje", "sjølv", "kor", "kjem", "vart",
    ]
    private static let swedish: Set<String> = [
        "och", "i", "på", "till", "med", "før", "om", "som", "att", "ær", "var", "har", "hade", "den", "det", "de", "dem",
        "dær", "så", "men", "eller", "æn", "nær", "då", "efter", "under", "øver", "mot", "vid", "utan", "mellan", "sig",
        "sin", "sitt", "sina", "han", "hon", "vi", "oss", "du", "dig", "din", "ditt", "dina", "vår", "vårt", "våra",
        "kan", "ska", "skall", "vill", "måste", "får", "fick", "blev", "blivit", "blir", "bli", "genom", "hær", "alla",
        "andra", "annan", "annat", "samma", "sådan", "sådant", "också", "ja", "nej", "var", "man", "upp", "ut", "in",
        "ner", "fram", "bort", "hos", "medan", "både", "hela", "sjælv", "en", "ett", "av", "inte", "ej", "vad", "vem",
        "hur", "varfør", "vilken", "vilket", "vilka", "jag", "mig", "min", "mitt", "mina", "er", "era", "deras", "hennes",
        "hans", "vara", "varit", "något", "någon", "några", "mycket", "många", "mer", "mest", "om", "från", "bara",
        "varje", "dessa", "detta", "denna", "nu", "kunde", "skulle", "ville", "tillsammans", "dærfør", "eftersom",
        "ingen", "inget", "nær", "sedan", "ju", "væl",
    ]
    private static let danish: Set<String> = [
        "og", "i", "på", "til", "med", "for", "om", "som", "at", "er", "var", "har", "havde", "den", "det", "de", "dem",
        "der", "så", "men", "eller", "end", "når", "da", "før", "efter", "under", "over", "mod", "ved", "uden", "mellem",
        "sig", "sin", "sit", "sine", "han", "hun", "vi", "os", "du", "dig", "din", "dit", "dine", "vores", "kan", "skal",
        "vil", "må", "bør", "får", "få", "fik", "blev", "blevet", "bliver", "blive", "gennem", "her", "alle", "andre",
        "anden", "andet", "samme", "sådan", "også", "ja", "nej", "hvor", "man", "op", "ud", "ind", "ned", "frem", "bort",
        "hos", "mens", "både", "hele", "selv", "en", "et", "af", "ikke", "hvad", "hvem", "hvordan", "hvorfor", "hvilken",
        "hvilket", "hvilke", "jeg", "mig", "min", "mit", "mine", "jer", "jeres", "deres", "hendes", "hans", "være", "været",
        "noget", "nogen", "nogle", "meget", "mange", "mere", "mest", "hvis", "fra", "kun", "hver", "hvert", "disse", "dette",
        "denne", "nu", "kunne", "skulle", "ville", "måtte", "sammen", "derfor", "fordi", "ingen", "intet", "jo", "vel",
    ]
    private static let english: Set<String> = [
        "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "about", "as",
        "into", "onto", "over", "under", "between", "through", "after", "before", "during", "without", "within", "is",
        "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having", "do", "does", "did", "done",
        "can", "could", "will", "would", "shall", "should", "may", "might", "must", "it", "its", "this", "that", "these",
        "those", "there", "here", "they", "them", "their", "theirs", "he", "him", "his", "she", "her", "hers", "we", "us",
        "our", "ours", "you", "your", "yours", "i", "me", "my", "mine", "who", "whom", "whose", "which", "what", "when",
        "where", "why", "how", "if", "then", "than", "so", "not", "no", "nor", "too", "very", "also", "just", "only",
        "all", "any", "both", "each", "every", "few", "more", "most", "other", "some", "such", "own", "same", "up", "down",
        "out", "off", "again", "once", "while", "because", "until", "get", "got", "let", "lets", "one", "ones", "much",
        "many", "yes", "etc", "e", "g", "ie", "eg", "pupil", "pupils", "student", "students", "learner", "learners",
    ]
}
