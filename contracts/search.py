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
MEMO_SIZE: Final = 256


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


def _common_prefix(a: str, b: str) -> int:
    n, i = min(len(a), len(b)), 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _edits_within(a: str, b: str, limit: int, prefix: bool) -> bool:
    """At the first difference try substitution, deletion, insertion and transposition
    (optimal string alignment), each with one edit less; `prefix`: any prefix of b will do."""
    i = _common_prefix(a, b)
    a, b = a[i:], b[i:]
    if not a:
        return prefix or len(b) <= limit
    if not b:
        return len(a) <= limit
    if limit == 0:
        return False
    k = limit - 1
    return (
        _edits_within(a[1:], b[1:], k, prefix)
        or _edits_within(a[1:], b, k, prefix)
        or _edits_within(a, b[1:], k, prefix)
        or (
            len(a) > 1
            and len(b) > 1
            and a[0] == b[1]
            and a[1] == b[0]
            and _edits_within(a[2:], b[2:], k, prefix)
        )
    )


def within_distance(a: str, b: str, limit: int) -> bool:
    """Optimal-string-alignment (Damerau) distance of a and b is at most `limit`."""
    if abs(len(a) - len(b)) > limit:
        return False
    return _edits_within(a, b, limit, prefix=False)


def within_prefix_distance(a: str, b: str, limit: int) -> bool:
    """Some prefix of b is within `limit` edits of a (a typo in a word still being typed)."""
    return _edits_within(a, b, limit, prefix=True)


def letter_mask(text: str) -> int:
    """A bit per letter present (a filter: bits may collide, never miss)."""
    mask = 0
    for ch in text:
        mask |= 1 << (ord(ch) & 63)
    return mask


def prefix_masks(word: str) -> list[int]:
    """masks[i] = letter_mask(word[:i])."""
    masks = [0]
    for ch in word:
        masks.append(masks[-1] | 1 << (ord(ch) & 63))
    return masks


def _misses(query_mask: int, word_mask: int) -> int:
    """Letters of the query absent from the word: each edit adds at most one."""
    return bin(query_mask & ~word_mask).count("1")


def token_match(query: str, word: str, last: bool = False) -> float:
    """How well one query token matches one word of a service (0 = not at all); `last`: the
    word still being typed, where even one letter is a prefix."""
    return _Matcher(query, last).quality(word, prefix_masks(word))


class _Matcher:
    """One query token, with what its checks need computed once."""

    def __init__(self, query: str, last: bool) -> None:
        self.query, self.size, self.limit = query, len(query), max_typos(query)
        self.mask = letter_mask(query)
        self.min_prefix = 1 if last else 2

    def quality(self, word: str, masks: list[int]) -> float:
        query, size, limit = self.query, self.size, self.limit
        if query == word:
            return EXACT
        if size >= self.min_prefix and word.startswith(query):
            return PREFIX
        if not limit:
            return 0.0
        if (
            abs(len(word) - size) <= limit
            and _misses(self.mask, masks[-1]) <= limit
            and within_distance(query, word, limit)
        ):
            return TYPO
        if (
            size >= 5
            and len(word) > size
            and _misses(self.mask, masks[min(len(word), size + 1)]) <= 1
            and within_prefix_distance(query, word, 1)
        ):
            return TYPO * PREFIX  # a typo in what is still being typed
        return 0.0


@dataclass
class SearchIndex:
    """Every word of the services with where it occurs; build once, search per keystroke."""

    services: list[PublicService]
    words: dict[str, dict[int, float]] = field(default_factory=dict)  # word → {service: weight}
    names: list[str] = field(default_factory=list)  # normalized names, for the phrase bonus
    order: list[int] = field(default_factory=list)  # stable order: agency, then name
    masks: dict[str, list[int]] = field(default_factory=dict)  # word → its prefix masks
    memo: dict[str, dict[int, float]] = field(default_factory=dict)  # query token → scores

    def add(self, index: int, text: str, weight: float) -> None:
        for word in tokens(text):
            places = self.words.setdefault(word, {})
            places[index] = max(places.get(index, 0.0), weight)
            if word not in self.masks:
                self.masks[word] = prefix_masks(word)


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


def _token_scores(index: SearchIndex, query: str, last: bool) -> dict[int, float]:
    """Best score of one query token in each service it matches (remembered: while typing,
    the words before the last one repeat on every keystroke)."""
    key = f"{query}{'…' if last else ''}"
    known = index.memo.get(key)
    if known is not None:
        return known
    matcher = _Matcher(query, last)
    scores: dict[int, float] = {}
    masks = index.masks
    for word, places in index.words.items():
        quality = matcher.quality(word, masks[word])
        if not quality:
            continue
        for i, weight in places.items():
            scores[i] = max(scores.get(i, 0.0), quality * weight)
    if len(index.memo) >= MEMO_SIZE:
        index.memo.pop(next(iter(index.memo)))
    index.memo[key] = scores
    return scores


def search_index(index: SearchIndex, query: str) -> list[PublicService]:
    """Services matching every query token, best first; an empty query gives them all."""
    words = tokens(query)
    if not words:
        return [index.services[i] for i in index.order]
    unique = list(dict.fromkeys(words))
    typing = not query[-1].isspace()  # the last word may be unfinished
    total = _token_scores(index, unique[0], typing and len(unique) == 1)
    for n, word in enumerate(unique[1:], start=2):
        scores = _token_scores(index, word, typing and n == len(unique))
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
