import AllmenningCore
import Foundation
import Testing

@Suite("LanguageTag: the IANA Language Subtag Registry")
struct LanguageRegistryTests {
    @Test("the registry's language subtags are there, and nothing that is not one")
    func registeredLanguages() {
        #expect(LanguageTag.registeredLanguages.count > 8000)
        for subtag in ["en", "nb", "nn", "no", "se", "sma", "smj", "fkv", "lb", "iw", "und", "zxx", "mul"] {
            #expect(LanguageTag.isRegisteredLanguage(subtag), "\(subtag)")
        }
        // ISO 639-2 codes of languages that have a two-letter code are not subtags of their own.
        for notSubtag in ["eng", "nob", "nor", "em", "i", "english", "x", ""] {
            #expect(!LanguageTag.isRegisteredLanguage(notSubtag), "\(notSubtag)")
        }
        #expect(LanguageTag.isRegisteredLanguage("EN"))
    }

    @Test("the private-use range qaa..qtz is a registry entry; it holds three-letter subtags only")
    func privateUseRange() {
        #expect(LanguageTag.isRegisteredLanguage("qaa") && LanguageTag.isRegisteredLanguage("qtz") && LanguageTag.isRegisteredLanguage("QMX"))
        #expect(!LanguageTag.isRegisteredLanguage("qua1") && !LanguageTag.isRegisteredLanguage("qb") && !LanguageTag.isRegisteredLanguage("quz1"))
        #expect(!LanguageTag.isRegisteredLanguage("qza"))
    }

    @Test("every primary language the manifest accepts is registered")
    func manifestLanguagesAreRegistered() {
        #expect(LanguageTag.primaryLanguages.subtracting(LanguageTag.registeredLanguages).isEmpty)
    }

    @Test("a lang value's known primary language, read leniently as browsers read it")
    func knownPrimaryLanguage() {
        #expect(LanguageTag.knownPrimaryLanguage(of: "nb") == "nb")
        #expect(LanguageTag.knownPrimaryLanguage(of: "FR") == "fr")
        #expect(LanguageTag.knownPrimaryLanguage(of: "en-US-GB") == "en")
        #expect(LanguageTag.knownPrimaryLanguage(of: "de-hello") == "de")
        #expect(LanguageTag.knownPrimaryLanguage(of: "se-") == "se")
        for unknown in ["eng", "em-US", "i-lux", "#!", "", "-en", "en_US", "english", "nb NO", "ñb"] {
            #expect(LanguageTag.knownPrimaryLanguage(of: unknown) == nil, "\(unknown)")
        }
    }

    @Test("the registry data says which registry it is")
    func fileDate() {
        #expect(LanguageTag.registryFileDate.count == 10 && LanguageTag.registryFileDate.hasPrefix("20"))
    }
}
