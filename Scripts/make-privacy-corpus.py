#!/usr/bin/env python3
"""Writes the Privacy plugin's labelled evaluation corpus.

    python3 Scripts/make-privacy-corpus.py            # writes Tests/PrivacyTests/Corpus/
    python3 Scripts/make-privacy-corpus.py --check    # fails if the committed corpus differs

Outputs (deterministic: the same bytes on every run):
- lines.tsv   one sentence per line, "text<TAB>expected kinds" (comma-separated codes or "none"),
              written the way teachers and pupils write in nb, nn, sv, da and en;
- images.tsv  "file<TAB>expected kinds<TAB>what is in it" for the files in images/;
- images/     tiny real images (JPEG, PNG, TIFF, WebP) with and without personal metadata.

No real person's data: every national id number is synthesised here from a random date with
valid check digits; names are invented combinations; GPS positions are public places.

Labels follow the documented rules of Plugins/Privacy (see TextScanner.swift), and numbers are
chosen so that no label depends on an ambiguity between rules: a Danish CPR used as a positive is
never also a valid Swedish personnummer, a negative is negative under every rule, and so on.
Python standard library only.
"""

import datetime
import os
import random
import struct
import sys
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Tests", "PrivacyTests", "Corpus")

NO, SE, DK = "privacy.national-id-no", "privacy.national-id-se", "privacy.national-id-dk"
EMAIL, PHONE = "privacy.email", "privacy.phone"
LOCATION, OWNER = "privacy.photo-location", "privacy.photo-owner"

rng = random.Random(20240917)

# ---------------------------------------------------------------------------------------------
# Check-digit rules (an independent implementation of what the Swift detectors check)


def mod11(digits, weights):
    check = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return 0 if check == 11 else (None if check == 10 else check)


def no_check_digits(first9):
    k1 = mod11(first9, [3, 7, 6, 1, 8, 9, 4, 5, 2])
    if k1 is None:
        return None
    k2 = mod11(first9 + [k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
    if k2 is None:
        return None
    return [k1, k2]


def valid_date(day, month, year):
    try:
        datetime.date(year, month, day)
        return True
    except ValueError:
        return False


def no_valid(number):
    """Whether 11 digits are a Norwegian number the detector flags (Tenor numbers are not)."""
    d = [int(c) for c in number]
    if len(d) != 11 or no_check_digits(d[:9]) != d[9:]:
        return False
    day, month, yy = d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5]
    if day > 40:
        day -= 40
    if month > 80:
        return False
    if month > 40:
        month -= 40
    return valid_date(day, month, 2000 + yy) or valid_date(day, month, 1900 + yy)


def luhn_ok(number):
    total = 0
    for index, c in enumerate(reversed(number)):
        x = int(c)
        if index % 2:
            x *= 2
            x = x - 9 if x > 9 else x
        total += x
    return total % 10 == 0


def luhn_digit(first9):
    for c in "0123456789":
        if luhn_ok(first9 + c):
            return c


def se_valid(number):
    if len(number) == 12:
        if number[:2] not in ("18", "19", "20"):
            return False
        year, number = int(number[:4]), number[2:]
    elif len(number) == 10:
        year = 2000 + int(number[:2])
    else:
        return False
    month, day = int(number[2:4]), int(number[4:6])
    if day > 60:
        day -= 60
    return valid_date(day, month, year) and luhn_ok(number)


def dk_date(number):
    return len(number) == 10 and valid_date(int(number[:2]), int(number[2:4]), 2000 + int(number[4:6]))


def account_valid(number):
    d = [int(c) for c in number]
    return len(d) == 11 and mod11(d[:10], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == d[10]


# ---------------------------------------------------------------------------------------------
# Synthetic numbers


def random_date(start=1935, end=2019):
    first = datetime.date(start, 1, 1).toordinal()
    last = datetime.date(end, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(first, last))


def fnr(kind="birth"):
    while True:
        date = random_date()
        if date.year >= 2000:
            individual = rng.randint(500, 999)
        elif date.year >= 1940 and rng.random() < 0.2:
            individual = rng.randint(900, 999)
        else:
            individual = rng.randint(0, 499)
        day, month = date.day, date.month
        if kind == "d":
            day += 40
        if kind == "h":
            month += 40
        if kind == "tenor":
            month += 80
        first9 = [int(c) for c in f"{day:02d}{month:02d}{date.year % 100:02d}{individual:03d}"]
        checks = no_check_digits(first9)
        if checks is None:
            continue
        return "".join(map(str, first9 + checks))


def fnr_bad():
    """Eleven digits with a real-looking date whose check digits do not match."""
    while True:
        number = fnr()
        wrong = number[:10] + str((int(number[10]) + rng.randint(1, 9)) % 10)
        if not no_valid(wrong) and not account_valid(wrong):
            return wrong


def account(valid_fnr=False):
    while True:
        if valid_fnr:
            number = fnr()
        else:
            bank = rng.choice(["1503", "1602", "1254", "9710", "3000", "6345", "7058", "8601", "1207", "2801", "4212", "0539", "1822", "3208"])
            body = [int(c) for c in bank + f"{rng.randint(0, 999999):06d}"]
            check = mod11(body, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])
            if check is None:
                continue
            number = "".join(map(str, body)) + str(check)
            if no_valid(number):
                continue
        assert account_valid(number)
        return number


def dotted_account(number):
    return f"{number[:4]}.{number[4:6]}.{number[6:]}"


def pnr(samordning=False, born=(1935, 2019)):
    date = random_date(*born)
    day = date.day + (60 if samordning else 0)
    first9 = f"{date.year % 100:02d}{date.month:02d}{day:02d}{rng.randint(0, 999):03d}"
    ten = first9 + luhn_digit(first9)
    assert se_valid(ten)
    return date.year, ten


def pnr_text(form="hyphen", samordning=False):
    if form == "plus":
        year, ten = pnr(samordning, born=(1905, 1923))
        return f"{ten[:6]}+{ten[6:]}"
    year, ten = pnr(samordning)
    if form == "hyphen":
        return f"{ten[:6]}-{ten[6:]}"
    if form == "twelve":
        return f"{year // 100}{ten}"
    if form == "twelve-hyphen":
        return f"{year // 100}{ten[:6]}-{ten[6:]}"
    return ten


def pnr_bad():
    while True:
        year, ten = pnr()
        wrong = ten[:9] + str((int(ten[9]) + rng.randint(1, 9)) % 10)
        if not se_valid(wrong) and not dk_date(wrong):
            return f"{wrong[:6]}-{wrong[6:]}"


def cpr(form="hyphen"):
    while True:
        date = random_date(1940, 2019)
        number = f"{date.day:02d}{date.month:02d}{date.year % 100:02d}{rng.randint(0, 9999):04d}"
        if se_valid(number):
            continue        # would be read as Swedish: not an unambiguous Danish example
        if form == "hyphen":
            return f"{number[:6]}-{number[6:]}"
        if form == "space":
            return f"{number[:6]} {number[6:]}"
        return number


def cpr_bad_date():
    while True:
        day, month = rng.choice([(32, 1), (31, 4), (30, 2), (31, 11), (0, 5), (15, 13), (29, 2)])
        yy = rng.choice([1, 2, 3, 5, 7, 9, 10, 11, 13, 14, 15, 17, 18, 19, 21, 22, 23]) if (day, month) == (29, 2) else rng.randint(0, 99)
        number = f"{day:02d}{month:02d}{yy:02d}{rng.randint(0, 9999):04d}"
        if not dk_date(number) and not se_valid(number):
            return f"{number[:6]}-{number[6:]}"


def unbroken_ten_negative():
    """Ten digits that are no one's number under any rule (no keyword around it)."""
    while True:
        number = f"{rng.randint(0, 9999999999):010d}"
        if not se_valid(number) and not number.startswith("07"):
            return number


# Phones


def no_mobile_digits():
    return rng.choice("49") + "".join(rng.choice("0123456789") for _ in range(7))


def layout8(d, style=None):
    style = style or rng.choice(["323", "2222", "8", "44"])
    return {"323": f"{d[:3]} {d[3:5]} {d[5:]}", "2222": f"{d[:2]} {d[2:4]} {d[4:6]} {d[6:]}", "8": d, "44": f"{d[:4]} {d[4:]}"}[style]


def mob(style=None):
    return layout8(no_mobile_digits(), style)


def mob_plain():
    return no_mobile_digits()


def no_landline():
    d = rng.choice("235677") + "".join(rng.choice("0123456789") for _ in range(7))
    return layout8(d, rng.choice(["2222", "323", "8"]))


def tel47():
    d = rng.choice([no_mobile_digits(), rng.choice("2357") + "".join(rng.choice("0123456789") for _ in range(7))])
    return rng.choice([f"+47 {layout8(d)}", f"+47{d}", f"0047 {layout8(d, '323')}", f"(+47) {layout8(d, '2222')}"])


def se_mob_digits():
    return "07" + rng.choice("02369") + "".join(rng.choice("0123456789") for _ in range(7))


def se_mob():
    while True:
        d = se_mob_digits()
        text = rng.choice([f"{d[:3]}-{d[3:6]} {d[6:8]} {d[8:]}", f"{d[:3]} {d[3:6]} {d[6:8]} {d[8:]}", f"{d[:3]}-{d[3:]}", d])
        if text == d and se_valid(d):
            continue        # an unbroken 07… number that is also a valid personnummer
        return text


def tel46():
    d = se_mob_digits()[1:]
    return rng.choice([f"+46 {d[:2]} {d[2:5]} {d[5:7]} {d[7:]}", f"+46 (0){d[:2]}-{d[2:5]} {d[5:7]} {d[7:]}", f"+46{d}", f"0046 {d[:2]}-{d[2:5]} {d[5:]}"])


def dk8():
    d = rng.choice("2345679") + "".join(rng.choice("0123456789") for _ in range(7))
    return layout8(d, rng.choice(["2222", "8"]))


def tel45():
    return "+45 " + dk8()


# Negatives that look like numbers


def isbn13(hyphens=True):
    while True:
        body = "978" + rng.choice(["82", "91", "87"]) + f"{rng.randint(0, 9999999):07d}"
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
        check = (10 - total % 10) % 10
        number = body + str(check)
        if hyphens:
            return f"{number[:3]}-{number[3:5]}-{number[5:7]}-{number[7:12]}-{number[12]}"
        return number


def isbn10(hyphens=True):
    while True:
        body = rng.choice(["82", "91", "87"]) + f"{rng.randint(0, 9999999):07d}"
        total = sum(int(c) * (10 - i) for i, c in enumerate(body))
        check = (11 - total % 11) % 11
        if check == 10:
            continue
        number = body + str(check)
        if hyphens:
            return f"{number[:2]}-{number[2:4]}-{number[4:9]}-{number[9]}"
        return number


def thousands(n):
    s = str(n)
    groups = []
    while s:
        groups.insert(0, s[-3:])
        s = s[:-3]
    return " ".join(groups)


def big8():
    return thousands(rng.randint(10_000_000, 99_999_999))


def big7():
    return thousands(rng.randint(1_000_000, 9_999_999))


def price():
    return rng.choice([thousands(rng.randint(100, 99_999)), str(rng.randint(49, 999))])


def date_dot():
    d = random_date(2020, 2026)
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def date_iso():
    return random_date(2020, 2026).isoformat()


def time_of_day():
    return f"{rng.randint(8, 15):02d}:{rng.choice(['00', '15', '30', '45'])}"


def order(length=8):
    return str(rng.randint(10 ** (length - 1), 10 ** length - 1))


# Names and addresses (invented combinations)

FIRST = ["Emma", "Nora", "Sofie", "Ingrid", "Olav", "Jakob", "Filip", "Aksel", "Maja", "Ella", "Liam", "Noah", "Elias",
         "Oskar", "Astrid", "Selma", "Frida", "Vilde", "Sigurd", "Tuva", "Linnea", "Elsa", "Alva", "Hugo", "Malte", "Ida",
         "Freja", "Karla", "Magnus", "Mathias", "Aisha", "Yusuf", "Amir", "Sara", "Leah", "Johan", "Silje", "Eirik"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Lund", "Nilsson", "Lindqvist", "Andersson", "Jensen",
        "Nielsen", "Pedersen", "Holm", "Dahl", "Strand", "Bakken", "Ali", "Nguyen", "Khan", "Eriksen", "Moen", "Vik"]
DOMAINS = ["skolen.no", "elev.bergen.kommune.no", "gmail.com", "hotmail.com", "outlook.com", "online.no", "live.se",
           "telia.com", "yahoo.dk", "stud.trondheim.kommune.no", "skola.goteborg.se", "skolekom.dk", "icloud.com",
           "elev.osloskolen.no", "mail.dk"]


def name():
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def email():
    first, last = rng.choice(FIRST).lower(), rng.choice(LAST).lower()
    local = rng.choice([f"{first}.{last}", f"{first}{last}{rng.randint(1, 99)}", f"{first[0]}.{last}", f"{first}_{last[0]}",
                        f"{first}.{last}{rng.randint(2005, 2015)}", f"{last}.{first}"])
    return f"{local}@{rng.choice(DOMAINS)}"


def email_written_at():
    address = email()
    local, domain = address.split("@")
    return rng.choice([f"{local} [at] {domain}", f"{local}(at){domain}"])


# ---------------------------------------------------------------------------------------------
# Sentences. A placeholder's kinds make the label; every template is used with fresh values.

POSITIVE = {
    "fnr": (fnr, NO), "fnr_sp": (lambda: (lambda n: f"{n[:6]} {n[6:]}")(fnr()), NO),
    "dnr": (lambda: fnr("d"), NO), "hnr": (lambda: fnr("h"), NO),
    "pnr": (lambda: pnr_text("hyphen"), SE), "pnr12": (lambda: pnr_text("twelve"), SE),
    "pnr12h": (lambda: pnr_text("twelve-hyphen"), SE), "pnr_plus": (lambda: pnr_text("plus"), SE),
    "pnr10": (lambda: pnr_text("ten"), SE), "samnr": (lambda: pnr_text("hyphen", samordning=True), SE),
    "cpr": (lambda: cpr("hyphen"), DK), "cpr_plain": (lambda: cpr("plain"), DK), "cpr_space": (lambda: cpr("space"), DK),
    "email": (email, EMAIL), "email_at": (email_written_at, EMAIL),
    "mob": (mob, PHONE), "mob_plain": (mob_plain, PHONE), "landline": (no_landline, PHONE), "tel47": (tel47, PHONE),
    "se_mob": (se_mob, PHONE), "tel46": (tel46, PHONE), "dk8": (dk8, PHONE), "tel45": (tel45, PHONE),
}
NEUTRAL = {
    "name": name, "first": lambda: rng.choice(FIRST), "date_dot": date_dot, "date_iso": date_iso, "time": time_of_day,
    "isbn13h": isbn13, "isbn13": lambda: isbn13(False), "isbn10h": isbn10, "isbn10": lambda: isbn10(False),
    "account": account, "account_dotted": lambda: dotted_account(account()), "account_both": lambda: account(True),
    "fnr_bad": fnr_bad, "tenor": lambda: fnr("tenor"), "pnr_bad": pnr_bad, "cpr_bad": cpr_bad_date,
    "ten_neg": unbroken_ten_negative, "big8": big8, "big8b": big8, "big7": big7, "price": price,
    "order8": lambda: order(8), "order10": lambda: order(10), "order11": lambda: order(11),
    "mob_like": no_mobile_digits, "small": lambda: str(rng.randint(2, 99)), "year": lambda: str(rng.randint(1500, 2024)),
    "pop": lambda: thousands(rng.randint(1_000_000, 9_999_999)), "cpr_nokw": lambda: cpr("plain"),
    "mob_like323": lambda: layout8(no_mobile_digits(), "323"),
    "fnr_odd": lambda: (lambda n: f"{n[:6]} {n[6:9]} {n[9:]}")(fnr()),
    "mob_422": lambda: (lambda d: f"{d[:4]} {d[4:6]} {d[6:]}")(no_mobile_digits()),
    "mob_2222": lambda: layout8(no_mobile_digits(), "2222"),
    "email_words": lambda: (lambda a: a.replace("@", " at ").replace(".", " dot "))(email()),
    "email_upper": lambda: email().upper(),
    "pnr_space": lambda: (lambda n: f"{n[:6]} {n[6:]}")(pnr_text("ten")),
    "mob_plain2": mob_plain,
}

POSITIVE_TEMPLATES = [
    # Norwegian national id numbers
    "Fødselsnummeret mitt er {fnr}.",
    "Navn: {name}, fnr: {fnr}",
    "Elevliste 7B: {name} {fnr}",
    "{name} ({fnr}) har fritak fra kroppsøving denne uka.",
    "Husk å skrive fødselsnummer på skjemaet: {fnr_sp}",
    "Søknad om permisjon for {name}, f.nr. {fnr}",
    "Jeg er født i mars og nummeret mitt er {fnr}, men ikke si det til noen!",
    "| {name} | {fnr} | 7A |",
    "Født {date_dot} {fnr}",
    "fnr:{fnr}",
    "Elevens fødselsnr: {fnr_sp}",
    "Utvekslingseleven har D-nummer {dnr}.",
    "D-nummer: {dnr}",
    "H-nummer fra legevakta: {hnr}",
    "Fødselsnummeret mitt er {fnr}, og eg går i 9B.",
    "Eg heiter {first} og personnummeret mitt er {fnr_sp}.",
    "Namn: {name}. Fødselsnr.: {fnr}",
    "My Norwegian ID number is {fnr}.",
    "Student: {name}, national ID {fnr}",
    "{fnr}",
    "Påmelding til leirskole: {name}, {fnr}, allergier: nøtter",
    # Swedish
    "Mitt personnummer är {pnr}.",
    "Elev: {name}, personnr {pnr}",
    "{name} {pnr12}",
    "Personnummer: {pnr12h}",
    "Samordningsnummer {samnr}",
    "Min farfar har personnummer {pnr_plus}.",
    "Anmälan: {name}, {pnr}, klass 8C",
    "Personnummer (ÅÅMMDD-XXXX): {pnr}",
    "Swedish personal number: {pnr}",
    "Jag heter {first} och är född {pnr10}.",
    "Utflykt till Skansen – {name} {pnr}",
    "{pnr}",
    "Hej! Jag heter {first}, mitt personnummer är {pnr12}.",
    "Personnr: {pnr10}",
    "Barnets personnummer: {pnr}",
    "Vårdnadshavare: {name}, {pnr12h}",
    "Eleven {name} ({samnr}) börjar i klass 6B.",
    "Ansökan om ledighet för {name}, personnummer {pnr}",
    "Namn: {name}; personnr {pnr_plus}",
    "Svensk elev på utveksling, personnummer {pnr}.",
    # Danish
    "Mit CPR-nummer er {cpr}.",
    "CPR-nr.: {cpr}",
    "Elev: {name}, CPR {cpr_plain}",
    "Cpr nr {cpr_space}",
    "Personnummer: {cpr_plain}",
    "Tilmelding: {name} – {cpr}",
    "Husk at skrive CPR-nummer på skemaet: {cpr}",
    "Danish CPR number: {cpr}",
    "Jeg hedder {first}, mit cpr er {cpr_plain}.",
    "{cpr}",
    "Elevens CPR-nummer: {cpr_space}",
    "Forælder: {name}, CPR-nr {cpr}",
    "Ansøgning om frihed for {name} ({cpr})",
    "CPR.nr.: {cpr_plain}",
    "Mit personnummer er {cpr} og jeg går i 7.B.",
    "Udflugt til Tivoli: {name}, {cpr}",
    "Skolelæge: {name}, cpr {cpr_plain}",
    "Eleven er født {cpr}",
    # E-mail
    "Send oppgaven til {email} innen fredag.",
    "Spørsmål? Skriv til meg: {email}",
    "E-post: {email}",
    '<a href="mailto:{email}">Send e-post til læreren</a>',
    "Mailen min er {email_at}",
    "Send svaret til {email}, så får du tilbakemelding.",
    "Skicka uppgiften till {email}.",
    "Min mejl: {email}",
    "Skriv til mig på {email}.",
    "My email is {email}",
    "Contact {name} at {email} for the answers.",
    "Gruppe 3: {name} ({email}) og {name}",
    "{email}",
    # Phones
    "Ring meg på {mob} hvis du lurer på noe!",
    "Mobil: {mob}",
    "Tlf. {landline}",
    "Kontaktlærer: {name}, tlf {mob}",
    "Foreldrekontakt: {name}, {tel47}",
    "SMS til {mob} for påmelding.",
    "Vipps til {mob_plain}",
    "Ring {tel47} etter kl. 16.",
    "Nummeret mitt er {mob}, send melding!",
    "Ring mig på {se_mob}.",
    "Mobil: {tel46}",
    "Swisha till {se_mob}",
    "Ring til mig på {tel45}.",
    "Tlf.: {dk8}",
    "MobilePay {dk8}",
    "Call me on {tel47}",
    "Phone: {tel46}",
    "Ring heim til {first} på {landline} (telefon heime).",
    "{mob}",
    "Telefonnummer: {tel45}",
    # Several kinds on a line
    "{name}, {fnr}, {email}",
    "Kontakt {email} eller {mob}.",
    "Elev: {name}, personnummer {pnr}, mobil {se_mob}",
    "CPR {cpr}, tlf {tel45}",
    "Foresatt: {name}, tlf {mob}, e-post {email}",
]

NEGATIVE_TEMPLATES = [
    # ISBN
    "Læreboka har ISBN {isbn13h}.",
    "ISBN: {isbn13}",
    "Se Gyldendal {isbn13h} for fasit.",
    "ISBN {isbn10h}",
    "ISBN-10: {isbn10}",
    "Boka (ISBN {isbn10}) finner du på biblioteket.",
    # Maths that looks like phone numbers
    "Skriv tallet {big8} med bokstaver.",
    "Regn ut {big8} + {big7}.",
    "Hvilket tall er størst: {big8} eller {big8b}?",
    "Rund av {big8} til nærmeste million.",
    "Hva er sifferet på tierplassen i {big8}?",
    "Regn ut: {mob_like} − {small} = ?",
    "Er {mob_like} delelig med 3?",
    "Tallet {mob_like} er et partall.",
    "{small} · {small} · {small} = {mob_like}?",
    "Rekn ut {big8} − {big7}.",
    "Beräkna {big8} + {big7}.",
    "Skriv talet {big8} med ord.",
    "Udregn {big8} · 3.",
    "Write {big8} in words.",
    "Round {big8} to the nearest thousand.",
    "{mob_like} : 7 = ?",
    "Tallinja: 0, {big8}, {big8b}",
    "Finn summen av {mob_like323} og 1.",
    # Dates, times, years
    "Prøven er {date_dot} kl. {time}.",
    "Datum: {date_iso}",
    "Møtet er {date_dot} fra {time} til {time}.",
    "Innleveringsfrist: {date_dot} kl. {time}",
    "Grunnloven ble skrevet i 1814, og {year} er også et viktig årstal.",
    "Tidslinje: {year}–{year}",
    "Sverige blev medlem av EU 1995.",
    "Fristen er {date_dot}.",
    # Prices and amounts
    "Sykkelen kostet kr {price}.",
    "Boka koster {price} kr.",
    "Huset ble solgt for {big7} kroner.",
    "Pris: {price},-",
    "Billetten kostar {price} kronor.",
    "Budsjettet er på {big8} kr.",
    "Kommunen brukte {mob_like} kr på nye nettbrett.",
    # Bank account numbers
    "Kontonummer for klassekassa: {account_dotted}.",
    "Betal til konto {account}.",
    "Kontonr: {account_both}",
    "Innbetaling til {account_dotted} merkes med elevens navn.",
    "Kontonummer {account_both} (klassetur)",
    "Gaven til rektor: {account}",
    "Overfør til {account_dotted} innen fredag.",
    # Order numbers and other identifiers
    "Ordrenummer: {order8}",
    "Ordrenr. {order10}",
    "Bestillingsnummer {order11}",
    "Order number {mob_like}",
    "Fakturanummer {mob_like}",
    "KID: {order11}",
    "Org.nr. 974 760 673",
    "Varenummer {order10}",
    "Serienummer: {mob_like}",
    "Saksnummer 23/{order8}",
    # Invalid or synthetic national ids
    "Fødselsnummer: {fnr_bad}",
    "Dette fødselsnummeret er ugyldig: {fnr_bad}",
    "Testperson fra Tenor: {tenor}",
    "Syntetisk fødselsnummer: {tenor}",
    "Personnummer: {pnr_bad}",
    "Felaktigt personnummer {pnr_bad}",
    "CPR: {cpr_bad}",
    "{cpr_bad}",
    "{fnr_bad}",
    "Løpenummer {ten_neg}",
    "Kontrollér {cpr_nokw} i registeret.",
    # E-mail that is not personal
    "Skriv til navn@example.org",
    "E-post: fornavn.etternavn@skolen.no",
    "Brukernavnet ditt er elev@example.com",
    "Send til post@skolen.no",
    "Logo: logo@2x.png",
    "Kontakt: postmottak@bergen.kommune.no",
    "Bruk formatet ola.nordmann@elev.no",
    "Test: kari@test.test",
    "Adressen ser slik ut: brukernavn@skole.no",
    "Skicka till förnamn.efternamn@skola.se",
    "Send to firstname.lastname@school.example",
    "Spørsmål om timeplanen: kontakt@skolen.no",
    "@media (max-width: 600px) { .oppgave { width: 100%; } }",
    "Følg oss på @skolen_var",
    # Coordinates in geography lessons
    "Oslo ligger på 59,91° N og 10,75° Ø.",
    "Koordinatene til Nordkapp er 71.1725, 25.7844.",
    "Stockholm: 59°19′46″N 18°04′07″E",
    "Finn punktet (59.9139, 10.7522) på kartet.",
    "Bergen ligger omtrent på 60.39 N, 5.32 Ø.",
    "København ligger på 55,68° N, 12,57° Ø.",
    # Numbers in facts
    "Norge har {pop} innbyggere.",
    "Sverige har drygt 10 500 000 invånare.",
    "Avstanden til sola er 149 600 000 km.",
    "Lysets fart er 299 792 458 m/s.",
    "Postboks 1234, 0107 Oslo",
    "Skolevegen 12, 5004 Bergen",
    "Postnumre 4000-4999 hører til Rogaland og Agder.",
    "Vi møtes i rom 214 kl. 08:15.",
    "Les side 112–118 til i morgen.",
    "Oppgave 3.2.1",
    "Versjon 9.1.2",
    "Ring 113 ved nødsituasjon.",
    "Ring 1881 for opplysning.",
    "Tlf. 800 12 345 (gratis)",
    "Lotto-rekken min var 2 7 13 21 28 30 34.",
    "https://nrk.no/skole/{mob_like}",
    "Se video: https://www.youtube.com/watch?v={mob_like}",
    "Bakgrunnsfargen er #{mob_like}.",
    "00:01:02,345 --> 00:01:04,000",
    "Tallene {big8} og {big8b} er nesten like store.",
    "π ≈ 3.14159265",
    "Fotosyntese: 6 CO₂ + 6 H₂O → C₆H₁₂O₆ + 6 O₂",
    "Kl. 09.15–10.00: norsk, rom 12",
    "Eg fekk 91 av 100 poeng på prøva!",
    "Klasse 10B har 24 elever.",
    "Mellom 1940 og 1945 var Norge okkupert.",
    "Det var 45 678 912 besøkende i fjor.",
    "Vi har {mob_like} elever i hele fylket.",
]


# Realistic hard cases, labelled with the truth (what a careful reader would say), not with what the
# rules can do: some are missed or wrongly flagged on purpose of the design (see TextScanner.swift),
# so the figures are not a perfect score by construction.
HARD = [
    ("Elev: {name}, {cpr_nokw}", [DK]),                     # CPR without hyphen or keyword: not flagged by design
    ("Fødselsnummer: {fnr_odd}", [NO]),                     # an unusual grouping
    ("Mobil: {mob_422}", [PHONE]),                          # an unusual grouping
    ("Ring 47 {mob_2222}", [PHONE]),                        # country code without +
    ("Mailen min er {email_words}", [EMAIL]),               # written out: at … dot …
    ("Mobilnummer: {mob_plain}/{mob_plain2}", [PHONE]),
    ("Spørsmål til {email_upper}", [EMAIL]),
    ("Elev: {name}, {pnr_space}", [SE]),
    ("Eleven {name} født {date_dot}, personnr. {pnr}", [SE]),
    ("Telefonliste: {first} {mob}, {first} {mob}", [PHONE]),
    ("Passordet til wifi er {mob_like}", []),              # a password, not a phone number
    ("Bestill med koden {mob_like}", []),
    ("Fasit: {mob_like}", []),
    ("Les sak {mob_like} i Aftenposten", []),
    ("Vinnerkoden i lotteriet er {mob_like}", []),
    ("Elevnummer {order8}", []),
]


def fill(template):
    kinds = set()
    out = []
    i = 0
    while i < len(template):
        if template[i] == "{" and "}" in template[i:]:
            j = template.index("}", i)
            key = template[i + 1:j]
            if key in POSITIVE:
                generate, kind = POSITIVE[key]
                out.append(generate())
                kinds.add(kind)
            elif key in NEUTRAL:
                out.append(NEUTRAL[key]())
            else:
                out.append(template[i:j + 1])
            i = j + 1
        else:
            out.append(template[i])
            i += 1
    order = [NO, SE, DK, EMAIL, PHONE, LOCATION, OWNER]
    return "".join(out), ",".join(sorted(kinds, key=order.index)) or "none"


def lines_tsv():
    rows = []
    for round_number in range(2):
        for template in POSITIVE_TEMPLATES:
            rows.append(fill(template))
        for template in NEGATIVE_TEMPLATES:
            if round_number == 0 or "{" in template:
                rows.append(fill(template))
        for template, kinds in HARD:
            text, _ = fill(template)
            rows.append((text, ",".join(kinds) or "none"))
    header = [
        "# Privacy corpus: text<TAB>expected kinds (comma-separated finding codes, or none).",
        "# Written by Scripts/make-privacy-corpus.py; every id number is synthetic (random date, valid check digits).",
    ]
    for text, _ in rows:
        assert "\t" not in text and "\n" not in text
    return "\n".join(header + [f"{text}\t{kinds}" for text, kinds in rows]) + "\n", rows


# ---------------------------------------------------------------------------------------------
# Images


def tiff_bytes(ifd0, exif=None, gps=None, little=False, extra=b""):
    """A TIFF structure: IFD0 (+ Exif and GPS IFDs) with values after each IFD.

    Entries are (tag, type, value): type 2 ASCII (str), 3 SHORT (int), 4 LONG (int),
    5 RATIONAL (list of (num, den)), 7 UNDEFINED / 1 BYTE (bytes)."""
    e = "<" if little else ">"

    def encode(type_, value):
        if type_ == 2:
            data = value.encode("utf-8") + b"\0"
            return len(data), data
        if type_ == 3:
            return 1, struct.pack(e + "H", value)
        if type_ == 4:
            return 1, struct.pack(e + "I", value)
        if type_ == 5:
            return len(value), b"".join(struct.pack(e + "II", n, d) for n, d in value)
        if type_ in (1, 7):
            return len(value), value
        raise ValueError(type_)

    def block(entries, offset):
        entries = sorted(entries)
        size = 2 + 12 * len(entries) + 4
        head, data = struct.pack(e + "H", len(entries)), b""
        for tag, type_, value in entries:
            count, raw = encode(type_, value)
            if len(raw) <= 4:
                head += struct.pack(e + "HHI", tag, type_, count) + raw.ljust(4, b"\0")
            else:
                head += struct.pack(e + "HHII", tag, type_, count, offset + size + len(data))
                data += raw + (b"\0" if len(raw) % 2 else b"")
        return head + struct.pack(e + "I", 0) + data

    def layout(pointers):
        entries = list(ifd0)
        if exif is not None:
            entries.append((0x8769, 4, pointers[0]))
        if gps is not None:
            entries.append((0x8825, 4, pointers[1]))
        first = block(entries, 8)
        exif_offset = 8 + len(first)
        second = block(exif, exif_offset) if exif is not None else b""
        gps_offset = exif_offset + len(second)
        third = block(gps, gps_offset) if gps is not None else b""
        return first + second + third, (exif_offset, gps_offset)

    _, pointers = layout((0, 0))
    body, again = layout(pointers)
    assert again == pointers
    return (b"II*\0" + struct.pack("<I", 8) if little else b"MM\0*" + struct.pack(">I", 8)) + body + extra


def dms(value):
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return [(degrees, 1), (minutes, 1), (seconds, 100)]


def gps_ifd(lat, lon):
    return [(1, 2, "N" if lat >= 0 else "S"), (2, 5, dms(lat)), (3, 2, "E" if lon >= 0 else "W"), (4, 5, dms(lon)),
            (0, 1, bytes([2, 3, 0, 0]))]


def segment(marker, payload):
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg(*segments):
    """A real 1×1 grey baseline JPEG with the given segments after SOI."""
    jfif = segment(0xE0, b"JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = segment(0xDB, b"\x00" + bytes([1] * 64))
    sof = segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00")
    dht_dc = segment(0xC4, b"\x00" + bytes([1] + [0] * 15) + b"\x00")
    dht_ac = segment(0xC4, b"\x10" + bytes([1] + [0] * 15) + b"\x00")
    sos = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    scan = b"\x3f"    # DC difference 0 (code 0), end of block (code 0), padded with ones
    body = b"".join(segments)
    head = jfif if not any(s[1] == 0xE1 for s in segments) else b""
    return b"\xff\xd8" + head + body + dqt + sof + dht_dc + dht_ac + sos + scan + b"\xff\xd9"


def exif_segment(tiff):
    return segment(0xE1, b"Exif\0\0" + tiff)


def xmp_packet(inner):
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
            ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
            f'  {inner}\n'
            ' </rdf:RDF>\n'
            '</x:xmpmeta>\n'
            '<?xpacket end="w"?>').encode("utf-8")


def xmp_segment(inner):
    return segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + xmp_packet(inner))


def png(*chunks):
    def chunk(type_, data):
        return struct.pack(">I", len(data)) + type_ + data + struct.pack(">I", zlib.crc32(type_ + data) & 0xFFFFFFFF)

    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = chunk(b"IDAT", zlib.compress(b"\x00\x80", 9))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(chunk(t, d) for t, d in chunks) + idat + chunk(b"IEND", b"")


def itxt_xmp(inner):
    return (b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + xmp_packet(inner))


def tiff_image(artist=None, gps=None):
    ifd0 = [(256, 3, 1), (257, 3, 1), (258, 3, 8), (259, 3, 1), (262, 3, 1), (277, 3, 1), (278, 3, 1), (279, 4, 1)]
    if artist:
        ifd0.append((0x013B, 2, artist))
    size = len(tiff_bytes(ifd0 + [(273, 4, 0)], gps=gps, little=True))
    return tiff_bytes(ifd0 + [(273, 4, size)], gps=gps, little=True, extra=b"\x80")


# A 1×1 lossless WebP bitstream (VP8L).
VP8L = bytes.fromhex("2f00000010071011118888fe0700")


def webp(exif=None):
    def chunk(type_, data):
        return type_ + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")

    flags = 0x08 if exif else 0
    vp8x = chunk(b"VP8X", bytes([flags, 0, 0, 0]) + (0).to_bytes(3, "little") + (0).to_bytes(3, "little"))  # canvas 1×1 (stored minus one)
    body = b"WEBP" + vp8x + chunk(b"VP8L", VP8L) + (chunk(b"EXIF", exif) if exif else b"")
    return b"RIFF" + struct.pack("<I", len(body)) + body


OSLO_CITY_HALL = (59.9115, 10.7335)
USHUAIA = (-54.8019, -68.3030)
TROMSO_MUSEUM = (69.6400, 18.9530)
GOTHENBURG_OPERA = (57.7109, 11.9646)

DESCRIPTION = 'rdf:Description rdf:about=""'


def images():
    camera = [(0x010F, 2, "Canon"), (0x0110, 2, "Canon EOS 90D")]
    return [
        ("gps-artist.jpg", jpeg(exif_segment(tiff_bytes([(0x013B, 2, "Kari Nordby")] + camera, gps=gps_ifd(*OSLO_CITY_HALL)))),
         [LOCATION, OWNER], "EXIF GPS (Oslo City Hall) and Artist"),
        ("clean.jpg", jpeg(), [], "JFIF only, no metadata"),
        ("copyright-only.jpg", jpeg(exif_segment(tiff_bytes(camera + [(0x8298, 2, "© Kari Nordby, CC BY 4.0")]))), [],
         "Make, Model and Copyright"),
        ("gps-zero.jpg", jpeg(exif_segment(tiff_bytes(camera, gps=gps_ifd(0.0, 0.0)))), [], "GPS 0, 0: no fix"),
        ("gps-altitude-only.jpg", jpeg(exif_segment(tiff_bytes(camera, gps=[(0, 1, bytes([2, 3, 0, 0])), (5, 1, b"\0"), (6, 5, [(1200, 10)])]))),
         [], "GPS IFD with altitude only"),
        ("body-serial.jpg", jpeg(exif_segment(tiff_bytes(camera, exif=[(0xA431, 2, "083024001337")]))), [OWNER], "BodySerialNumber"),
        ("owner-name.jpg", jpeg(exif_segment(tiff_bytes(camera, exif=[(0xA430, 2, "Jonas Lindqvist"), (0x9003, 2, "2024:05:17 12:00:00")]))),
         [OWNER], "CameraOwnerName"),
        ("gps-south-west.jpg", jpeg(exif_segment(tiff_bytes(camera, gps=gps_ifd(*USHUAIA), little=True))), [LOCATION],
         "little-endian EXIF, GPS S/W"),
        ("xmp-gps.jpg", jpeg(xmp_segment(f'<{DESCRIPTION} xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="69,38.4000N" exif:GPSLongitude="18,57.1800E"/>')),
         [LOCATION], "XMP exif:GPSLatitude/GPSLongitude attributes"),
        ("xmp-creator.jpg", jpeg(xmp_segment(f'<{DESCRIPTION} xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>Emma Haugen</rdf:li></rdf:Seq></dc:creator></rdf:Description>')),
         [OWNER], "XMP dc:creator"),
        ("xmp-rights.jpg", jpeg(xmp_segment(f'<{DESCRIPTION} xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights><rdf:Alt><rdf:li xml:lang="x-default">CC BY-SA 4.0</rdf:li></rdf:Alt></dc:rights></rdf:Description>')),
         [], "XMP dc:rights only"),
        ("xmp-creator-tool.jpg", jpeg(xmp_segment(f'<{DESCRIPTION} xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:CreatorTool="GIMP 2.10"/>')),
         [], "XMP xmp:CreatorTool only"),
        ("xmp-face-tag.jpg", jpeg(xmp_segment(f'<{DESCRIPTION} xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"><mwg-rs:Regions><mwg-rs:RegionList><rdf:Bag><rdf:li><rdf:Description mwg-rs:Name="Nora Berg" mwg-rs:Type="Face"/></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions></rdf:Description>')),
         [OWNER], "XMP face region with a name"),
        ("placeholder-serial.jpg", jpeg(exif_segment(tiff_bytes(camera + [(0x013B, 2, "   ")], exif=[(0xA431, 2, "0000000000")]))), [],
         "blank Artist, all-zero serial"),
        ("comment-email.jpg", jpeg(segment(0xFE, b"Foto: sigurd.moen@skolen.no")), [EMAIL], "JPEG comment with an e-mail address"),
        ("xp-author.jpg", jpeg(exif_segment(tiff_bytes(camera + [(0x9C9D, 1, "Ida Vik".encode("utf-16-le") + b"\0\0")], little=True))),
         [OWNER], "Windows XPAuthor"),
        ("lens-serial.jpg", jpeg(exif_segment(tiff_bytes(camera, exif=[(0xA435, 2, "0000a1b2c3")]))), [OWNER], "LensSerialNumber"),
        ("exif-and-xmp-gps.jpg", jpeg(exif_segment(tiff_bytes(camera, gps=gps_ifd(*GOTHENBURG_OPERA))),
                                       xmp_segment(f'<{DESCRIPTION} xmlns:exif="http://ns.adobe.com/exif/1.0/"><exif:GPSLatitude>57,42.6540N</exif:GPSLatitude><exif:GPSLongitude>11,57.8760E</exif:GPSLongitude></rdf:Description>')),
         [LOCATION], "the same position in EXIF and XMP (element form)"),
        ("make-model.jpg", jpeg(exif_segment(tiff_bytes(camera + [(0x0131, 2, "Adobe Lightroom"), (0x0132, 2, "2024:05:17 12:00:00")], exif=[(0x9003, 2, "2024:05:17 12:00:00")]))),
         [], "camera, software and dates only"),
        ("png-exif-gps.png", png((b"eXIf", tiff_bytes([], gps=gps_ifd(*TROMSO_MUSEUM)))), [LOCATION], "PNG eXIf chunk with GPS"),
        ("png-clean.png", png(), [], "plain PNG"),
        ("png-xmp-serial.png", png(itxt_xmp(f'<{DESCRIPTION} xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" aux:SerialNumber="2731004512"/>')),
         [OWNER], "PNG iTXt XMP aux:SerialNumber"),
        ("png-text-author.png", png((b"tEXt", b"Author\0Aksel Strand")), [OWNER], "PNG tEXt Author"),
        ("png-text-software.png", png((b"tEXt", b"Software\0GIMP 2.10"), (b"tEXt", b"Copyright\0CC BY 4.0")), [], "PNG tEXt Software and Copyright"),
        ("png-all.png", png((b"eXIf", tiff_bytes([(0x013B, 2, "Selma Dahl")], exif=[(0xA431, 2, "4711")], gps=gps_ifd(*OSLO_CITY_HALL)))),
         [LOCATION, OWNER], "PNG eXIf with GPS, Artist and serial"),
        ("tiff-artist-gps.tif", tiff_image("Oskar Lund", gps_ifd(*TROMSO_MUSEUM)), [LOCATION, OWNER], "TIFF image with Artist and GPS"),
        ("tiff-clean.tif", tiff_image(), [], "TIFF image without personal metadata"),
        ("webp-exif-gps.webp", webp(tiff_bytes([], gps=gps_ifd(*GOTHENBURG_OPERA))), [LOCATION], "WebP EXIF chunk with GPS"),
        ("webp-clean.webp", webp(), [], "WebP without metadata"),
        ("png-comment-phone.png", png((b"tEXt", b"Comment\0Ring meg: 912 34 567")), [PHONE], "PNG tEXt Comment with a phone number"),
    ]


def images_tsv(entries):
    lines = ["# Privacy image corpus: file<TAB>expected kinds<TAB>what is in it. Written by Scripts/make-privacy-corpus.py."]
    for file, _, kinds, note in entries:
        lines.append(f"{file}\t{','.join(kinds) or 'none'}\t{note}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------


def outputs():
    text, rows = lines_tsv()
    entries = images()
    files = {os.path.join(CORPUS, "lines.tsv"): text.encode("utf-8"), os.path.join(CORPUS, "images.tsv"): images_tsv(entries).encode("utf-8")}
    for file, data, _, _ in entries:
        assert len(data) < 10_000, file
        files[os.path.join(CORPUS, "images", file)] = data
    return files, rows, entries


def main():
    files, rows, entries = outputs()
    if "--check" in sys.argv:
        stale = [path for path, data in files.items() if not os.path.exists(path) or open(path, "rb").read() != data]
        if stale:
            print("Out of date:", *stale, sep="\n  ")
            sys.exit(1)
        print("Privacy corpus is up to date.")
        return
    os.makedirs(os.path.join(CORPUS, "images"), exist_ok=True)
    for path, data in files.items():
        with open(path, "wb") as handle:
            handle.write(data)
    positives = sum(1 for _, kinds in rows if kinds != "none")
    per_kind = {}
    for _, kinds in rows:
        for kind in kinds.split(","):
            per_kind[kind] = per_kind.get(kind, 0) + 1
    print(f"lines.tsv: {len(rows)} lines, {positives} positive; per kind: {per_kind}")
    print(f"images: {len(entries)} files, {sum(1 for e in entries if e[2])} positive")


if __name__ == "__main__":
    main()
