// Content/review-rubric.yaml as this build carries it; a test keeps the two equal (write this
// file anew with ALLMENNING_WRITE_RUBRIC=1 swift test --filter builtInRubric).

extension ReviewRubric {
    static let builtInText = #"""
# Allmenning's review rubric: what a reviewer checks before approving a version of a
# resource, and the scale each criterion is scored on. This is the default every
# installation gets; to use your own, copy this file into the data folder, change it, and
# name it in DATA/config.yaml:
#
#   reviews:
#     rubric: review-rubric.yaml      # relative to the data folder, or an absolute path
#
# An approval records the rubric's id and each criterion's id and scale, so keep an id
# once approvals use it: give a changed rubric a new id (allmenning-2025 → kommune-2026).
rubric: 1
id: allmenning-2025
name:
  nb: Allmennings vurderingskriterier
  nn: Vurderingskriteria i Allmenning
  en: Allmenning's review criteria
  sv: Allmennings granskningskriterier
  da: Allmennings vurderingskriterier

# The scale of every criterion that does not give its own.
scale:
  min: 1
  max: 4
  labels:
    1: { nb: Ikke tilfredsstillende, nn: Ikkje tilfredsstillande, en: Not satisfactory, sv: Inte tillfredsställande, da: Ikke tilfredsstillende }
    2: { nb: Delvis tilfredsstillende, nn: Delvis tilfredsstillande, en: Partly satisfactory, sv: Delvis tillfredsställande, da: Delvist tilfredsstillende }
    3: { nb: God, nn: God, en: Good, sv: God, da: God }
    4: { nb: Svært god, nn: Svært god, en: Very good, sv: Mycket god, da: Meget god }

criteria:
  - id: subject-quality
    label: { nb: Faglig kvalitet, nn: Fagleg kvalitet, en: Subject quality, sv: Ämnesmässig kvalitet, da: Faglig kvalitet }
    description:
      nb: Innholdet er faglig riktig, passer kompetansemålene og trinnene ressursen oppgir, og har en tydelig progresjon.
      nn: Innhaldet er fagleg rett, passar kompetansemåla og trinna ressursen oppgjev, og har ein tydeleg progresjon.
      en: The content is correct in its subject, fits the competence aims and school years the resource declares, and progresses clearly.

  - id: up-to-date
    label: { nb: Oppdatert, nn: Oppdatert, en: Up to date, sv: Aktuell, da: Opdateret }
    description:
      nb: Fakta, tall, lenker og henvisninger til læreplanen gjelder i dag; ingenting er utdatert eller peker til sider som er borte.
      nn: Fakta, tal, lenkjer og tilvisingar til læreplanen gjeld i dag; ingenting er utdatert eller peikar til sider som er borte.
      en: Facts, figures, links and references to the curriculum hold today; nothing is out of date or points to pages that are gone.

  - id: universal-design
    label: { nb: Universell utforming, nn: Universell utforming, en: Universal design, sv: Tillgänglighet, da: Tilgængelighed }
    description:
      nb: Alle elever kan bruke ressursen – tekstalternativ til bilder, teksting av video, transkripsjon av lyd, god kontrast, tydelig struktur og bruk med tastatur (WCAG 2.1 AA, som forskriften krever).
      nn: Alle elevar kan bruke ressursen – tekstalternativ til bilete, teksting av video, transkripsjon av lyd, god kontrast, tydeleg struktur og bruk med tastatur (WCAG 2.1 AA, som forskrifta krev).
      en: Every pupil can use the resource – text alternatives for images, captions for video, transcripts for audio, good contrast, clear structure and use with a keyboard (WCAG 2.1 AA, as the regulations require).

  - id: privacy
    label: { nb: Personvern, nn: Personvern, en: Privacy, sv: Personlig integritet, da: Databeskyttelse }
    description:
      nb: Ressursen inneholder ingen personopplysninger om elever eller andre (navn, bilder, fødselsnummer, kontaktopplysninger, posisjon i bilder), og ber ikke elevene gi slike opplysninger til tjenester utenfor skolen.
      nn: Ressursen inneheld ingen personopplysningar om elevar eller andre (namn, bilete, fødselsnummer, kontaktopplysningar, posisjon i bilete), og ber ikkje elevane gje slike opplysningar til tenester utanfor skulen.
      en: The resource holds no personal data about pupils or others (names, photos, national identity numbers, contact details, location in images), and does not ask pupils to give such data to services outside the school.

  - id: licences-and-attribution
    label: { nb: Lisenser og kreditering, nn: Lisensar og kreditering, en: Licences and attribution, sv: Licenser och erkännande, da: Licenser og kreditering }
    description:
      nb: Ressursen har en åpen lisens som tillater deling, og alt materiale laget av andre (bilder, tekst, lyd) har en lisens som passer og er kreditert med tittel, opphav, kilde og lisens.
      nn: Ressursen har ein open lisens som tillèt deling, og alt materiale laga av andre (bilete, tekst, lyd) har ein lisens som passar og er kreditert med tittel, opphav, kjelde og lisens.
      en: The resource has an open licence that allows sharing, and all material made by others (images, text, sound) has a licence that fits and is credited with title, author, source and licence.

  - id: adapted-learning
    label: { nb: Tilpasset opplæring, nn: Tilpassa opplæring, en: Adapted learning, sv: Anpassad undervisning, da: Differentieret undervisning }
    description:
      nb: Ressursen gir rom for elever med ulike forutsetninger – oppgaver på flere nivåer, støtte til dem som trenger det og utfordringer til dem som vil videre – og sier hvilke forkunnskaper den bygger på.
      nn: Ressursen gjev rom for elevar med ulike føresetnader – oppgåver på fleire nivå, støtte til dei som treng det og utfordringar til dei som vil vidare – og seier kva førkunnskapar han byggjer på.
      en: The resource serves pupils with different starting points – tasks at several levels, support for those who need it and challenges for those who want to go further – and says what prior knowledge it builds on.

"""#
}
