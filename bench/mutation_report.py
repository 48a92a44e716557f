"""The score of the last ``mutmut run`` and its survivors, the known-equivalent ones set apart.

Run by ``make mutate`` after ``mutmut run``; reads ``mutmut results`` and
``bench/mutation-equivalents.md`` (each equivalent mutant named there in backticks, with why).
Exits 1 when a survivor is neither killed nor listed as equivalent, or the score is below the bar.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "bench" / "mutation-equivalents.md"
BAR = 90.0
DETECTED = {"killed", "timeout", "caught by type check", "segfault", "suspicious"}
"""Outcomes where the tests noticed the mutant (a timeout or crash is the tests failing too)."""


def results() -> dict[str, str]:
    """Every mutant's name and outcome, as ``mutmut results --all true`` prints them."""
    mutmut = Path(sys.executable).parent / "mutmut"
    done = subprocess.run(
        [str(mutmut), "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    found = {}
    for line in done.stdout.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name:
            found[name] = status
    return found


def listed_equivalents() -> set[str]:
    if not EQUIVALENTS.exists():
        return set()
    return set(re.findall(r"`(llmkit\.[^`]+__mutmut_\d+)`", EQUIVALENTS.read_text(encoding="utf-8")))


def by_module(outcomes: dict[str, str]) -> dict[str, list[str]]:
    """Mutant names by the module they change (``llmkit._sse.xǁSSEDecoderǁfeed__mutmut_3`` -> ``llmkit._sse``)."""
    modules: dict[str, list[str]] = {}
    for name in outcomes:
        found = re.match(r"(.+?)\.x[_ǁ]", name)
        modules.setdefault(found.group(1) if found else name.rsplit(".", 1)[0], []).append(name)
    return modules


def main() -> int:
    outcomes = results()
    if not outcomes:
        print("no mutation results: run `make mutate` (mutmut run) first")
        return 1
    counts = Counter(outcomes.values())
    equivalents = listed_equivalents()
    unchecked = sum(status == "not checked" for status in outcomes.values())
    considered = {name: status for name, status in outcomes.items() if status not in ("skipped", "not checked")}
    if not considered:
        print(f"no mutant checked yet ({unchecked} to do): run `make mutate` (mutmut run) first")
        return 1
    detected = sum(status in DETECTED for status in considered.values())
    survivors = sorted(name for name, status in considered.items() if status not in DETECTED)
    unexplained = [name for name in survivors if name not in equivalents]
    stale = sorted(name for name in equivalents if outcomes.get(name) in DETECTED)
    score = 100 * detected / len(considered)
    adjusted = 100 * detected / max(len(considered) - (len(survivors) - len(unexplained)), 1)

    print("mutants:", ", ".join(f"{status} {n}" for status, n in counts.most_common()))
    print(f"score: {score:.1f}% detected ({detected}/{len(considered)})")
    for module, names in sorted(by_module(considered).items()):
        found = sum(considered[name] in DETECTED for name in names)
        listed = sum(name in equivalents for name in names if considered[name] not in DETECTED)
        print(f"  {module}: {100 * found / len(names):.1f}% ({found}/{len(names)}, {listed} listed as equivalent)")
    print(f"score without the {len(survivors) - len(unexplained)} listed equivalents: {adjusted:.1f}%")
    if stale:
        print(f"listed as equivalent but now killed (remove from {EQUIVALENTS.name}):", *stale, sep="\n  ")
    if unexplained:
        print(f"{len(unexplained)} survivors neither killed nor listed as equivalent (mutmut show NAME):")
        for name in unexplained:
            print(f"  {name}: {outcomes[name]}")
    if unchecked:
        print(f"{unchecked} mutants not checked: the run was partial (a selection, or stopped), so is this score")
    return 0 if score >= BAR and not unexplained and not unchecked else 1


if __name__ == "__main__":
    sys.exit(main())
