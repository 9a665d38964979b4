#!/usr/bin/env python3
"""Writes Schemas/resource.schema.json and the Swift SPDX list from Schemas/spdx-licenses.json.

The Swift validator in AllmenningCore is the reference implementation of the manifest
rules; this schema describes the same format for editors and other tools. The Swift test
`SchemaVocabularyTests` fails when the vocabularies here and in Swift drift apart, and the
differential corpus under Tests/ManifestCorpus checks that both give the same verdicts.

Run from the repository root:  python3 Scripts/generate-schema.py
"""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# ISO 639-1 two-letter codes, plus the ISO 639-3 codes for the minority and Sami languages
# of the Nordic countries (which have no two-letter code), plus BCP 47's special codes.
ISO_639_1 = """aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz
ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo
lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps
pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn
to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu""".split()
ISO_639_3_NORDIC = "sma smj smn sms sju sje fkv fit rmu rmf".split()
SPECIAL = "mul und zxx".split()
PRIMARY_LANGUAGES = ISO_639_1 + ISO_639_3_NORDIC + SPECIAL

RESOURCE_KINDS = ["teacher", "student", "organisation"]
RESOURCE_TYPES = ["lesson", "lesson-plan", "teacher-guide", "exercise", "worksheet", "assessment",
                  "quiz", "project", "experiment", "presentation", "text", "guide", "video", "audio",
                  "image", "simulation", "game", "dataset", "reference", "course"]
LEVELS = [str(n) for n in range(1, 11)] + ["vg1", "vg2", "vg3"]
GROUPINGS = ["individual", "pair", "group", "class"]
AUTHOR_ROLES = ["teacher", "student", "author", "illustrator", "translator", "editor", "narrator"]
ACCESSIBILITY_FEATURES = [
    "alternativeText", "annotations", "ARIA", "audioDescription", "bookmarks", "braille",
    "captions", "ChemML", "closedCaptions", "describedMath", "displayTransformability",
    "fullRubyAnnotation", "highContrastAudio", "highContrastDisplay", "horizontalWriting", "index",
    "largePrint", "latex", "longDescription", "MathML", "none", "openCaptions", "pageBreakMarkers",
    "pageNavigation", "printPageNumbers", "readingOrder", "rubyAnnotation", "signLanguage",
    "structuralNavigation", "synchronizedAudioText", "tableOfContents", "tactileGraphic",
    "tactileObject", "taggedPDF", "timingControl", "transcript", "ttsMarkup", "unknown",
    "unlocked", "verticalWriting", "withAdditionalWordSegmentation",
    "withoutAdditionalWordSegmentation"]
ACCESSIBILITY_HAZARDS = [
    "flashing", "motionSimulation", "sound", "none", "noFlashingHazard",
    "noMotionSimulationHazard", "noSoundHazard", "unknown", "unknownFlashingHazard",
    "unknownMotionSimulationHazard", "unknownSoundHazard"]
ACCESS_MODES = ["auditory", "chartOnVisual", "chemOnVisual", "colorDependent", "diagramOnTactile",
                "diagramOnVisual", "mathOnVisual", "musicOnVisual", "tactile", "textOnVisual",
                "textual", "visual"]

LANGUAGE_TAG = ("^(" + "|".join(PRIMARY_LANGUAGES) + ")"
                r"(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$")
DURATION = r"^P(?=[0-9T])([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?([0-9]+M)?([0-9]+S)?)?$"
ULID = "^[0-7][0-9A-HJKMNP-TV-Z]{25}$"
AIM = r"^(KM[0-9]+|https?://[^\s]+)$"
# Curriculum (læreplan) codes: three letters and digits, a dash, two digits (MAT01-05, NOR01-07),
# or a framework URI for curricula outside LK20.
SUBJECT = r"^([A-Z]{3}[0-9]{2}-[0-9]{2}|https?://[^\s]+)$"
# A relative path inside the resource: no leading slash, no backslash, no '..' segment.
RELATIVE_PATH = r"^(?!/)(?!.*\\)(?!(.*/)?\.\.(/|$))[^\x00-\x1f]+$"


def spdx_expression_pattern(ids):
    alternatives = "|".join(re.sub(r"([.+])", r"\\\1", i) for i in sorted(ids, key=len, reverse=True))
    licence = "(" + alternatives + r"|LicenseRef-[A-Za-z0-9.\-]+)\+?"
    operand = r"(\( *)*" + licence + r"( *\))*"
    return "^" + operand + "( +(AND|OR) +" + operand + ")*$"


def language_map(description, min_length=1):
    return {
        "type": "object",
        "description": description + " One text per language; the keys are BCP 47 tags (nb, nn, sv, da, en, se, …).",
        "minProperties": 1,
        "propertyNames": {"$ref": "#/$defs/languageTag"},
        "additionalProperties": {"type": "string", "minLength": min_length, "pattern": r"\S"},
    }


def unique_list(items, description, min_items=0):
    schema = {"type": "array", "items": items, "uniqueItems": True, "description": description}
    if min_items:
        schema["minItems"] = min_items
    return schema


def build_schema(spdx_ids):
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://allmenning.no/schemas/resource.schema.json",
        "title": "Allmenning resource manifest (resource.yaml)",
        "description": "Metadata of one open learning resource. The Swift validator (`allmenning validate`) also checks what a schema cannot: that aim codes exist in the loaded curriculum packs, that files named here exist, and that parentheses in a licence expression balance.",
        "type": "object",
        "required": ["manifest", "id", "title", "language", "kind", "licence"],
        "additionalProperties": True,
        "properties": {
            "manifest": {"const": 1, "description": "Version of the manifest format. Always 1."},
            "id": {"type": "string", "pattern": ULID,
                   "description": "Stable id (a ULID) made by `allmenning init`. A fork gets a new one."},
            "title": language_map("The resource's title."),
            "description": language_map("What the resource is and how to use it."),
            "keywords": {"type": "object", "minProperties": 1,
                         "propertyNames": {"$ref": "#/$defs/languageTag"},
                         "additionalProperties": unique_list({"type": "string", "minLength": 1, "pattern": r"\S"}, "Keywords in this language.", 1),
                         "description": "Search words per language."},
            "language": unique_list({"$ref": "#/$defs/languageTag"}, "Languages the content is written or spoken in.", 1),
            "kind": {"enum": RESOURCE_KINDS, "description": "Who made it: teachers, students or an organisation."},
            "type": unique_list({"enum": RESOURCE_TYPES}, "Kind of learning resource (maps to LRMI learningResourceType).", 1),
            "level": unique_list({"anyOf": [{"enum": LEVELS}, {"type": "integer", "minimum": 1, "maximum": 10}]},
                                 "School years: 1 to 10, vg1 to vg3.", 1),
            "subjects": unique_list({"type": "string", "pattern": SUBJECT}, "Curriculum (læreplan) codes such as MAT01-05, or framework URIs.", 1),
            "aims": unique_list({"$ref": "#/$defs/aim"}, "Competence aims: LK20 codes (KM…) or framework URIs.", 1),
            "prerequisites": unique_list({"$ref": "#/$defs/aim"}, "Aims a learner should master before this resource.", 1),
            "didactics": {
                "type": "object",
                "additionalProperties": True,
                "properties": {
                    "grouping": unique_list({"enum": GROUPINGS}, "How pupils work: individual, pair, group, class.", 1),
                    "duration": {"type": "string", "pattern": DURATION, "description": "ISO 8601 duration, e.g. PT45M or P2W."},
                },
            },
            "authors": {
                "type": "array", "minItems": 1,
                "items": {
                    "type": "object",
                    "additionalProperties": True,
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "pattern": r"\S"},
                        "pseudonym": {"type": "string", "minLength": 1, "pattern": r"\S"},
                        "role": {"enum": AUTHOR_ROLES},
                        "org": {"type": "string", "minLength": 1, "pattern": r"\S"},
                    },
                    "oneOf": [{"required": ["name"], "not": {"required": ["pseudonym"]}},
                              {"required": ["pseudonym"], "not": {"required": ["name"]}}],
                },
            },
            "licence": {"$ref": "#/$defs/licenceExpression"},
            "derivedFrom": {
                "type": "array", "minItems": 1,
                "description": "Provenance, written by `allmenning fork`.",
                "items": {
                    "type": "object",
                    "required": ["id", "title", "licence"],
                    "additionalProperties": True,
                    "properties": {
                        "id": {"type": "string", "pattern": ULID},
                        "repository": {"type": "string", "minLength": 1},
                        "commit": {"type": "string", "pattern": "^[0-9a-f]{40}([0-9a-f]{24})?$"},
                        "licence": {"$ref": "#/$defs/licenceExpression"},
                        "title": language_map("Title of the source."),
                        "authors": {"type": "array", "items": {"type": "object"}},
                    },
                },
            },
            "accessibility": {
                "type": "object",
                "additionalProperties": True,
                "properties": {
                    "features": unique_list({"enum": ACCESSIBILITY_FEATURES}, "schema.org accessibilityFeature values.", 1),
                    "hazards": unique_list({"enum": ACCESSIBILITY_HAZARDS}, "schema.org accessibilityHazard values.", 1),
                    "accessModes": unique_list({"enum": ACCESS_MODES}, "schema.org accessMode values.", 1),
                    "summary": language_map("Accessibility summary."),
                },
            },
            "requires": {
                "type": "object",
                "additionalProperties": True,
                "properties": {
                    "devices": unique_list({"type": "string", "minLength": 1}, "Devices pupils need."),
                    "software": unique_list({"type": "string", "minLength": 1}, "Software pupils need."),
                    "equipment": unique_list({"type": "string", "minLength": 1}, "Other equipment."),
                    "internet": {"type": "boolean", "description": "Whether the resource needs a network connection."},
                },
            },
            "entry": {"$ref": "#/$defs/relativePath"},
            "files": {
                "type": "object",
                "description": "Per-file licence and attribution (third-party media), and caption or transcript files for media.",
                "propertyNames": {"$ref": "#/$defs/relativePath"},
                "additionalProperties": {
                    "type": "object",
                    "additionalProperties": True,
                    "minProperties": 1,
                    "properties": {
                        "licence": {"$ref": "#/$defs/licenceExpression"},
                        "attribution": {"type": "string", "minLength": 1, "pattern": r"\S"},
                        "source": {"type": "string", "pattern": r"^https?://[^\s]+$"},
                        "captions": {"$ref": "#/$defs/relativePath"},
                        "transcript": {"$ref": "#/$defs/relativePath"},
                    },
                },
            },
        },
        "$defs": {
            "languageTag": {"type": "string", "pattern": LANGUAGE_TAG,
                            "description": "BCP 47 language tag in canonical case: nb, nn, sv, da, en, se, nb-NO, …"},
            "aim": {"type": "string", "pattern": AIM},
            "relativePath": {"type": "string", "pattern": RELATIVE_PATH,
                             "description": "A path inside the resource, with / between folders."},
            "licenceExpression": {"type": "string", "pattern": spdx_expression_pattern(spdx_ids),
                                  "description": "SPDX licence id or expression, e.g. CC-BY-SA-4.0 or \"MIT OR CC-BY-4.0\"."},
        },
    }


def swift_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_swift_spdx(data):
    lines = ["// Generated by Scripts/generate-schema.py from Schemas/spdx-licenses.json; do not edit.",
             f"// {data['_source']}", "",
             "extension SPDXLicenceList {",
             f"    public static let listVersion = {swift_string(data['licenseListVersion'])}", "",
             "    public static let entries: [SPDXLicence] = ["]
    for l in data["licenses"]:
        lines.append(f"        SPDXLicence(id: {swift_string(l['id'])}, name: {swift_string(l['name'])}, "
                     f"isDeprecated: {str(l['deprecated']).lower()}, isOSIApproved: {str(l['osiApproved']).lower()}),")
    lines += ["    ]", "}", ""]
    path = ROOT / "Sources/AllmenningCore/Licences/SPDXLicenceList+Data.swift"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def main():
    data = json.loads((ROOT / "Schemas/spdx-licenses.json").read_text(encoding="utf-8"))
    schema = build_schema([l["id"] for l in data["licenses"]])
    (ROOT / "Schemas/resource.schema.json").write_text(
        json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_swift_spdx(data)


if __name__ == "__main__":
    main()
