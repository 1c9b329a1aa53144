"""Draws synthetic business-card photos with known contents, for the card-scanning tests.

Usage: card_samples.py OUT_DIR [--count N] [--seed S]

Writes OUT_DIR/card-NN.jpg (or .png) and OUT_DIR/cards.json, a list of
{"file", "language", "qr", "fields": {...}} with the fields each card carries, spelt as a
reader should give them back (phones in E.164, countries as ISO 3166 codes). The cards vary
in layout, language, labels and fonts, and are photographed badly on purpose: rotated 0-5
degrees, blurred, on a grey table, saved as JPEG at quality 60-90. About a quarter carry a
vCard or MeCard QR code. The same seed always draws the same cards.
"""

import argparse
import json
import random
import unicodedata
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    "regular": ["DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansCondensed.ttf"],
    "bold": ["DejaVuSans-Bold.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSansCondensed-Bold.ttf"],
}

FIRST_FR = ["Jean", "Marie", "Élodie", "François", "Hélène", "Jérôme", "Anne-Sophie", "Jean-Pierre", "Cécile", "Grégoire",
            "Chloé", "Benoît", "Amélie", "Loïc", "Maëlle", "Thibault", "Noémie", "Étienne"]
FIRST_EN = ["James", "Sarah", "Oliver", "Emily", "Michael", "Hannah", "Thomas", "Laura", "Daniel", "Rachel", "Peter",
            "Katherine", "Lukas", "Anna", "Stefan", "Julia"]
LAST_FR = ["Dupont", "Lefèvre", "Moreau", "de la Tour", "Girard", "du Pré", "Rousseau", "Bérenger", "Fontaine",
           "de Villiers", "Chevalier", "Lemaître", "Mercier", "Faure"]
LAST_EN = ["Smith", "Johnson", "van der Berg", "O'Connor", "Williams", "von Hagen", "Clarke", "Müller", "Fischer",
           "Thompson", "Bennett", "Schneider", "Walsh", "Hughes"]
TITLES_FR = ["Directeur commercial", "Directrice des achats", "Responsable marketing", "Ingénieur d'affaires",
             "Chargée de clientèle", "Gérant", "Directeur général", "Responsable des ventes", "Acheteuse",
             "Consultante senior", "Chef de projet", "Fondatrice"]
TITLES_EN = ["Sales Director", "Head of Procurement", "Marketing Manager", "Account Executive", "Chief Executive Officer",
             "Purchasing Manager", "Senior Consultant", "Business Development Manager", "Operations Director",
             "Founder", "Project Manager", "Vice President, Sales"]
COMPANY_FR = [("Atelier Lumière", "SAS"), ("Boulangeries Réunies", "SARL"), ("Transports Vercors", "SA"),
              ("Verrerie du Rhône", "SAS"), ("Cabinet Delorme", "SARL"), ("Éditions Clairval", "SA"),
              ("Maison Brière", "SAS"), ("Agro Bocage", "SARL"), ("Nautique Armor", "SAS"), ("Optique Vallon", "SA")]
COMPANY_EN = [("Northwind Traders", "Ltd"), ("Bluebird Analytics", "Inc."), ("Harbor Logistics", "LLC"),
              ("Kestrel Systems", "GmbH"), ("Oakridge Partners", "Ltd"), ("Summit Robotics", "Inc."),
              ("Alpenwerk Maschinen", "GmbH"), ("Brightwater Foods", "PLC"), ("Cobalt Software", "LLC"),
              ("Fennel & Finch", "Ltd")]
STREETS_FR = ["12 rue de la Paix", "45 avenue Jean Jaurès", "8 boulevard Haussmann", "3 place Bellecour",
              "27 quai Saint-Antoine", "110 rue de Rivoli", "5 allée des Tilleuls", "19 chemin des Vignes"]
CITIES_FR = [("75002", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux"), ("44000", "Nantes"),
             ("31000", "Toulouse"), ("67000", "Strasbourg"), ("35000", "Rennes")]
STREETS_DE = ["Hauptstraße 5", "Friedrichstraße 120", "Marienplatz 8", "Lindenweg 14", "Königsallee 30"]
CITIES_DE = [("10115", "Berlin"), ("80331", "München"), ("20095", "Hamburg"), ("40212", "Düsseldorf"), ("50667", "Köln")]
STREETS_UK = ["221 Baker Street", "10 Downing Lane", "45 King's Road", "7 Market Street", "88 High Street"]
CITIES_UK = [("NW1 6XE", "London"), ("M1 1AE", "Manchester"), ("EH1 1YZ", "Edinburgh"), ("B1 1BB", "Birmingham"),
             ("SW3 4UH", "London")]
STREETS_US = ["350 Fifth Avenue", "1600 Amphitheatre Parkway", "500 Main Street", "77 Massachusetts Avenue",
              "1 Market Street"]
CITIES_US = [("10118", "New York", "NY"), ("94043", "Mountain View", "CA"), ("02139", "Cambridge", "MA"),
             ("60601", "Chicago", "IL"), ("98101", "Seattle", "WA")]


def ascii_slug(text):
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "".join(ch for ch in folded if ch.isalnum())


def digits(count, rng):
    return "".join(rng.choice("0123456789") for _ in range(count))


def person(rng, language, country):
    if language == "fr":
        first, last, title = rng.choice(FIRST_FR), rng.choice(LAST_FR), rng.choice(TITLES_FR)
        name, form = rng.choice(COMPANY_FR)
    else:
        first, last, title = rng.choice(FIRST_EN), rng.choice(LAST_EN), rng.choice(TITLES_EN)
        name, form = rng.choice(COMPANY_EN)
    if country == "DE":
        form = "GmbH"
    domain = ascii_slug(name) + {"FR": ".fr", "DE": ".de", "GB": ".co.uk", "US": ".com"}[country]
    local = rng.choice([f"{ascii_slug(first)}.{ascii_slug(last)}", f"{ascii_slug(first)[0]}{ascii_slug(last)}",
                        ascii_slug(first)])
    return first, last, title, f"{name} {form}", f"{local}@{domain}", f"www.{domain}"


def phones(rng, country):
    """(printed office, E.164 office, printed mobile, E.164 mobile)."""
    if country == "FR":
        office = "4" + digits(8, rng)
        mobile = rng.choice("67") + digits(8, rng)
        fmt = lambda n: "0" + " ".join([n[0]] + [n[i:i + 2] for i in range(1, 9, 2)])
        intl = lambda n: "+33 " + " ".join([n[0]] + [n[i:i + 2] for i in range(1, 9, 2)])
        style = rng.choice([fmt, intl])
        return style(office), "+33" + office, style(mobile), "+33" + mobile
    if country == "DE":
        office = "30" + digits(8, rng)
        mobile = "151" + digits(8, rng)
        return f"+49 {office[:2]} {office[2:]}", "+49" + office, f"+49 {mobile[:3]} {mobile[3:]}", "+49" + mobile
    if country == "GB":
        office = "20" + digits(8, rng)
        mobile = "7" + digits(9, rng)
        return (f"+44 {office[:2]} {office[2:6]} {office[6:]}", "+44" + office,
                f"+44 {mobile[:4]} {mobile[4:]}", "+44" + mobile)
    office = rng.choice("2345") + digits(9, rng)
    mobile = rng.choice("6789") + digits(9, rng)
    us = lambda n: f"({n[:3]}) {n[3:6]}-{n[6:]}"
    return us(office), "+1" + office, us(mobile), "+1" + mobile


def address(rng, country):
    """(printed lines, expected fields)."""
    if country == "FR":
        street, (code, city) = rng.choice(STREETS_FR), rng.choice(CITIES_FR)
        lines = [street, f"{code} {city}"] + (["France"] if rng.random() < 0.3 else [])
    elif country == "DE":
        street, (code, city) = rng.choice(STREETS_DE), rng.choice(CITIES_DE)
        lines = [street, f"{code} {city}", rng.choice(["Deutschland", "Germany"])]
    elif country == "GB":
        street, (code, city) = rng.choice(STREETS_UK), rng.choice(CITIES_UK)
        lines = [street, f"{city} {code}", "United Kingdom"]
    else:
        street, (code, city, state) = rng.choice(STREETS_US), rng.choice(CITIES_US)
        lines = [street, f"{city}, {state} {code}", "USA"]
    return lines, {"line1": street, "postalCode": code, "city": city, "country": country}


def card(rng, index):
    language = "fr" if index % 2 == 0 else "en"
    country = "FR" if language == "fr" else rng.choice(["GB", "US", "DE", "GB", "US"])
    first, last, title, company, email, website = person(rng, language, country)
    office_text, office, mobile_text, mobile = phones(rng, country)
    address_lines, address_fields = address(rng, country)
    labels = rng.choice([
        {"phone": "Tél. ", "mobile": "Mobile ", "email": "", "web": ""} if language == "fr"
        else {"phone": "Tel ", "mobile": "Mobile ", "email": "", "web": ""},
        {"phone": "T ", "mobile": "M ", "email": "E ", "web": "W "},
        {"phone": "Tél : " if language == "fr" else "Phone: ", "mobile": "Port. : " if language == "fr" else "Cell: ",
         "email": "Email : " if language == "fr" else "Email: ", "web": ""},
    ])
    has_mobile = rng.random() < 0.8
    has_office = not has_mobile or rng.random() < 0.7
    contact_lines = []
    if has_office:
        contact_lines.append(labels["phone"] + office_text)
    if has_mobile:
        contact_lines.append(labels["mobile"] + mobile_text)
    contact_lines += [labels["email"] + email, labels["web"] + website]
    fields = {
        "firstName": first, "lastName": last, "jobTitle": title, "companyName": company, "email": email,
        "phone": office if has_office else None, "mobilePhone": mobile if has_mobile else None, "website": website,
        "address": address_fields,
    }
    return language, fields, [first + " " + (last.upper() if language == "fr" and rng.random() < 0.5 else last), title], \
        company, address_lines, contact_lines


def qr_payload(fields, rng):
    address = fields["address"]
    if rng.random() < 0.5:
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{fields['lastName']};{fields['firstName']};;;",
                 f"FN:{fields['firstName']} {fields['lastName']}", f"ORG:{fields['companyName']}",
                 f"TITLE:{fields['jobTitle']}", f"EMAIL;TYPE=work:{fields['email']}"]
        if fields["phone"]:
            lines.append(f"TEL;TYPE=work,voice:{fields['phone']}")
        if fields["mobilePhone"]:
            lines.append(f"TEL;TYPE=cell:{fields['mobilePhone']}")
        lines += [f"URL:https://{fields['website']}",
                  f"ADR;TYPE=work:;;{address['line1']};{address['city']};;{address['postalCode']};{address['country']}",
                  "END:VCARD"]
        return "\r\n".join(lines)
    parts = [f"N:{fields['lastName']},{fields['firstName']}", f"ORG:{fields['companyName']}",
             f"TITLE:{fields['jobTitle']}", f"EMAIL:{fields['email']}", f"URL:https://{fields['website']}"]
    for number in (fields["phone"], fields["mobilePhone"]):
        if number:
            parts.append(f"TEL:{number}")
    parts.append(f"ADR:,,{address['line1']},{address['city']},,{address['postalCode']},{address['country']}")
    return "MECARD:" + ";".join(parts) + ";;"


def font(kind, size, rng_choice):
    return ImageFont.truetype(str(FONT_DIR / FONTS[kind][rng_choice]), size)


def draw_card(rng, index, out_dir):
    language, fields, name_lines, company, address_lines, contact_lines = card(rng, index)
    width, height = 1050, 600
    paper = rng.choice([(255, 255, 255), (250, 248, 240), (245, 247, 250)])
    ink = rng.choice([(20, 20, 20), (25, 35, 70), (40, 40, 40)])
    accent = rng.choice([(150, 20, 30), (20, 80, 140), (30, 100, 60), ink])
    image = Image.new("RGB", (width, height), paper)
    pen = ImageDraw.Draw(image)
    face = rng.randrange(len(FONTS["regular"]))
    big, title_font, body = font("bold", 46, face), font("regular", 30, face), font("regular", 28, face)
    company_font = font("bold", 36, face)
    layout = index % 4
    with_qr = index % 4 == 1 or index % 7 == 3
    right_limit = width - (320 if with_qr else 40)

    def fitted(line, typeface, room):
        """The typeface, smaller until `line` fits in `room` pixels: a printer never lets text overlap."""
        while pen.textlength(line, font=typeface) > room and typeface.size > 14:
            typeface = typeface.font_variant(size=typeface.size - 1)
        return typeface

    def column(x, y, lines, typeface, colour, gap=8, room=None):
        for line in lines:
            pen.text((x, y), line, font=fitted(line, typeface, (room or right_limit - x)), fill=colour)
            y += typeface.size + gap
        return y

    if layout == 0:  # name first, everything left-aligned
        y = column(60, 50, [name_lines[0]], big, ink)
        y = column(60, y, [name_lines[1]], title_font, accent)
        y = column(60, y + 30, [company], company_font, ink)
        column(60, y + 10, address_lines + contact_lines, body, ink, gap=4)
    elif layout == 1:  # company on top, contact details at the bottom
        y = column(60, 40, [company], company_font, accent)
        y = column(60, y + 30, [name_lines[0]], big, ink)
        y = column(60, y, [name_lines[1]], title_font, ink)
        column(60, y + 25, contact_lines + address_lines, body, ink, gap=4)
    elif layout == 2:  # two columns: the person on the left, how to reach them on the right
        column(50, 60, [name_lines[0]], big, ink)
        column(50, 125, [name_lines[1]], title_font, accent)
        small = font("regular", 24, face)
        split = 50 + max(pen.textlength(line, font=small) for line in [company] + address_lines) + 40
        if split + max(pen.textlength(line, font=small) for line in contact_lines) <= right_limit:
            column(50, 250, [company] + address_lines, small, ink, gap=6)
            column(split, 250, contact_lines, small, ink, gap=8)
        else:  # too wide for two columns: the contact details go under the address
            column(50, 200, [company] + address_lines + contact_lines, font("regular", 22, face), ink, gap=3)
    else:  # centred
        lines = [(name_lines[0], big, ink), (name_lines[1], title_font, accent), (company, company_font, ink)] + \
                [(line, body, ink) for line in address_lines + contact_lines]
        y = 30
        for line, typeface, colour in lines:
            shown = fitted(line, typeface, right_limit - 40)
            pen.text(((right_limit + 40 - pen.textlength(line, font=shown)) / 2, y), line, font=shown, fill=colour)
            y += typeface.size + (14 if typeface is not body else 4)
    if with_qr:
        # Half the codes in UTF-8 (what phones write), half in the standard's ISO 8859-1.
        code = segno.make(qr_payload(fields, rng), error="l", encoding=rng.choice(["utf-8", None]))
        path = out_dir / f"qr-{index:02d}.png"
        # At least 4 pixels a module, as a printed code photographed from a hand's length.
        code.save(str(path), scale=max(4, 280 // code.symbol_size(border=2)[0]), border=2)
        mark = Image.open(path).convert("RGB")
        image.paste(mark, (width - mark.size[0] - 20, height - mark.size[1] - 20))
        path.unlink()
    # A photo of the card on a table: a margin, a slight rotation, blur, JPEG.
    table = Image.new("RGB", (width + 160, height + 160), rng.choice([(120, 120, 125), (90, 80, 70), (170, 170, 160)]))
    table.paste(image, (80, 80))
    angle = rng.uniform(-5, 5)
    photo = table.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=table.getpixel((0, 0)))
    photo = photo.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.3)))
    if index % 10 == 9:
        name = f"card-{index:02d}.png"
        photo.save(out_dir / name)
    else:
        name = f"card-{index:02d}.jpg"
        photo.save(out_dir / name, quality=rng.randint(60, 90))
    return {"file": name, "language": language, "qr": with_qr, "layout": layout, "angle": round(angle, 2), "fields": fields}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    cards = [draw_card(rng, index, out) for index in range(args.count)]
    (out / "cards.json").write_text(json.dumps(cards, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"card-samples: {len(cards)} cards in {out}")


if __name__ == "__main__":
    main()
