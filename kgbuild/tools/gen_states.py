"""Build-time generator of ``mappings/reference/states.ttl`` (reference data: the States).

Run from the repository root::

    python -m kgbuild.tools.gen_states            # rewrite mappings/reference/states.ttl
    python -m kgbuild.tools.gen_states --check    # exit 1 if the committed file is out of date

This is not part of the ``kgbuild`` runtime: nothing imports it, and its output is committed.
The data below was curated by hand; ``pycountry`` (LGPL-2.1, a build-time tool only, never a
runtime dependency: ``pip install pycountry``) supplies the ISO 3166-1 alpha-2 codes and the
ISO "official names", which become ``skos:altLabel`` unless listed in ``FORMAL_OVERRIDES``.

Sources of the curated data:

- the 193 Member States and the two observer States, with the short names the United Nations
  uses in its documents (UNTERM / M49 country names, as printed in UPR reports);
- ``upr:unRegionalGroup``: the ``To-Rgrp`` column of the UPR Info export
  (shared/corpus/upr-info/*.csv), abbreviations mapped by ``GROUP_NAMES``; the two observer
  States get none;
- alternative names: the ``To``/``From`` columns of that export and the titles of the
  Working Group reports in shared/corpus/wg-reports/ (former names such as "Swaziland",
  "Cape Verde", "The former Yugoslav Republic of Macedonia");
- Russian names (UN Russian short names) only for Kazakhstan and the States a Russian text
  about Kazakhstan is likely to name; hidden labels are Russian case forms;
- Wikidata items only where the Q-number is known for certain (see ``WIKIDATA``);
- the EU Publications Office country authority uses ISO 3166-1 alpha-3 codes for sovereign
  States, so every Member State gets ``skos:exactMatch`` to it (not the observer States: the
  Holy See / Vatican City State and Palestine entries there are not clearly the same thing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "mappings" / "reference" / "states.ttl"

GROUP_NAMES = {
    "Africa": "African States",
    "Asia": "Asia-Pacific States",
    "EEG": "Eastern European States",
    "GRULAC": "Latin American and Caribbean States",
    "WEOG": "Western European and other States",
}

# ISO3 | UN short name (rdfs:label@en) | UPR Info To-Rgrp | alternative English names (;-separated)
# Order: as the UN lists its Member States (alphabetical by short name); observers last.
STATES = """
AFG | Afghanistan | Asia |
ALB | Albania | EEG |
DZA | Algeria | Africa |
AND | Andorra | WEOG |
AGO | Angola | Africa |
ATG | Antigua and Barbuda | GRULAC | Antigua & Barbuda
ARG | Argentina | GRULAC |
ARM | Armenia | EEG |
AUS | Australia | WEOG | Commonwealth of Australia
AUT | Austria | WEOG |
AZE | Azerbaijan | EEG |
BHS | Bahamas | GRULAC |
BHR | Bahrain | Asia |
BGD | Bangladesh | Asia |
BRB | Barbados | GRULAC |
BLR | Belarus | EEG |
BEL | Belgium | WEOG |
BLZ | Belize | GRULAC |
BEN | Benin | Africa |
BTN | Bhutan | Asia |
BOL | Bolivia (Plurinational State of) | GRULAC | Bolivia
BIH | Bosnia and Herzegovina | EEG | Bosnia & Herzegovina
BWA | Botswana | Africa |
BRA | Brazil | GRULAC |
BRN | Brunei Darussalam | Asia | Brunei
BGR | Bulgaria | EEG |
BFA | Burkina Faso | Africa |
BDI | Burundi | Africa |
CPV | Cabo Verde | Africa | Cape Verde; Republic of Cape Verde
KHM | Cambodia | Asia |
CMR | Cameroon | Africa |
CAN | Canada | WEOG |
CAF | Central African Republic | Africa |
TCD | Chad | Africa |
CHL | Chile | GRULAC |
CHN | China | Asia |
COL | Colombia | GRULAC |
COM | Comoros | Africa |
COG | Congo | Africa | Republic of Congo
CRI | Costa Rica | GRULAC |
CIV | Côte d'Ivoire | Africa | Côte d’Ivoire; Cote d'Ivoire; Cote d’Ivoire; Republic of Côte d’Ivoire; Ivory Coast
HRV | Croatia | EEG |
CUB | Cuba | GRULAC |
CYP | Cyprus | Asia |
CZE | Czechia | EEG |
PRK | Democratic People's Republic of Korea | Asia | Democratic People’s Republic of Korea; DPR Korea; DPRK; North Korea
COD | Democratic Republic of the Congo | Africa | Democratic Republic of Congo; DR Congo; DRC
DNK | Denmark | WEOG |
DJI | Djibouti | Africa |
DMA | Dominica | GRULAC |
DOM | Dominican Republic | GRULAC |
ECU | Ecuador | GRULAC |
EGY | Egypt | Africa |
SLV | El Salvador | GRULAC |
GNQ | Equatorial Guinea | Africa |
ERI | Eritrea | Africa |
EST | Estonia | EEG |
SWZ | Eswatini | Africa | Swaziland; Kingdom of Swaziland
ETH | Ethiopia | Africa |
FJI | Fiji | Asia |
FIN | Finland | WEOG |
FRA | France | WEOG |
GAB | Gabon | Africa |
GMB | Gambia | Africa | The Gambia
GEO | Georgia | EEG |
DEU | Germany | WEOG |
GHA | Ghana | Africa |
GRC | Greece | WEOG |
GRD | Grenada | GRULAC |
GTM | Guatemala | GRULAC |
GIN | Guinea | Africa |
GNB | Guinea-Bissau | Africa | Guinea Bissau
GUY | Guyana | GRULAC |
HTI | Haiti | GRULAC |
HND | Honduras | GRULAC |
HUN | Hungary | EEG |
ISL | Iceland | WEOG |
IND | India | Asia |
IDN | Indonesia | Asia |
IRN | Iran (Islamic Republic of) | Asia | Iran
IRQ | Iraq | Asia |
IRL | Ireland | WEOG |
ISR | Israel | WEOG |
ITA | Italy | WEOG |
JAM | Jamaica | GRULAC |
JPN | Japan | Asia |
JOR | Jordan | Asia |
KAZ | Kazakhstan | Asia |
KEN | Kenya | Africa |
KIR | Kiribati | Asia |
KWT | Kuwait | Asia |
KGZ | Kyrgyzstan | Asia |
LAO | Lao People's Democratic Republic | Asia | Lao People’s Democratic Republic; Lao PDR; Laos
LVA | Latvia | EEG |
LBN | Lebanon | Asia |
LSO | Lesotho | Africa |
LBR | Liberia | Africa |
LBY | Libya | Africa | State of Libya; Libyan Arab Jamahiriya
LIE | Liechtenstein | WEOG |
LTU | Lithuania | EEG |
LUX | Luxembourg | WEOG |
MDG | Madagascar | Africa |
MWI | Malawi | Africa |
MYS | Malaysia | Asia |
MDV | Maldives | Asia |
MLI | Mali | Africa |
MLT | Malta | WEOG |
MHL | Marshall Islands | Asia |
MRT | Mauritania | Africa |
MUS | Mauritius | Africa |
MEX | Mexico | GRULAC |
FSM | Micronesia (Federated States of) | Asia | Micronesia
MCO | Monaco | WEOG |
MNG | Mongolia | Asia |
MNE | Montenegro | EEG |
MAR | Morocco | Africa |
MOZ | Mozambique | Africa |
MMR | Myanmar | Asia | Burma
NAM | Namibia | Africa |
NRU | Nauru | Asia |
NPL | Nepal | Asia |
NLD | Netherlands (Kingdom of the) | WEOG | Netherlands
NZL | New Zealand | WEOG |
NIC | Nicaragua | GRULAC |
NER | Niger | Africa |
NGA | Nigeria | Africa |
MKD | North Macedonia | EEG | The former Yugoslav Republic of Macedonia; the former Yugoslav Republic of Macedonia; Former Yugoslav Republic of Macedonia; Macedonia FYR; Macedonia
NOR | Norway | WEOG |
OMN | Oman | Asia |
PAK | Pakistan | Asia |
PLW | Palau | Asia |
PAN | Panama | GRULAC |
PNG | Papua New Guinea | Asia |
PRY | Paraguay | GRULAC |
PER | Peru | GRULAC |
PHL | Philippines | Asia |
POL | Poland | EEG |
PRT | Portugal | WEOG |
QAT | Qatar | Asia |
KOR | Republic of Korea | Asia | South Korea
MDA | Republic of Moldova | EEG | Moldova
ROU | Romania | EEG |
RUS | Russian Federation | EEG | Russia
RWA | Rwanda | Africa |
KNA | Saint Kitts and Nevis | GRULAC | St Kitts & Nevis; St Kitts and Nevis; St. Kitts and Nevis; Federation of Saint Kitts and Nevis
LCA | Saint Lucia | GRULAC | St Lucia; St. Lucia
VCT | Saint Vincent and the Grenadines | GRULAC | St Vincent & the Grenadines; St Vincent and the Grenadines; St. Vincent and the Grenadines
WSM | Samoa | Asia |
SMR | San Marino | WEOG |
STP | Sao Tome and Principe | Africa | São Tomé and Príncipe; Sao Tome & Principe
SAU | Saudi Arabia | Asia |
SEN | Senegal | Africa |
SRB | Serbia | EEG |
SYC | Seychelles | Africa |
SLE | Sierra Leone | Africa |
SGP | Singapore | Asia |
SVK | Slovakia | EEG |
SVN | Slovenia | EEG |
SLB | Solomon Islands | Asia |
SOM | Somalia | Africa |
ZAF | South Africa | Africa |
SSD | South Sudan | Africa |
ESP | Spain | WEOG |
LKA | Sri Lanka | Asia |
SDN | Sudan | Africa |
SUR | Suriname | GRULAC |
SWE | Sweden | WEOG |
CHE | Switzerland | WEOG |
SYR | Syrian Arab Republic | Asia | Syria
TJK | Tajikistan | Asia |
THA | Thailand | Asia |
TLS | Timor-Leste | Asia | East Timor
TGO | Togo | Africa |
TON | Tonga | Asia |
TTO | Trinidad and Tobago | GRULAC | Trinidad & Tobago
TUN | Tunisia | Africa |
TUR | Türkiye | WEOG | Turkey; Republic of Turkey
TKM | Turkmenistan | Asia |
TUV | Tuvalu | Asia |
UGA | Uganda | Africa |
UKR | Ukraine | EEG |
ARE | United Arab Emirates | Asia | UAE
GBR | United Kingdom of Great Britain and Northern Ireland | WEOG | United Kingdom; UK
TZA | United Republic of Tanzania | Africa | Tanzania
USA | United States of America | WEOG | United States; USA
URY | Uruguay | GRULAC | Oriental Republic of Uruguay
UZB | Uzbekistan | Asia |
VUT | Vanuatu | Asia |
VEN | Venezuela (Bolivarian Republic of) | GRULAC | Venezuela
VNM | Viet Nam | Asia | Vietnam
YEM | Yemen | Asia |
ZMB | Zambia | Africa |
ZWE | Zimbabwe | Africa |
VAT | Holy See | - |
PSE | State of Palestine | - | Palestine
"""

OBSERVERS = {"VAT", "PSE"}

# ISO official names that are not the State's current formal name, or that would mislead:
# None drops the ISO name; a string replaces it.
FORMAL_OVERRIDES: dict[str, str | None] = {
    "BIH": None,  # ISO "Republic of Bosnia and Herzegovina" is the pre-1995 name
    "ERI": "State of Eritrea",  # ISO writes "the State of Eritrea"
    "GUY": "Co-operative Republic of Guyana",
    "ISL": None,  # the State's name is "Iceland"; ISO "Republic of Iceland" is not used by the UN
    "MMR": "Republic of the Union of Myanmar",
    "PSE": None,  # ISO "the State of Palestine": the label already is "State of Palestine"
    "RWA": "Republic of Rwanda",  # ISO "Rwandese Republic" is the former form
    "VAT": None,
}

# Long names that ISO does not give.
EXTRA_FORMAL = {
    "KOR": [],  # "Republic of Korea" is the label
    "TUR": ["Republic of Türkiye"],
}

# Wikidata items, only where the Q-number is certain. The Netherlands and Denmark are left
# out on purpose: Wikidata separates the constituent country from the Kingdom (the Member State).
WIKIDATA = {
    "CAN": 16, "JPN": 17, "NOR": 20, "IRL": 27, "HUN": 28, "ESP": 29, "USA": 30, "BEL": 31,
    "LUX": 32, "FIN": 33, "SWE": 34, "POL": 36, "LTU": 37, "ITA": 38, "CHE": 39, "AUT": 40,
    "GRC": 41, "TUR": 43, "PRT": 45, "URY": 77, "EGY": 79, "MEX": 96, "FRA": 142, "GBR": 145,
    "CHN": 148, "BRA": 155, "RUS": 159, "DEU": 183, "BLR": 184, "ISL": 189, "EST": 191,
    "LVA": 211, "UKR": 212, "CZE": 213, "SVK": 214, "SVN": 215, "MDA": 217, "ROU": 218,
    "BGR": 219, "MKD": 221, "ALB": 222, "HRV": 224, "BIH": 225, "AZE": 227, "AND": 228,
    "CYP": 229, "GEO": 230, "KAZ": 232, "MLT": 233, "MCO": 235, "MNE": 236, "SMR": 238,
    "CUB": 241, "IDN": 252, "ZAF": 258, "UZB": 265, "CHL": 298, "LIE": 347, "ARM": 399,
    "SRB": 403, "AUS": 408, "ARG": 414, "PRK": 423, "NZL": 664, "IND": 668, "MNG": 711,
    "IRN": 794, "IRQ": 796, "ISR": 801, "KGZ": 813, "PAK": 843, "TJK": 863, "TKM": 874,
    "VNM": 881, "KOR": 884, "AFG": 889,
}

# Russian (UN Russian short name first = rdfs:label@ru; then skos:altLabel@ru), and the case
# forms a Russian text uses (skos:hiddenLabel@ru). UN Russian documents write е for ё; the ё
# spelling is kept as a hidden label where it is common.
RUSSIAN: dict[str, tuple[list[str], list[str]]] = {
    "KAZ": (
        ["Казахстан", "Республика Казахстан"],
        ["Казахстана", "Казахстану", "Казахстаном", "Казахстане",
         "Республики Казахстан", "Республике Казахстан", "Республикой Казахстан",
         "Республику Казахстан"],
    ),
    "RUS": (
        ["Российская Федерация", "Россия"],
        ["Российской Федерации", "Российскую Федерацию", "Российской Федерацией",
         "России", "Россию", "Россией"],
    ),
    "CHN": (
        ["Китай", "Китайская Народная Республика", "КНР"],
        ["Китая", "Китаю", "Китаем", "Китае", "Китайской Народной Республики",
         "Китайской Народной Республикой"],
    ),
    "KGZ": (
        ["Кыргызстан", "Кыргызская Республика", "Киргизия"],
        ["Кыргызстана", "Кыргызстану", "Кыргызстаном", "Кыргызстане",
         "Кыргызской Республики", "Кыргызской Республикой", "Киргизии"],
    ),
    "UZB": (
        ["Узбекистан", "Республика Узбекистан"],
        ["Узбекистана", "Узбекистану", "Узбекистаном", "Узбекистане", "Республики Узбекистан"],
    ),
    "TKM": (
        ["Туркменистан"],
        ["Туркменистана", "Туркменистану", "Туркменистаном", "Туркменистане"],
    ),
    "TJK": (
        ["Таджикистан", "Республика Таджикистан"],
        ["Таджикистана", "Таджикистану", "Таджикистаном", "Таджикистане",
         "Республики Таджикистан"],
    ),
    "AFG": (
        ["Афганистан"],
        ["Афганистана", "Афганистану", "Афганистаном", "Афганистане"],
    ),
    "USA": (
        ["Соединенные Штаты Америки", "США"],
        ["Соединённые Штаты Америки", "Соединенных Штатов Америки", "Соединенных Штатах Америки",
         "Соединенным Штатам Америки", "Соединенными Штатами Америки"],
    ),
    "GBR": (
        ["Соединенное Королевство Великобритании и Северной Ирландии",
         "Соединенное Королевство", "Великобритания"],
        ["Соединённое Королевство Великобритании и Северной Ирландии",
         "Соединенного Королевства Великобритании и Северной Ирландии",
         "Соединенном Королевстве Великобритании и Северной Ирландии",
         "Соединенного Королевства", "Великобритании", "Великобританией", "Великобританию"],
    ),
    "ISR": (["Израиль"], ["Израиля", "Израилю", "Израилем", "Израиле"]),
    "AZE": (["Азербайджан", "Азербайджанская Республика"], ["Азербайджана", "Азербайджане"]),
    "ARM": (["Армения", "Республика Армения"], ["Армении"]),
    "GEO": (["Грузия"], ["Грузии"]),
    "BLR": (["Беларусь", "Республика Беларусь"], ["Беларуси", "Республики Беларусь"]),
    "UKR": (["Украина"], ["Украины", "Украине", "Украиной"]),
    "MDA": (["Республика Молдова", "Молдова"], ["Республики Молдова"]),
    "MNG": (["Монголия"], ["Монголии"]),
    "TUR": (["Турция", "Турецкая Республика"], ["Турции"]),
    "DEU": (["Германия", "Федеративная Республика Германия"], ["Германии"]),
    "FRA": (["Франция", "Французская Республика"], ["Франции"]),
    "IND": (["Индия"], ["Индии"]),
    "JPN": (["Япония"], ["Японии"]),
    "IRN": (["Иран (Исламская Республика)", "Исламская Республика Иран", "Иран"], ["Ирана"]),
    "KOR": (["Республика Корея"], ["Республики Корея"]),
    "PRK": (["Корейская Народно-Демократическая Республика", "КНДР"], []),
}

# Misspellings and case variants seen in UPR documents (skos:hiddenLabel@en: a recogniser
# matches them, nobody displays them). The ISO 3166 inverted names ("Iran, Islamic Republic
# of") are added to these by render().
HIDDEN_EN = {
    "IRN": ["Iran (Islamic republic of)", "Islamic republic of Iran"],
    "TLS": ["Timor Leste"],
    "VEN": ["Venezuela (Bolivarian republic of)"],
    "LIE": ["Lichtenstein"],
    "PRK": ["Democratic Peoples’ Republic of Korea", "Democratic Peoples' Republic of Korea"],
}

# Names that identify the State only in documents about it ("РК" in Kazakh legal Russian).
LOCAL_LABELS = {"KAZ": [("РК", "ru")]}

PREAMBLE = """\
# States: the 193 Member States of the United Nations and the two observer States.
#
# GENERATED by kgbuild/tools/gen_states.py -- edit the generator, not this file, then run
#     python -m kgbuild.tools.gen_states
# ISO codes and names: pycountry {pycountry_version}
# (see mappings/reference/README.md for sources and label conventions).
#
# IRIs are relative to the data base (no @base: kgbuild parses this file with base = the
# data base, https://w3id.org/upr-kg/id/ by default).

@prefix upr: <https://w3id.org/upr-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def _literal(text: str, lang: str | None = "en") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _parse_table() -> list[tuple[str, str, str, list[str]]]:
    rows = []
    for line in STATES.strip().splitlines():
        iso3, label, group, alts = (part.strip() for part in line.split("|"))
        rows.append((iso3, label, group, [a.strip() for a in alts.split(";") if a.strip()]))
    return rows


def _iso_data(iso3: str) -> tuple[str, str | None, str | None]:
    """ISO 3166-1 alpha-2 code, ISO official name (after FORMAL_OVERRIDES) and the ISO short
    name when it is an inverted form with a comma ("Korea, Republic of"), of ``iso3``."""
    import pycountry  # build-time only

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise SystemExit(f"gen_states: {iso3} is not an ISO 3166-1 alpha-3 code")
    official = getattr(country, "official_name", None)
    if iso3 in FORMAL_OVERRIDES:
        official = FORMAL_OVERRIDES[iso3]
    inverted = country.name if "," in country.name else None
    return country.alpha_2, official, inverted


def pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def render() -> str:
    """The Turtle text of states.ttl."""
    out = [PREAMBLE.format(pycountry_version=pycountry_version())]
    for iso3, label, group, alts in _parse_table():
        iso2, official, inverted = _iso_data(iso3)
        names = [label]
        alt_en: list[str] = [v for v in (label.replace("'", "’"),) if v != label]
        for name in ([official] if official else []) + EXTRA_FORMAL.get(iso3, []) + alts:
            # UN documents print the typographic apostrophe, other sources the ASCII one.
            for variant in (name, name.replace("'", "’"), name.replace("’", "'")):
                if variant not in names and variant not in alt_en:
                    alt_en.append(variant)
        hidden_en = [h for h in ([inverted] if inverted else []) + HIDDEN_EN.get(iso3, [])
                     if h not in names and h not in alt_en]
        ru_names, ru_hidden = RUSSIAN.get(iso3, ([], []))
        lines = [f"<state/{iso3}> a upr:State ;", f"    rdfs:label {_literal(label)}"]
        if ru_names:
            lines[-1] += ", " + _literal(ru_names[0], "ru")
        lines[-1] += " ;"
        alt_literals = [_literal(a) for a in alt_en] + [_literal(a, "ru") for a in ru_names[1:]]
        if alt_literals:
            lines.append("    skos:altLabel " + ",\n        ".join(alt_literals) + " ;")
        hidden_literals = [_literal(h) for h in hidden_en] + [_literal(h, "ru") for h in ru_hidden]
        if hidden_literals:
            lines.append("    skos:hiddenLabel " + ",\n        ".join(hidden_literals) + " ;")
        for text, lang in LOCAL_LABELS.get(iso3, []):
            lines.append(f"    upr:localLabel {_literal(text, lang)} ;")
        lines.append(f'    upr:iso3 "{iso3}" ;')
        lines.append(f'    upr:iso2 "{iso2}" ;')
        member = iso3 not in OBSERVERS
        lines.append(f"    upr:unMember {'true' if member else 'false'} ;")
        if group != "-":
            lines.append(f'    upr:unRegionalGroup "{GROUP_NAMES[group]}" ;')
        matches = []
        if member:
            matches.append(f"<http://publications.europa.eu/resource/authority/country/{iso3}>")
        if iso3 in WIKIDATA:
            matches.append(f"<http://www.wikidata.org/entity/Q{WIKIDATA[iso3]}>")
        if matches:
            lines.append("    skos:exactMatch " + ", ".join(matches) + " ;")
        lines[-1] = lines[-1][:-2] + " ."
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate mappings/reference/states.ttl.")
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    parser.add_argument("--out", type=Path, default=OUTPUT, help=f"output file (default {OUTPUT})")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date: run python -m kgbuild.tools.gen_states", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(_parse_table())} States)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
