"""Search, filters and sorts over a catalog, fast enough for every keystroke at 10 000 models.

Everything a keystroke needs is computed once per catalog: a lowercase search text per row and
one plain list per numeric column. A filter is then a few list comprehensions over row numbers,
and a sort reuses an order computed once per column and direction, so the Qt model only asks for
row numbers and never copies or re-reads the records. A search can walk the rows already in a
sort order (the table's), so a keystroke never sorts, and recent results are kept, so deleting
a character finds the rows it had before.

Filters look at the model as a whole, over its live offers: "tools" means some live provider
supports tools, "context ≥ N" means the best live context reaches N, "max price" means the
cheapest known live output price is at most X. An unknown figure never passes a filter.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from hftray.core.catalog_model import CatalogModel
from hftray.core.refs import RefError, parse_ref

RECENT_RESULTS = 32  # searches kept per index: a typed-then-deleted query is found again


class SortColumn(StrEnum):
    """The sortable columns of the Models page."""

    NAME = "name"
    OWNER = "owner"
    PROVIDERS = "providers"
    CONTEXT = "context"
    INPUT_PRICE = "input_price"
    OUTPUT_PRICE = "output_price"
    THROUGHPUT = "throughput"
    LATENCY = "latency"


Order = tuple[SortColumn, bool]  # a column and whether it is descending


@dataclass(frozen=True, slots=True)
class Filters:
    """What the filter bar asks for; the defaults let every model through."""

    provider: str | None = None
    live_only: bool = False
    tools: bool = False
    structured_output: bool = False
    image_input: bool = False
    min_context: int | None = None
    max_output_price: float | None = None


def aliases_by_model(aliases: Mapping[str, str]) -> dict[str, list[str]]:
    """Group CoderClaw's `full ref -> alias` map by model id, so a row can show its aliases."""
    grouped: dict[str, list[str]] = {}
    for full, alias in aliases.items():
        try:
            model_id = parse_ref(full).model_id
        except RefError:
            continue
        grouped.setdefault(model_id, []).append(alias)
    return grouped


class CatalogIndex:
    """Precomputed search keys and columns for one list of models (rows are list positions)."""

    def __init__(
        self, models: Sequence[CatalogModel], aliases: Mapping[str, str] | None = None
    ) -> None:
        self.models = models
        self.aliases = aliases_by_model(aliases or {})
        self._search: list[str] = []
        self._live_providers: list[frozenset[str]] = []
        self._tools: list[bool] = []
        self._structured: list[bool] = []
        self._images: list[bool] = []
        self._has_live: list[bool] = []
        # Unknown figures as values no filter limit can pass, so a filter is one comparison.
        self._context_or_zero: list[float] = []
        self._output_price_or_inf: list[float] = []
        self._columns: dict[SortColumn, list[str | float | None]] = {c: [] for c in SortColumn}
        self._orders: dict[tuple[SortColumn, bool], list[int]] = {}
        self._filter_cache: tuple[Filters, list[int], bytearray] | None = None
        self._bases: dict[Order | None, list[int]] = {}  # the filtered rows, per order
        self._recent: OrderedDict[tuple[Filters, Order | None, frozenset[str]], list[int]] = (
            OrderedDict()
        )
        for model in models:
            self._add(model)

    def _add(self, model: CatalogModel) -> None:
        figures = model.figures()
        live = frozenset(figures.live_providers)
        words = [model.id, model.display_name, model.owner]
        words.extend(offer.provider for offer in model.offers)
        words.extend(self.aliases.get(model.id, ()))
        self._search.append("\n".join(words).casefold())
        self._live_providers.append(live)
        self._tools.append(figures.supports_tools)
        self._structured.append(figures.supports_structured_output)
        self._images.append(model.accepts_images)
        self._has_live.append(bool(live))
        context, price = figures.best_context, figures.cheapest_output_price
        self._context_or_zero.append(float(context) if context else 0.0)
        self._output_price_or_inf.append(price if price is not None else math.inf)
        self._columns[SortColumn.NAME].append(model.display_name.casefold())
        self._columns[SortColumn.OWNER].append(model.owner.casefold())
        self._columns[SortColumn.PROVIDERS].append(float(len(live)))
        self._columns[SortColumn.CONTEXT].append(float(context) if context else None)
        self._columns[SortColumn.INPUT_PRICE].append(figures.cheapest_input_price)
        self._columns[SortColumn.OUTPUT_PRICE].append(price)
        self._columns[SortColumn.THROUGHPUT].append(figures.fastest_throughput)
        self._columns[SortColumn.LATENCY].append(figures.lowest_latency)

    def __len__(self) -> int:
        return len(self.models)

    def value(self, row: int, column: SortColumn) -> str | float | None:
        """The figure a column sorts on (names casefolded); None when unknown."""
        return self._columns[column][row]

    def search(self, query: str, rows: Iterable[int] | None = None) -> list[int]:
        """Rows whose id, name, owner, provider or alias contain every word of `query`.

        Pass the previous result as `rows` when the user only typed more characters: the
        new matches are a subset of the old ones.
        """
        found = list(range(len(self._search)) if rows is None else rows)
        return self._search_words(frozenset(query.casefold().split()), found)

    def filter(
        self, query: str = "", filters: Filters | None = None, order: Order | None = None
    ) -> list[int]:
        """Rows matching the search text and every active filter, in catalog order or `order`.

        With `order` (a column and a direction) the result comes in that order at no extra cost:
        the search walks the filtered rows presorted once per order. Recent results are kept and
        a query that only adds characters searches a previous result, so typing and deleting
        stay cheap.
        """
        filters = filters or Filters()
        words = frozenset(query.casefold().split())
        recent = self._recent
        key = (filters, order, words)
        found = recent.get(key)
        if found is None:
            rows = self._base(filters, order)
            for (old_filters, old_order, old_words), old in recent.items():
                if (
                    old_filters == filters
                    and old_order == order
                    and len(old) < len(rows)
                    and _narrows(old_words, words)
                ):
                    rows = old
            found = self._search_words(words, rows)
            recent[key] = found
            if len(recent) > RECENT_RESULTS:
                recent.popitem(last=False)
        else:
            recent.move_to_end(key)
        return list(found)

    def matching(
        self, rows: Iterable[int], query: str = "", filters: Filters | None = None
    ) -> list[int]:
        """Those of `rows` that `filter` would return: cheap for a few rows of a large index."""
        passing = self._filtered(filters or Filters())[1]
        return self._search_words(
            frozenset(query.casefold().split()), [row for row in rows if passing[row]]
        )

    def _search_words(self, words: frozenset[str], rows: list[int]) -> list[int]:
        keys = self._search
        # The longest word first: it usually leaves the fewest rows for the next one.
        for word in sorted(words, key=len, reverse=True):
            rows = [row for row in rows if word in keys[row]]
        return rows

    def _base(self, filters: Filters, order: Order | None) -> list[int]:
        """The rows passing `filters` (cached until they change), in catalog order or `order`."""
        rows, _passing = self._filtered(filters)
        base = self._bases.get(order)
        if base is None:
            base = rows if order is None else self.sort(rows, *order)
            self._bases[order] = base
        return base

    def _filtered(self, filters: Filters) -> tuple[list[int], bytearray]:
        cached = self._filter_cache
        if cached is not None and cached[0] == filters:
            return cached[1], cached[2]
        self._bases.clear()
        rows = list(range(len(self.models)))
        if filters.live_only:
            has_live = self._has_live
            rows = [row for row in rows if has_live[row]]
        if filters.provider:
            wanted, providers = filters.provider, self._live_providers
            rows = [row for row in rows if wanted in providers[row]]
        if filters.tools:
            tools = self._tools
            rows = [row for row in rows if tools[row]]
        if filters.structured_output:
            structured = self._structured
            rows = [row for row in rows if structured[row]]
        if filters.image_input:
            images = self._images
            rows = [row for row in rows if images[row]]
        if filters.min_context is not None:
            context, least = self._context_or_zero, filters.min_context
            rows = [row for row in rows if context[row] >= least]
        if filters.max_output_price is not None:
            price, most = self._output_price_or_inf, filters.max_output_price
            rows = [row for row in rows if price[row] <= most]
        passing = bytearray(len(self.models))
        for row in rows:
            passing[row] = 1
        self._filter_cache = (filters, rows, passing)
        return rows, passing

    def sort(self, rows: Iterable[int], column: SortColumn, descending: bool = False) -> list[int]:
        """`rows` ordered by `column`; unknown figures go last in both directions.

        Ties keep name order. The full order per column and direction is computed once, so
        sorting a filtered view is a single pass.
        """
        wanted = bytearray(len(self.models))
        for row in rows:
            wanted[row] = 1
        return [row for row in self._order(column, descending) if wanted[row]]

    def _order(self, column: SortColumn, descending: bool) -> list[int]:
        key = (column, descending)
        if key not in self._orders:
            values = self._columns[column]
            by_name = self._orders.get((SortColumn.NAME, False))
            if by_name is None:
                names = self._columns[SortColumn.NAME]
                by_name = sorted(range(len(names)), key=lambda row: (names[row], row))
                self._orders[(SortColumn.NAME, False)] = by_name
            known = [row for row in by_name if values[row] is not None]
            unknown = [row for row in by_name if values[row] is None]
            # Python's sort is stable also with reverse=True, so ties stay in name order.
            known.sort(key=values.__getitem__, reverse=descending)  # type: ignore[arg-type]
            self._orders[key] = known + unknown
        return self._orders[key]


def _narrows(old_words: frozenset[str], new_words: frozenset[str]) -> bool:
    """True when every match of the new words also matches the old (each old word is inside
    a new one)."""
    return all(any(word in longer for longer in new_words) for word in old_words)
