import Foundation

/// A controlled vocabulary of the manifest: the terms a field accepts.
public struct Vocabulary: Sendable {
    public let name: String
    public let terms: [String]

    public func contains(_ term: String) -> Bool { terms.contains(term) }

    /// Terms a person who wrote `term` probably meant: the same word in other case, then typos.
    public func suggestions(for term: String) -> [String] {
        if let sameLetters = terms.first(where: { $0.lowercased() == term.lowercased() }) { return [sameLetters] }
        return Suggestions.closest(to: term, among: terms)
    }
}

/// The manifest's vocabularies. Schemas/resource.schema.json lists the same terms; a test
/// fails when the two drift apart.
public enum Vocabularies {
    public static let resourceKind = Vocabulary(name: "kind", terms: ["teacher", "student", "organisation"])

    /// Kinds of learning resource. Each maps to an LRMI learningResourceType (`lrmiType`).
    public static let resourceType = Vocabulary(name: "type", terms: [
        "lesson", "lesson-plan", "teacher-guide", "exercise", "worksheet", "assessment", "quiz",
        "project", "experiment", "presentation", "text", "guide", "video", "audio", "image",
        "simulation", "game", "dataset", "reference", "course",
    ])

    /// School years of the Norwegian school: years 1–10 and upper secondary vg1–vg3.
    public static let level = Vocabulary(name: "level", terms: (1...10).map(String.init) + ["vg1", "vg2", "vg3"])

    public static let grouping = Vocabulary(name: "grouping", terms: ["individual", "pair", "group", "class"])

    public static let authorRole = Vocabulary(name: "role", terms: [
        "teacher", "student", "author", "illustrator", "translator", "editor", "narrator",
    ])

    /// schema.org accessibilityFeature (W3C's schema.org accessibility properties vocabulary).
    public static let accessibilityFeature = Vocabulary(name: "accessibility.features", terms: [
        "alternativeText", "annotations", "ARIA", "audioDescription", "bookmarks", "braille",
        "captions", "ChemML", "closedCaptions", "describedMath", "displayTransformability",
        "fullRubyAnnotation", "highContrastAudio", "highContrastDisplay", "horizontalWriting", "index",
        "largePrint", "latex", "longDescription", "MathML", "none", "openCaptions", "pageBreakMarkers",
        "pageNavigation", "printPageNumbers", "readingOrder", "rubyAnnotation", "signLanguage",
        "structuralNavigation", "synchronizedAudioText", "tableOfContents", "tactileGraphic",
        "tactileObject", "taggedPDF", "timingControl", "transcript", "ttsMarkup", "unknown",
        "unlocked", "verticalWriting", "withAdditionalWordSegmentation",
        "withoutAdditionalWordSegmentation",
    ])

    /// schema.org accessibilityHazard.
    public static let accessibilityHazard = Vocabulary(name: "accessibility.hazards", terms: [
        "flashing", "motionSimulation", "sound", "none", "noFlashingHazard",
        "noMotionSimulationHazard", "noSoundHazard", "unknown", "unknownFlashingHazard",
        "unknownMotionSimulationHazard", "unknownSoundHazard",
    ])

    /// schema.org accessMode.
    public static let accessMode = Vocabulary(name: "accessibility.accessModes", terms: [
        "auditory", "chartOnVisual", "chemOnVisual", "colorDependent", "diagramOnTactile",
        "diagramOnVisual", "mathOnVisual", "musicOnVisual", "tactile", "textOnVisual",
        "textual", "visual",
    ])

    /// LRMI learningResourceType for each of our resource types.
    public static func lrmiType(for type: String) -> String? {
        [
            "lesson": "Lesson", "lesson-plan": "LessonPlan", "teacher-guide": "TeacherGuide",
            "exercise": "Exercise", "worksheet": "Worksheet", "assessment": "Assessment", "quiz": "Quiz",
            "project": "Project", "experiment": "Experiment", "presentation": "Presentation",
            "text": "Text", "guide": "Guide", "video": "Video", "audio": "Audio", "image": "Image",
            "simulation": "Simulation", "game": "Game", "dataset": "Dataset", "reference": "Reference",
            "course": "Course",
        ][type]
    }
}
