"""The benchmark's table, targets and growth ratio."""
from __future__ import annotations

import statistics

# Targets at --scale large (issue "Proof at scale"); milliseconds, median of warm runs.
PAGE_TARGETS = {
    ("manager", None): 300, ("manager", "pages/client.py"): 180, ("manager", "pages/funnel.py"): 150,
    ("head", None): 1000, ("director", None): 1000, ("admin", None): 1000,
    ("director", "pages/funnel.py"): 250,
    **{(role, page): 1500 for role in ("head", "director", "admin")
       for page in ("pages/forecast.py", "pages/abc.py", "pages/segments.py", "pages/product_sales.py")},
}


def target(role: str, page: str) -> int:
    return PAGE_TARGETS.get((role, page)) or PAGE_TARGETS.get((role, None), 1000)


def growth(results: dict) -> dict:
    """A manager's page time at large ÷ at small, per database kind."""
    out = {}
    for dialect in {key.split("/")[1] for key in results if "/" in key}:
        small, large = results.get(f"small/{dialect}"), results.get(f"large/{dialect}")
        if not small or not large:
            continue

        def manager_median(run):
            return statistics.median(p["median_ms"] for p in run["pages"] if p["role"] == "manager" and not p["error"])

        out[dialect] = round(manager_median(large) / manager_median(small), 2)
    return out


def print_report(run: dict, growth_ratios: dict) -> None:
    print(f"\n{run['scale']} on {run['dialect']}, {run['measured_at']}")
    print(f"\n{'page':<28}{'role':<10}{'cold ms':>9}{'median':>9}{'p95':>9}{'target':>9}  ")
    for p in run["pages"]:
        if p["error"]:
            print(f"{p['page']:<28}{p['role']:<10}  ERROR {p['error']}")
            continue
        goal = target(p["role"], p["page"])
        flag = "ok" if p["median_ms"] <= goal else "SLOW"
        print(f"{p['page']:<28}{p['role']:<10}{p['cold_ms']:>9.0f}{p['median_ms']:>9.0f}{p['p95_ms']:>9.0f}"
              f"{goal:>9}  {flag}")
    print(f"\n{'query (uncached)':<40}{'role':<10}{'median':>9}{'p95':>9}")
    for q in run["queries"]:
        print(f"{q['query']:<40}{q['role']:<10}{q['median_ms']:>9.1f}{q['p95_ms']:>9.1f}")
    print(f"\npeak memory: {run['peak_memory_mb']} MB (target 600)")
    for dialect, ratio in growth_ratios.items():
        print(f"growth ratio, manager pages large ÷ small on {dialect}: {ratio} (target 1.5)")
