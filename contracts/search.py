"""Contracts layer: catalog search shared by the server and the phone — pure Python, no deps."""

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from contracts.catalog import Agency, PublicService

# how much a match in each part of a service counts
NAME_WEIGHT: Final = 4.0
KEYWORD_WEIGHT: Final = 3.0
AGENCY_WEIGHT: Final = 2.0
SUMMARY_WEIGHT: Final = 1.0
# how good each kind of token match is
EXACT: Final = 1.0
PREFIX: Final = 0.8
TYPO: Final = 0.6
PHRASE_BONUS: Final = 2.0  # the whole query appears as written in a name
_CACHE_SIZE: Final = 4


def normalize(text: str) -> str:
    """Case-folded, accents stripped, punctuation turned into spaces, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    chars = [ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)]
    return " ".join("".join(chars).split())


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def max_typos(token: str) -> int:
    """Edits tolerated for a query token: none under 4 characters, 1 up to 7, then 2."""
    if len(token) < 4:
        return 0
    return 1 if len(token) <= 7 else 2


def within_distance(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment (Damerau) distance of a and b is at most `limit`."""
    if abs(len(a) - len(b)) > limit:
        return False
    if limit == 0:
        return a == b
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def token_match(query: str, word: str) -> float:
    """How well one query token matches one word of a service (0 = not at all)."""
    if query == word:
        return EXACT
    if len(query) >= 2 and word.startswith(query):
        return PREFIX
    limit = max_typos(query)
    if limit and within_distance(query, word, limit):
        return TYPO
    if len(query) >= 5 and len(word) > len(query) and within_distance(query, word[: len(query)], 1):
        return TYPO * PREFIX  # a typo in what is still being typed
    return 0.0


@dataclass
class SearchIndex:
    """Every word of the services with where it occurs; build once, search per keystroke."""

    services: list[PublicService]
    words: dict[str, dict[int, float]] = field(default_factory=dict)  # word → {service: weight}
    names: list[str] = field(default_factory=list)  # normalized names, for the phrase bonus
    order: list[int] = field(default_factory=list)  # stable order: agency, then name

    def add(self, index: int, text: str, weight: float) -> None:
        for word in tokens(text):
            places = self.words.setdefault(word, {})
            places[index] = max(places.get(index, 0.0), weight)


def _agency_texts(agency: Agency | None) -> list[str]:
    if agency is None:
        return []
    return [agency.short_name, agency.name.id, agency.name.en]


def build_index(
    services: Sequence[PublicService], agencies: Mapping[str, Agency] | None = None
) -> SearchIndex:
    index = SearchIndex(services=list(services))
    for i, service in enumerate(index.services):
        index.add(i, f"{service.name.id} {service.name.en}", NAME_WEIGHT)
        for keyword in service.keywords:
            index.add(i, keyword, KEYWORD_WEIGHT)
            index.add(i, normalize(keyword).replace(" ", ""), KEYWORD_WEIGHT)  # e-KTP → ektp
        index.add(i, service.agency, AGENCY_WEIGHT)
        for text in _agency_texts((agencies or {}).get(service.agency)):
            index.add(i, text, AGENCY_WEIGHT)
        index.add(i, f"{service.summary.id} {service.summary.en}", SUMMARY_WEIGHT)
        index.names.append(normalize(f"{service.name.id} | {service.name.en}"))
    index.order = sorted(
        range(len(index.services)),
        key=lambda i: (index.services[i].agency, normalize(index.services[i].name.id)),
    )
    return index


def _token_scores(index: SearchIndex, query: str) -> dict[int, float]:
    """Best score of one query token in each service it matches."""
    scores: dict[int, float] = {}
    for word, places in index.words.items():
        quality = token_match(query, word)
        if not quality:
            continue
        for i, weight in places.items():
            scores[i] = max(scores.get(i, 0.0), quality * weight)
    return scores


def search_index(index: SearchIndex, query: str) -> list[PublicService]:
    """Services matching every query token, best first; an empty query gives them all."""
    words = tokens(query)
    if not words:
        return [index.services[i] for i in index.order]
    total = _token_scores(index, words[0])
    for word in list(dict.fromkeys(words))[1:]:
        scores = _token_scores(index, word)
        total = {i: score + scores[i] for i, score in total.items() if i in scores}
    if not total:
        return []
    phrase = " ".join(words)
    for i in total:
        if phrase in index.names[i]:
            total[i] += PHRASE_BONUS
    rank = {i: n for n, i in enumerate(index.order)}
    return [index.services[i] for i in sorted(total, key=lambda i: (-total[i], rank[i]))]


# (key, index, the agencies keyed by id): entries hold the objects, so their ids stay valid
_cache: list[tuple[tuple[int, ...], SearchIndex, tuple[Agency, ...]]] = []


def _cache_key(
    services: Sequence[PublicService], agencies: Mapping[str, Agency] | None
) -> tuple[int, ...]:
    agency_ids = [id(a) for a in (agencies or {}).values()]
    return (*map(id, services), -1, *agency_ids)


def cached_index(
    services: Sequence[PublicService], agencies: Mapping[str, Agency] | None = None
) -> SearchIndex:
    """The index of these very objects, built once (the cache holds them, so ids stay valid)."""
    key = _cache_key(services, agencies)
    for cached_key, index, _ in _cache:
        if cached_key == key:
            return index
    index = build_index(services, agencies)
    _cache.insert(0, (key, index, tuple((agencies or {}).values())))
    del _cache[_CACHE_SIZE:]
    return index


def search_services(
    services: Sequence[PublicService],
    query: str,
    agencies: Mapping[str, Agency] | None = None,
) -> list[PublicService]:
    """Rank services for a search box query (Indonesian or English; case, accents and small
    typos tolerated; every query word must match a name, summary, keyword or agency)."""
    return search_index(cached_index(services, agencies), query)
