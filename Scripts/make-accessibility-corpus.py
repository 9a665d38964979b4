#!/usr/bin/env python3
"""Writes a corpus of generated lesson pages for measuring the accessibility plugin.

    python3 Scripts/make-accessibility-corpus.py OUT [--pages N] [--min-megabytes MB] [--seed S]

OUT/pNNNNN/index.html, one page a folder (so that each can be checked on its own, as a draft
folder), beside it the WebVTT captions and the transcript page it links to (where it has no
fault there), and OUT/corpus.jsonl: one line a page with its path, language and the deliberate
faults put into it, each with the W3C ACT rules it breaks. Pages are written until there are N
of them (default 1000) and, with --min-megabytes, until they add up to at least that many
10^6 bytes. Deterministic: the same arguments give the same bytes. Python standard library
only; used by Scripts/axe-comparison.sh (1,000 pages) and Scripts/benchmark-accessibility.sh
(at least 50 MB). The output belongs under .build/, not in the repository.

The pages are what teachers publish: lessons in nb, nn, sv, da and en with headings, figures,
images with and without text alternatives, links, forms, tables, embedded frames, ARIA tab
widgets, menus, video and audio with and without captions or transcripts. About a third of
them carry one to three deliberate faults, each from a list of mistakes found in real pages
(an image with no alt, a field with no label, a viewport that stops zoom, a misspelt role …).
"""

import argparse
import json
import os
import random
import sys

# ---------------------------------------------------------------------------------------------
# Words per language: what a lesson page says. Invented for this corpus.

LANGUAGES = {
    "nb": {
        "topics": [
            ("Brøk i hverdagen", "Vi deler pizza, kake og tid i like store deler og skriver det som brøk."),
            ("Fotosyntesen", "Plantene lager sukker av vann og karbondioksid med energi fra sollys."),
            ("Vikingtiden i Norge", "Vikingene seilte langt, drev handel og bosatte seg på øyer i vest."),
            ("Fargesirkelen", "Alle farger kan blandes fra tre primærfarger: rød, gul og blå."),
            ("Programmering med Scratch", "Vi lager et spill der en figur styres med piltastene."),
            ("Vannets kretsløp", "Vann fordamper, blir til skyer og kommer tilbake som regn og snø."),
            ("Argumenterende tekst", "En god argumenterende tekst har en påstand, grunner og et motargument."),
            ("Lineære funksjoner", "En rett linje har et stigningstall og et konstantledd."),
        ],
        "sections": ["Mål for timen", "Dette skal vi gjøre", "Oppgaver", "Ordliste", "Fasit", "Til læreren",
                     "Les mer", "Diskuter med en medelev", "Eksperiment", "Oppsummering"],
        "sentences": [
            "Les teksten nøye før du begynner på oppgavene.",
            "Arbeid sammen to og to, og skriv ned det dere finner ut.",
            "Tegn en figur som viser hva som skjer, og forklar den med egne ord.",
            "Sammenlign svaret ditt med svaret til en medelev.",
            "Husk å skrive enheten til slutt i svaret.",
            "Læreren viser et eksempel på tavla før dere prøver selv.",
            "Bruk ordlista hvis det er ord du ikke kjenner.",
            "Til slutt samler vi det viktigste i en felles oppsummering.",
            "Denne delen passer godt som lekse.",
            "Elevene kan velge mellom å skrive, tegne eller lage et lydopptak.",
        ],
        "ui": {"name": "Navn", "email": "E-post", "answer": "Ditt svar", "send": "Send inn", "next": "Neste side",
               "previous": "Forrige side", "more": "Les mer", "search": "Søk", "close": "Lukk", "menu": "Meny",
               "tab": "Del", "video": "Video", "audio": "Lydopptak", "transcript": "Les teksten til opptaket",
               "home": "Forside", "tasks": "Oppgaver", "figure": "Figur", "table": "Tabell", "show": "Vis svar",
               "class": "Klasse", "comment": "Kommentar", "alt": "Tegning som viser"},
    },
    "nn": {
        "topics": [
            ("Brøk med pizza", "Vi deler pizza i like store delar og skriv det som brøk."),
            ("Vatnet sitt kretslaup", "Vatn fordampar, blir til skyer og kjem tilbake som regn og snø."),
            ("Kom i gang med Scratch", "Vi lagar eit spel der ein figur blir styrt med piltastane."),
            ("Lineære funksjonar", "Ei rett linje har eit stigingstal og eit konstantledd."),
            ("Rytme og puls", "Pulsen er det jamne slaget i musikken, rytmen er mønsteret oppå."),
            ("Nynorsk i kvardagen", "Vi skriv korte tekstar om det vi gjer kvar dag."),
        ],
        "sections": ["Mål for timen", "Dette skal vi gjere", "Oppgåver", "Ordliste", "Fasit", "Til læraren",
                     "Les meir", "Drøft med ein medelev", "Forsøk", "Oppsummering"],
        "sentences": [
            "Les teksten nøye før du byrjar på oppgåvene.",
            "Arbeid saman to og to, og skriv ned det de finn ut.",
            "Teikn ein figur som viser kva som skjer, og forklar han med eigne ord.",
            "Samanlikn svaret ditt med svaret til ein medelev.",
            "Hugs å skrive eininga til slutt i svaret.",
            "Læraren viser eit døme på tavla før de prøver sjølve.",
            "Bruk ordlista om det er ord du ikkje kjenner.",
            "Til slutt samlar vi det viktigaste i ei felles oppsummering.",
            "Denne delen passar godt som lekse.",
        ],
        "ui": {"name": "Namn", "email": "E-post", "answer": "Svaret ditt", "send": "Send inn", "next": "Neste side",
               "previous": "Førre side", "more": "Les meir", "search": "Søk", "close": "Lukk", "menu": "Meny",
               "tab": "Del", "video": "Video", "audio": "Lydopptak", "transcript": "Les teksten til opptaket",
               "home": "Framside", "tasks": "Oppgåver", "figure": "Figur", "table": "Tabell", "show": "Vis svar",
               "class": "Klasse", "comment": "Kommentar", "alt": "Teikning som viser"},
    },
    "sv": {
        "topics": [
            ("Procent i vardagen", "Vi räknar med rabatter, moms och räntor i vanliga köp."),
            ("Fotosyntesen förklarad", "Växterna bygger socker av vatten och koldioxid med hjälp av solljus."),
            ("Demokrati i Norden", "De nordiska länderna styrs av folkvalda riksdagar och regeringar."),
            ("Vattnets kretslopp", "Vatten avdunstar, bildar moln och faller tillbaka som regn och snö."),
            ("Att skriva en insändare", "En insändare har en tydlig åsikt och argument som stöder den."),
            ("Bråk och decimaltal", "Ett bråk kan skrivas som ett decimaltal genom division."),
        ],
        "sections": ["Lektionens mål", "Det här ska vi göra", "Uppgifter", "Ordlista", "Facit", "Till läraren",
                     "Läs mer", "Diskutera med en klasskamrat", "Experiment", "Sammanfattning"],
        "sentences": [
            "Läs texten noga innan du börjar med uppgifterna.",
            "Arbeta två och två och skriv ner vad ni kommer fram till.",
            "Rita en figur som visar vad som händer och förklara den med egna ord.",
            "Jämför ditt svar med en klasskamrats svar.",
            "Kom ihåg att skriva enheten sist i svaret.",
            "Läraren visar ett exempel på tavlan innan ni försöker själva.",
            "Använd ordlistan om det finns ord du inte känner till.",
            "Till sist samlar vi det viktigaste i en gemensam sammanfattning.",
        ],
        "ui": {"name": "Namn", "email": "E-post", "answer": "Ditt svar", "send": "Skicka", "next": "Nästa sida",
               "previous": "Föregående sida", "more": "Läs mer", "search": "Sök", "close": "Stäng", "menu": "Meny",
               "tab": "Del", "video": "Video", "audio": "Ljudinspelning", "transcript": "Läs texten till inspelningen",
               "home": "Startsida", "tasks": "Uppgifter", "figure": "Figur", "table": "Tabell", "show": "Visa svar",
               "class": "Klass", "comment": "Kommentar", "alt": "Teckning som visar"},
    },
    "da": {
        "topics": [
            ("Brøker i hverdagen", "Vi deler kage og tid i lige store dele og skriver det som brøk."),
            ("Fotosyntese", "Planterne laver sukker af vand og kuldioxid med energi fra sollyset."),
            ("Vikingetiden", "Vikingerne sejlede langt, handlede og bosatte sig i England og Irland."),
            ("Vandets kredsløb", "Vand fordamper, bliver til skyer og falder ned igen som regn og sne."),
            ("Grammatik: navneord", "Navneord kan stå i ental og flertal og i bestemt og ubestemt form."),
            ("Klima og vejr", "Vejret skifter fra dag til dag, klimaet er vejret over mange år."),
        ],
        "sections": ["Mål for timen", "Det skal vi lave", "Opgaver", "Ordliste", "Facit", "Til læreren",
                     "Læs mere", "Diskuter med en makker", "Forsøg", "Opsamling"],
        "sentences": [
            "Læs teksten grundigt, før du går i gang med opgaverne.",
            "Arbejd sammen to og to, og skriv ned, hvad I finder ud af.",
            "Tegn en figur, der viser, hvad der sker, og forklar den med dine egne ord.",
            "Sammenlign dit svar med din makkers svar.",
            "Husk at skrive enheden til sidst i svaret.",
            "Læreren viser et eksempel på tavlen, før I prøver selv.",
            "Brug ordlisten, hvis der er ord, du ikke kender.",
            "Til sidst samler vi det vigtigste i en fælles opsamling.",
        ],
        "ui": {"name": "Navn", "email": "E-mail", "answer": "Dit svar", "send": "Send", "next": "Næste side",
               "previous": "Forrige side", "more": "Læs mere", "search": "Søg", "close": "Luk", "menu": "Menu",
               "tab": "Del", "video": "Video", "audio": "Lydoptagelse", "transcript": "Læs teksten til optagelsen",
               "home": "Forside", "tasks": "Opgaver", "figure": "Figur", "table": "Tabel", "show": "Vis svar",
               "class": "Klasse", "comment": "Kommentar", "alt": "Tegning, der viser"},
    },
    "en": {
        "topics": [
            ("Photosynthesis explained", "Plants make sugar from water and carbon dioxide with energy from sunlight."),
            ("Small talk in English", "We practise short conversations about the weather, school and free time."),
            ("Fractions with pizza", "We share pizzas into equal parts and write the parts as fractions."),
            ("The water cycle", "Water evaporates, forms clouds and comes back as rain and snow."),
            ("Getting started with micro:bit", "We build a soil moisture meter and read its values."),
            ("Persuasive writing", "A persuasive text has a claim, reasons and a counter-argument."),
        ],
        "sections": ["Learning goals", "What we will do", "Tasks", "Word list", "Answers", "For the teacher",
                     "Read more", "Discuss with a partner", "Experiment", "Summary"],
        "sentences": [
            "Read the text carefully before you start on the tasks.",
            "Work in pairs and write down what you find out.",
            "Draw a figure that shows what happens and explain it in your own words.",
            "Compare your answer with a partner's answer.",
            "Remember to write the unit at the end of your answer.",
            "The teacher shows an example on the board before you try yourselves.",
            "Use the word list if there are words you do not know.",
            "Finally we collect the most important points in a shared summary.",
        ],
        "ui": {"name": "Name", "email": "Email", "answer": "Your answer", "send": "Submit", "next": "Next page",
               "previous": "Previous page", "more": "Read more", "search": "Search", "close": "Close", "menu": "Menu",
               "tab": "Part", "video": "Video", "audio": "Recording", "transcript": "Read the transcript",
               "home": "Home", "tasks": "Tasks", "figure": "Figure", "table": "Table", "show": "Show answer",
               "class": "Class", "comment": "Comment", "alt": "Drawing that shows"},
    },
}

# The deliberate faults: a name and the ACT rule the page then fails (see ALSO_FAILS for the
# faults that fail more than one).
FAULTS = {
    "html-no-lang": "b5c3f8",
    "html-invalid-lang": "bf051a",
    "no-title": "2779a5",
    "meta-refresh-delay": "bc659a",
    "viewport-no-zoom": "b4f0c3",
    "duplicate-id": "3ea0c8",
    "autocomplete-invalid": "73f2c2",
    "role-invalid": "674b10",
    "aria-attribute-misspelt": "5f99a7",
    "aria-value-invalid": "6a7281",
    "aria-required-state-missing": "4e8ab6",
    "aria-controls-missing": "in6db8",
    "aria-attribute-not-permitted": "5c01ea",
    "aria-required-context-missing": "ff89c9",
    "aria-required-owned-missing": "bc4a75",
    "decorative-exposed": "46ca7f",
    "aria-hidden-focusable": "6cfa84",
    "presentational-children-focusable": "307n5z",
    "image-no-alt": "23a2a8",
    "image-button-no-name": "59796f",
    "iframe-no-title": "cae760",
    "svg-img-no-name": "7d6734",
    "button-no-name": "97a4e1",
    "link-no-name": "c487ae",
    "field-no-label": "e086e5",
    "heading-empty": "ffd0e9",
    "menuitem-no-name": "m6b1q3",
    "summary-empty": "2t702h",
    "object-no-name": "8fc3b6",
    "label-not-in-name": "2ee8b8",
    "part-invalid-lang": "de46e4",
    "header-cell-no-cells": "d0f69e",
    "headers-missing-cell": "a25f45",
    "letter-spacing-important": "24afc2",
    "word-spacing-important": "9e45ec",
    "line-height-important": "78fd32",
    "video-no-captions": "f51b46",
    "audio-no-transcript": "2eb176",
}

# A refresh after 600 s fails both meta-refresh rules (the exception of bc659a is for delays
# over 20 hours only). A tab list whose role is misspelt ("tabs") is a generic div: its tabs
# then have no tablist around them, and aria-labelledby is prohibited on a generic element.
ALSO_FAILS = {"meta-refresh-delay": ["bisz58"], "role-invalid": ["ff89c9", "5c01ea"]}

# Faults one element carries in different ways: a page gets at most one of each group.
EXCLUSIVE = [
    {"html-no-lang", "html-invalid-lang"},
    {"image-no-alt", "decorative-exposed"},
    {"image-button-no-name", "label-not-in-name"},
    {"header-cell-no-cells", "headers-missing-cell"},
    {"letter-spacing-important", "word-spacing-important", "line-height-important"},
]

STYLE = """<style>
  body { font-family: system-ui, sans-serif; line-height: 1.6; max-width: 46rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; background: #fff; }
  nav ul { list-style: none; display: flex; gap: 1rem; padding: 0; }
  figure img { max-width: 100%; height: auto; }
  table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
  th, td { border: 1px solid #888; padding: 0.35rem 0.6rem; text-align: left; }
  [role="tab"][aria-selected="true"] { border-bottom: 3px solid #14558f; }
  .oppgave { border-left: 4px solid #14558f; padding-left: 1rem; margin: 1.5rem 0; }
  .laerer { border: 2px solid #7a5c2e; border-radius: 6px; padding: 0.5rem 1rem; background: #fbf8f2; }
</style>"""


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class Page:
    """One page being written: the language's words, the faults still to put in, ids in use."""

    def __init__(self, rng, language, faults):
        self.rng = rng
        self.language = language
        self.words = LANGUAGES[language]
        self.ui = self.words["ui"]
        self.pending = set(faults)
        self.ids = 0
        # Files beside the page, by path relative to it: caption files and transcripts the page
        # links to, so that a page without those faults passes the rules that follow its links.
        self.files = {}

    def fault(self, name):
        """Whether to put this fault in here (each is put in once)."""
        if name in self.pending:
            self.pending.discard(name)
            return True
        return False

    def new_id(self, stem):
        self.ids += 1
        return f"{stem}-{self.ids}"

    def paragraph(self, sentences=3):
        return "<p>" + " ".join(self.rng.sample(self.words["sentences"], sentences)) + "</p>"

    def attribute(self, name, value):
        return f' {name}="{escape(value)}"' if value is not None else ""


def figure(page):
    rng, ui = page.rng, page.ui
    name = rng.choice(["forsok", "diagram", "kart", "tegning", "modell", "graf"])
    if page.fault("image-no-alt"):
        image = f'<img src="media/{name}.png" width="640" height="360">'
    elif page.fault("decorative-exposed"):
        image = f'<img src="media/{name}.png" alt="" role="presentation" aria-label="{ui["figure"]}">'
    elif rng.random() < 0.2:
        image = f'<img src="media/pynt-{name}.svg" alt="">'  # decorative, said so
    else:
        image = f'<img src="media/{name}.png" alt="{ui["alt"]} {escape(page.topic.lower())}" width="640" height="360">'
    caption = f'<figcaption>{ui["figure"]} {page.new_id("f").split("-")[1]}: {escape(page.summary)}</figcaption>'
    return f"<figure>\n  {image}\n  {caption}\n</figure>"


def svg_figure(page):
    if page.fault("svg-img-no-name"):
        return '<svg role="img" width="120" height="120" viewBox="0 0 120 120"><circle cx="60" cy="60" r="50" fill="#e0a030"/></svg>'
    return (f'<svg role="img" aria-label="{escape(page.ui["alt"])} {escape(page.topic.lower())}" width="120" height="120" '
            'viewBox="0 0 120 120"><circle cx="60" cy="60" r="50" fill="#e0a030"/></svg>')


def table(page):
    rng, ui = page.rng, page.ui
    header_id = page.new_id("kol")
    rows = rng.randint(3, 9)
    if page.fault("header-cell-no-cells"):
        head = f'<tr><th scope="col">{ui["name"]}</th><th scope="col">{ui["answer"]}</th><th scope="col">{ui["comment"]}</th></tr>'
        body = "\n".join(f"    <tr><td>{ui['tasks']} {n}</td><td>{rng.randint(1, 99)}</td></tr>" for n in range(1, rows))
    else:
        bad_reference = page.fault("headers-missing-cell")
        head = (f'<tr><th id="{header_id}-a" scope="col">{ui["name"]}</th>'
                f'<th id="{header_id}-b" scope="col">{ui["answer"]}</th></tr>')
        cells = []
        for n in range(1, rows):
            reference = f"{header_id}-x" if bad_reference and n == 1 else f"{header_id}-b"
            cells.append(f'    <tr><td headers="{header_id}-a">{ui["tasks"]} {n}</td>'
                         f'<td headers="{reference}">{rng.randint(1, 99)}</td></tr>')
        body = "\n".join(cells)
    return (f'<table>\n  <caption>{ui["table"]}: {escape(page.topic)}</caption>\n  <thead>\n    {head}\n  </thead>\n'
            f"  <tbody>\n{body}\n  </tbody>\n</table>")


def form(page):
    rng, ui = page.rng, page.ui
    name_id, mail_id, answer_id = page.new_id("navn"), page.new_id("epost"), page.new_id("svar")
    if page.fault("field-no-label"):
        name_field = f'<input type="text" id="{name_id}" name="navn">'
    else:
        name_field = f'<label for="{name_id}">{ui["name"]}</label>\n    <input type="text" id="{name_id}" name="navn" autocomplete="name">'
    autocomplete = "epost" if page.fault("autocomplete-invalid") else "email"
    mail = f'<label for="{mail_id}">{ui["email"]}</label>\n    <input type="email" id="{mail_id}" name="epost" autocomplete="{autocomplete}">'
    answer = f'<label for="{answer_id}">{ui["answer"]}</label>\n    <textarea id="{answer_id}" name="svar" rows="4"></textarea>'
    if page.fault("image-button-no-name"):
        submit = '<input type="image" src="media/send.png">'
    elif page.fault("label-not-in-name"):
        submit = f'<button type="submit" aria-label="{escape(ui["close"])}">{ui["send"]}</button>'
    else:
        submit = f'<button type="submit">{ui["send"]}</button>'
    combobox = ""
    if page.fault("aria-controls-missing"):
        box_id = page.new_id("klasse")
        combobox = (f'\n    <label for="{box_id}">{ui["class"]}</label>\n    <input id="{box_id}" role="combobox" '
                    f'aria-expanded="true" aria-controls="{box_id}-liste">')
    elif rng.random() < 0.3:
        box_id = page.new_id("klasse")
        options = "".join(f'<li role="option" id="{box_id}-{n}">{n}A</li>' for n in range(1, 5))
        combobox = (f'\n    <label for="{box_id}">{ui["class"]}</label>\n    <input id="{box_id}" role="combobox" '
                    f'aria-expanded="true" aria-controls="{box_id}-liste">\n    <ul role="listbox" id="{box_id}-liste" aria-label="{ui["class"]}">{options}</ul>')
    return (f'<form action="svar.html" method="post">\n  <fieldset>\n    <legend>{ui["tasks"]}</legend>\n    {name_field}\n'
            f"    {mail}\n    {answer}{combobox}\n    {submit}\n  </fieldset>\n</form>")


def embedded_frame(page):
    if page.fault("iframe-no-title"):
        return '<iframe src="simulering.html" width="640" height="400"></iframe>'
    return f'<iframe src="simulering.html" width="640" height="400" title="{escape(page.topic)}: simulering"></iframe>'


def video(page):
    ui = page.ui
    name = page.rng.choice(["forsok", "intervju", "forklaring"])
    if page.fault("video-no-captions"):
        return f'<video controls width="640" src="media/{name}.mp4"></video>'
    page.files[f"media/{name}.{page.language}.vtt"] = captions(page)
    return (f'<video controls width="640">\n  <source src="media/{name}.mp4" type="video/mp4">\n'
            f'  <track kind="captions" src="media/{name}.{page.language}.vtt" srclang="{page.language}" label="{ui["video"]}">\n</video>')


def captions(page):
    """A WebVTT file of the video's speech: cues of four seconds, the language's sentences in
    order (no random choice, so the pages stay as they were before the files were written)."""
    cues = []
    for number, sentence in enumerate(page.words["sentences"][:6]):
        start, end = 4 * number, 4 * number + 4
        cues.append(f"{number + 1}\n00:{start // 60:02d}:{start % 60:02d}.000 --> 00:{end // 60:02d}:{end % 60:02d}.000\n{sentence}")
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def transcript_page(page):
    """The page the audio's transcript link points to: what the recording says, as text."""
    ui = page.ui
    speech = "\n".join(f"<p>{escape(sentence)}</p>" for sentence in page.words["sentences"][:6])
    return (f'<!DOCTYPE html>\n<html lang="{page.language}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(page.topic)} – {escape(ui['transcript'])}</title>\n</head>\n<body>\n<main>\n"
            f"<h1>{escape(page.topic)}: {escape(ui['audio'])}</h1>\n{speech}\n</main>\n</body>\n</html>\n")


def audio(page):
    ui = page.ui
    if page.fault("audio-no-transcript"):
        return '<audio controls src="media/opptak.mp3"></audio>'
    page.files["transkripsjon.html"] = transcript_page(page)
    return (f'<figure>\n  <audio controls src="media/opptak.mp3"></audio>\n'
            f'  <figcaption>{ui["audio"]}. <a href="transkripsjon.html">{ui["transcript"]}</a></figcaption>\n</figure>')


def tabs(page):
    rng, ui = page.rng, page.ui
    stem = page.new_id("fane")
    count = rng.randint(2, 4)
    role = "tabs" if page.fault("role-invalid") else "tablist"
    selected_value = lambda n: "yes" if n == 1 and page.fault("aria-value-invalid") else ("true" if n == 1 else "false")
    tab_list = []
    for n in range(1, count + 1):
        focus = ' tabindex="-1"' if n > 1 else ""
        tab_list.append(f'<button role="tab" id="{stem}-{n}" aria-selected="{selected_value(n)}" aria-controls="{stem}-panel-{n}"'
                        f'{focus}>{ui["tab"]} {n}</button>')
    panels = "\n".join(f'  <div role="tabpanel" id="{stem}-panel-{n}" aria-labelledby="{stem}-{n}"{"" if n == 1 else " hidden"}>'
                       f"\n    {page.paragraph(2)}\n  </div>" for n in range(1, count + 1))
    labelledby = "aria-labeledby" if page.fault("aria-attribute-misspelt") else "aria-labelledby"
    heading_id = page.new_id("faner")
    return (f'<div class="faner">\n  <h3 id="{heading_id}">{escape(rng.choice(page.words["sections"]))}</h3>\n'
            f'  <div role="{role}" {labelledby}="{heading_id}">\n    ' + "\n    ".join(tab_list) + f"\n  </div>\n{panels}\n</div>")


def widgets(page):
    """Small ARIA widgets pages use: a toggle, a show-answer button, a menu, a progress bar."""
    rng, ui = page.rng, page.ui
    parts = []
    if page.fault("aria-required-state-missing"):
        parts.append(f'<div role="checkbox" tabindex="0">{ui["show"]}</div>')
    else:
        parts.append(f'<div role="checkbox" tabindex="0" aria-checked="false">{ui["show"]}</div>')
    if page.fault("aria-attribute-not-permitted"):
        parts.append(f'<button type="button" aria-checked="true">{ui["show"]}</button>')
    else:
        answer = page.new_id("svar")
        parts.append(f'<button type="button" aria-expanded="false" aria-controls="{answer}">{ui["show"]}</button>\n'
                     f'  <div id="{answer}" hidden>{page.paragraph(1)}</div>')
    if page.fault("aria-required-context-missing"):
        parts.append(f'<div><div role="tab">{ui["tab"]} 1</div></div>')
    if page.fault("aria-required-owned-missing"):
        parts.append(f'<div role="list"><span>{ui["tasks"]} 1</span> <span>{ui["tasks"]} 2</span></div>')
    if page.fault("presentational-children-focusable"):
        parts.append(f'<div role="button" tabindex="0">{ui["show"]} <a href="#fasit">{ui["more"]}</a></div>')
    menu_item = (f'<li role="menuitem" tabindex="-1"><span class="ikon-skriv"></span></li>' if page.fault("menuitem-no-name")
                 else f'<li role="menuitem" tabindex="-1">{ui["more"]}</li>')
    parts.append(f'<ul role="menu" aria-label="{ui["menu"]}">\n    <li role="menuitem" tabindex="0">{ui["tasks"]}</li>\n'
                 f"    {menu_item}\n  </ul>")
    value = rng.randint(0, 100)
    parts.append(f'<div role="progressbar" aria-valuenow="{value}" aria-valuemin="0" aria-valuemax="100" '
                 f'aria-label="{ui["tasks"]}">{value} %</div>')
    return '<div class="verktoy">\n  ' + "\n  ".join(parts) + "\n</div>"


def details(page):
    ui = page.ui
    summary = "" if page.fault("summary-empty") else ui["show"]
    return f'<details>\n  <summary>{summary}</summary>\n  {page.paragraph(2)}\n</details>'


def task_block(page):
    rng, ui = page.rng, page.ui
    items = "\n".join(f"    <li>{escape(s)}</li>" for s in rng.sample(page.words["sentences"], rng.randint(2, 5)))
    style = ""
    if page.fault("letter-spacing-important"):
        style = ' style="letter-spacing: 0.05em !important"'
    elif page.fault("word-spacing-important"):
        style = ' style="word-spacing: 0.1em !important"'
    elif page.fault("line-height-important"):
        style = ' style="line-height: 1.1 !important"'
    return f'<div class="oppgave"{style}>\n  <h3>{ui["tasks"]} {rng.randint(1, 12)}</h3>\n  <ol>\n{items}\n  </ol>\n</div>'


def word_list(page):
    words = [s.split()[rng_index].strip(".,") for s, rng_index in
             ((sentence, page.rng.randrange(len(sentence.split()))) for sentence in page.rng.sample(page.words["sentences"], 4))]
    entries = "\n".join(f"  <dt>{escape(word)}</dt>\n  <dd>{escape(page.rng.choice(page.words['sentences']))}</dd>" for word in words)
    return f"<dl>\n{entries}\n</dl>"


def foreign_quote(page):
    language = "en_GB" if page.fault("part-invalid-lang") else ("en" if page.language != "en" else "nb")
    quote = "The quick brown fox jumps over the lazy dog." if page.language != "en" else "Gode ord er gull verdt."
    return f'<p>{page.paragraph(1)[3:-4]} <q lang="{language}">{quote}</q></p>'


def hidden_note(page):
    if page.fault("aria-hidden-focusable"):
        return f'<div aria-hidden="true" class="pynt">✦ <a href="#top">{page.ui["home"]}</a></div>'
    return '<div aria-hidden="true" class="pynt">✦ ✦ ✦</div>'


def simulation_object(page):
    if page.fault("object-no-name"):
        return '<object data="media/modell.svg" type="image/svg+xml" width="300" height="200"></object>'
    return (f'<object data="media/modell.svg" type="image/svg+xml" width="300" height="200" '
            f'aria-label="{escape(page.ui["alt"])} {escape(page.topic.lower())}"></object>')


COMPONENTS = [figure, svg_figure, table, form, embedded_frame, video, audio, tabs, widgets, details, task_block,
              word_list, foreign_quote, hidden_note, simulation_object]

# Which component can carry which fault, so a page asked for a fault gets the component.
CARRIERS = {
    figure: {"image-no-alt", "decorative-exposed"}, svg_figure: {"svg-img-no-name"},
    table: {"header-cell-no-cells", "headers-missing-cell"},
    form: {"field-no-label", "autocomplete-invalid", "image-button-no-name", "label-not-in-name", "aria-controls-missing"},
    embedded_frame: {"iframe-no-title"}, video: {"video-no-captions"}, audio: {"audio-no-transcript"},
    tabs: {"role-invalid", "aria-value-invalid", "aria-attribute-misspelt"},
    widgets: {"aria-required-state-missing", "aria-attribute-not-permitted", "aria-required-context-missing",
              "aria-required-owned-missing", "presentational-children-focusable", "menuitem-no-name"},
    details: {"summary-empty"},
    task_block: {"letter-spacing-important", "word-spacing-important", "line-height-important"},
    word_list: set(), foreign_quote: {"part-invalid-lang"}, hidden_note: {"aria-hidden-focusable"}, simulation_object: {"object-no-name"},
}


def make_page(rng, number):
    language = rng.choice(sorted(LANGUAGES))
    faults = []
    if rng.random() < 0.35:
        faults = rng.sample(sorted(FAULTS), rng.randint(1, 3))
        while any(len(group & set(faults)) > 1 for group in EXCLUSIVE):
            faults = rng.sample(sorted(FAULTS), len(faults))
    page = Page(rng, language, faults)
    page.topic, page.summary = rng.choice(page.words["topics"])
    ui = page.ui

    lang = "" if page.fault("html-no-lang") else (' lang="nb_NO"' if page.fault("html-invalid-lang") else f' lang="{language}"')
    head = ['<meta charset="utf-8">']
    zoom = ", maximum-scale=1, user-scalable=no" if page.fault("viewport-no-zoom") else ""
    head.append(f'<meta name="viewport" content="width=device-width, initial-scale=1{zoom}">')
    if page.fault("meta-refresh-delay"):
        head.append('<meta http-equiv="refresh" content="600; url=neste.html">')
    if not page.fault("no-title"):
        head.append(f"<title>{escape(page.topic)} – {escape(page.words['sections'][0])}</title>")
    head.append(STYLE)

    link_icon = (f'<a href="neste.html" class="pil"><span class="ikon-pil-hoyre"></span></a>' if page.fault("link-no-name")
                 else f'<a href="neste.html" class="pil">{ui["next"]} →</a>')
    close = ('<button type="button" class="lukk"><span class="ikon-x"></span></button>' if page.fault("button-no-name")
             else f'<button type="button" class="lukk" aria-label="{ui["close"]}"><span class="ikon-x"></span></button>')
    nav = (f'<header>\n<nav aria-label="{ui["menu"]}">\n  <ul>\n    <li><a href="../index.html">{ui["home"]}</a></li>\n'
           f'    <li><a href="oppgaver.html">{ui["tasks"]}</a></li>\n    <li>{link_icon}</li>\n  </ul>\n  {close}\n</nav>\n</header>')

    # Sections: each a heading, text and some components; the components that carry the
    # page's faults are always among them.
    wanted = [c for c in COMPONENTS if CARRIERS[c] & page.pending]
    others = [c for c in COMPONENTS if c not in wanted]
    chosen = wanted + rng.sample(others, rng.randint(4, 10))
    rng.shuffle(chosen)
    sections = []
    duplicate = page.fault("duplicate-id")
    empty_heading = page.fault("heading-empty")
    count = rng.randint(3, 8)
    for index in range(count):
        title = rng.choice(page.words["sections"])
        section_id = "del-1" if duplicate and index in (0, 1) else f"del-{index + 1}"
        heading = f'<h2 id="{section_id}"></h2>' if empty_heading and index == 1 else f'<h2 id="{section_id}">{escape(title)}</h2>'
        body = [heading] + [page.paragraph(rng.randint(2, 5)) for _ in range(rng.randint(1, 5))]
        body += [component(page) for component in chosen[index::count]]
        sections.append("<section>\n" + "\n".join(body) + "\n</section>")

    teacher = (f'<aside class="laerer">\n<h2>{escape(page.words["sections"][5])}</h2>\n{page.paragraph(3)}\n</aside>'
               if rng.random() < 0.6 else "")
    footer = (f'<footer>\n<p><a href="forrige.html">{ui["previous"]}</a> · <a href="neste.html">{ui["next"]}</a></p>\n'
              f'<p>CC BY 4.0</p>\n</footer>')
    html = (f"<!DOCTYPE html>\n<html{lang}>\n<head>\n" + "\n".join(head) + "\n</head>\n<body>\n" + nav + "\n<main>\n"
            f"<h1>{escape(page.topic)}</h1>\n<p>{escape(page.summary)}</p>\n" + "\n".join(sections) + "\n"
            + teacher + "\n</main>\n" + footer + "\n</body>\n</html>\n")
    assert not page.pending, (number, page.pending)
    return language, sorted(faults), html, page.files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="the folder to write (its pNNNNN/ folders are replaced)")
    parser.add_argument("--pages", type=int, default=1000, help="at least this many pages (default 1000)")
    parser.add_argument("--min-megabytes", type=float, default=0, help="and at least this many 10^6 bytes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    total = 0
    number = 0
    with open(os.path.join(args.out, "corpus.jsonl"), "w", encoding="utf-8") as index:
        while number < args.pages or total < args.min_megabytes * 1e6:
            number += 1
            language, faults, html, files = make_page(rng, number)
            folder = os.path.join(args.out, f"p{number:05d}")
            os.makedirs(folder, exist_ok=True)
            data = html.encode("utf-8")
            with open(os.path.join(folder, "index.html"), "wb") as fh:
                fh.write(data)
            for path, text in files.items():
                os.makedirs(os.path.dirname(os.path.join(folder, path)), exist_ok=True)
                with open(os.path.join(folder, path), "wb") as fh:
                    fh.write(text.encode("utf-8"))
            total += len(data)
            index.write(json.dumps({"path": f"p{number:05d}/index.html", "language": language,
                                    "faults": [{"fault": f, "act": [FAULTS[f]] + ALSO_FAILS.get(f, [])} for f in faults]},
                                   ensure_ascii=False) + "\n")
    print(f"make-accessibility-corpus: {number} pages, {total / 1e6:.1f} MB in {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
