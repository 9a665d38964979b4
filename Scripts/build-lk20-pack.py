#!/usr/bin/env python3
"""Builds Content/curricula/lk20.json, Allmenning's normalised curriculum pack, from the
LK20 aims in ../shared/data/curricula/lk20-aims.json (Udir Grep data under NLOD 2.0).

Only the shape changes: Grep's language codes (nob, nno, eng) become BCP 47 (nb, nn, en),
aims are grouped under their curriculum, and each aim gets its Grep URI. Texts are copied
unchanged. The subject names in English and nynorsk are ours.

Usage: python3 Scripts/build-lk20-pack.py [path/to/lk20-aims.json [output.json]]
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/curricula/lk20-aims.json"
LANGUAGES = {"nob": "nb", "nno": "nn", "eng": "en"}
SUBJECT_NAMES = {
    "Matematikk": ("Matematikk", "Mathematics"),
    "Norsk": ("Norsk", "Norwegian"),
    "Engelsk": ("Engelsk", "English"),
    "Naturfag": ("Naturfag", "Science"),
    "Samfunnsfag": ("Samfunnsfag", "Social studies"),
    "Kroppsøving": ("Kroppsøving", "Physical education"),
    "Kunst og håndverk": ("Kunst og handverk", "Arts and crafts"),
    "KRLE": ("KRLE", "Religion, philosophies of life and ethics (KRLE)"),
    "Musikk": ("Musikk", "Music"),
    "Mat og helse": ("Mat og helse", "Food and health"),
    "Fremmedspråk": ("Framandspråk", "Foreign languages"),
    "Utdanningsvalg": ("Utdanningsval", "Educational choices"),
    "Arbeidslivsfag": ("Arbeidslivsfag", "Working life skills"),
    "Programmering (valgfag)": ("Programmering (valfag)", "Programming (elective)"),
}
# Validity as the sources state it: the constellation snapshot holds the curricula that were
# valid until 2026-07-31; froken's revised curricula are valid from 2026-08-01.
VALIDITY = {"brujoand/froken": ("2026-08-01", None), "Ask-Poppy/constellation": (None, "2026-07-31")}


def main():
    aims = json.loads(SOURCE.read_text(encoding="utf-8"))
    curricula = {}
    pack_aims = []
    for aim in aims:
        code = aim["curriculum"]
        repository = aim["source"].split(":")[0]
        valid_from, valid_to = VALIDITY.get(repository, (None, None))
        entry = curricula.setdefault(code, {
            "code": code,
            "subject": dict(zip(["nb", "nn", "en"], (aim["subject"],) + SUBJECT_NAMES[aim["subject"]])),
            "uri": f"http://psi.udir.no/kl06/{code}",
            "validFrom": valid_from,
            "validTo": valid_to,
            "sources": [],
        })
        if aim["source"] not in entry["sources"]:
            entry["sources"].append(aim["source"])
        pack_aims.append({
            "code": aim["code"],
            "curriculum": code,
            "set": aim["set"],
            "setTitle": {"nb": aim["setTitle"]},
            "afterYear": aim["afterYear"],
            "text": {LANGUAGES[k]: v for k, v in aim["text"].items()},
            "uri": f"http://psi.udir.no/kl06/{aim['code']}",
        })
    pack = {
        "pack": 1,
        "id": "lk20",
        "framework": "LK20",
        "title": {"nb": "Læreplanverket for Kunnskapsløftet 2020 (LK20): kompetansemål",
                  "nn": "Læreplanverket for Kunnskapsløftet 2020 (LK20): kompetansemål",
                  "en": "The Norwegian national curriculum LK20: competence aims"},
        "licence": "NLOD-2.0",
        "attribution": {"nb": "Inneholder data under NLOD, tilgjengeliggjort på data.udir.no",
                        "en": "Contains data under NLOD, made available on data.udir.no"},
        "source": "Utdanningsdirektoratet, Grep (data.udir.no/kl06/v201906), as republished by the repositories named per curriculum; see SOURCES.md",
        "curricula": sorted(curricula.values(), key=lambda c: c["code"]),
        "aims": pack_aims,
    }
    target = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else ROOT / "Content/curricula/lk20.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(pack, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{target}: {len(curricula)} curricula, {len(pack_aims)} aims")


if __name__ == "__main__":
    main()
