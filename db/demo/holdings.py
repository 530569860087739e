"""Holdings: a parent company with subsidiaries, some with subsidiaries of their own.

Built top-down from clients that are in no holding yet, so no cycle can arise.
"""
from __future__ import annotations

import random

from . import texts
from .context import Ctx


def build_holdings(ctx: Ctx, rng: random.Random, base: list[dict]) -> list[list[int]]:
    """Mark `parent`/`depth` (and names) in `base`; return each holding's member indexes,
    the parent first."""
    eligible = [b for b in base if not b["person"] and not b["unassigned"] and not b["archived"]]
    big = [b for b in eligible if b["segment"] in ("key", "large")]
    rng.shuffle(big)
    parents = big[:ctx.scale.holdings]
    if len(parents) < ctx.scale.holdings:
        rest = [b for b in eligible if b["segment"] not in ("key", "large")]
        parents += rng.sample(rest, ctx.scale.holdings - len(parents))
    taken = {p["i"] for p in parents}
    pool = [b for b in eligible if b["i"] not in taken]
    rng.shuffle(pool)
    holdings = []
    names: set[str] = set()  # every name given here, unique
    for h, parent in enumerate(parents):
        parent["segment"] = "key" if rng.random() < 0.5 else "large"
        parent["name"] = texts.unique(lambda: (rng.choice(texts.ROOTS) + rng.choice(texts.SUFFIXES)
                                               if rng.random() < 0.7 else rng.choice(texts.WORDS)),
                                      names, texts.AREAS)
        parent["form"] = rng.choice(["АО", "ПАО", "ООО"])
        members = [parent["i"]]
        count = rng.randint(2, 5) if h < 3 else rng.randint(1, 5)
        children = [pool.pop() for _ in range(min(count, len(pool)))]
        for child in children:
            _attach(rng, child, parent, 1, parent["name"], names)
            members.append(child["i"])
        if children and rng.random() < 0.3 and pool:
            middle = rng.choice(children)
            for _ in range(min(rng.randint(1, 2), len(pool))):
                grandchild = pool.pop()
                _attach(rng, grandchild, middle, 2, parent["name"], names)
                members.append(grandchild["i"])
        holdings.append(members)
    return holdings


def _attach(rng: random.Random, child: dict, parent: dict, depth: int, root: str, names: set[str]) -> None:
    child["parent"] = parent["i"]
    child["depth"] = depth
    child["form"] = "ООО"
    if rng.random() < 0.6:
        branch = "" if depth == 1 else "-" + rng.choice(["Сервис", "Логистик", "Монтаж", "Снаб"])
        name = f"{root}{branch} {child['city']}"
        if name not in names:  # else a name of its own (clients.py)
            child["name"] = name
            names.add(name)
    if child["segment"] == "small":
        child["segment"] = "medium"
