"""Parser speed per message on the seed menu and on a generated 1,000-item menu.

``python -m nlu bench`` runs it (or ``python -m benchmarks.nlu_parse`` from the checkout).

Beside it, in the same process, a baseline: one rapidfuzz ``process.extractOne`` over the
item names per message. Machines are noisy, so the ratio matters more than the microseconds.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from rapidfuzz import process

from nlu import Menu, Parser, load_menu, parse_menu

__all__ = ["MESSAGES", "generated_menu", "run_bench", "time_per_message"]

# Typical customer messages, short and long (what one parse costs in real use).
MESSAGES = (
    "oi", "boa noite", "cardápio", "quero 2 feijoadas e uma coca lata",
    "me vê uma coca", "desce 2 pf aí", "tira a coca", "o que eu pedi?", "pode fechar",
    "sim", "não", "cadê meu pedido", "vcs abrem domingo?", "qual a taxa pro centro?",
    "2 feijoadas, 1 sem farofa", "quero 4 feijoadas. não, melhor 3",
    "boa tarde! quero 1 strogonoff de frango, 1 marmitex grande sem feijão, 2 sucos de "
    "laranja e um pudim pfv", "troco pra 100", "2", "quero o 3 e o 5", "fejoada e lazanha",
    "uma marmita média e uma coca 2 litros", "na verdade são 3 cocas", "falar com atendente",
)

_BASES = (
    "pizza", "hamburguer", "pastel", "esfiha", "tapioca", "crepe", "wrap", "panqueca",
    "lasanha", "risoto", "omelete", "salada", "sopa", "torta", "quiche", "sanduiche",
    "espetinho", "porcao", "acai", "suco", "vitamina", "milkshake", "sorvete", "bolo",
)
_FLAVOURS = (
    "calabresa", "frango", "carne", "queijo", "presunto", "palmito", "atum", "bacon",
    "chocolate", "morango", "banana", "cogumelo", "catupiry", "milho", "brocolis",
    "costela", "picanha", "linguica", "camarao", "bacalhau", "abacaxi", "coco",
    "doce de leite", "nutella", "goiabada", "tomate seco", "rucula", "mussarela",
    "lombo", "peito de peru", "carne seca", "quatro queijos", "portuguesa", "marguerita",
)
_SIZES = ("pequena", "media", "grande", "familia")


def generated_menu(size: int = 1000) -> Menu:
    """A synthetic menu of ``size`` items: dish × flavour × size, with near-duplicates."""
    items: list[dict[str, object]] = []
    for base in _BASES:
        for flavour in _FLAVOURS:
            for size_word in _SIZES:
                if len(items) == size:
                    break
                name = f"{base} de {flavour} {size_word}"
                items.append({
                    "id": "_".join(name.replace(" de ", " ").split()),
                    "name": name.title(), "category": base, "price": 20.0 + len(items) % 40,
                })
    return parse_menu({"restaurant": {"name": "Gerado"}, "items": items})


def time_per_message(
    funcs: tuple[Callable[[str], object], ...], messages: tuple[str, ...], rounds: int
) -> list[list[float]]:
    """Seconds per call of each function on each message, over ``rounds`` passes.

    The functions take turns pass by pass, so a busy moment on a shared machine slows
    them alike and their ratio stays fair, while each pass keeps its own caches warm.
    """
    times: list[list[float]] = [[] for _ in funcs]
    for _ in range(rounds):
        for func, spent in zip(funcs, times, strict=True):
            for text in messages:
                start = time.perf_counter_ns()
                func(text)
                spent.append((time.perf_counter_ns() - start) / 1e9)
    return times


def _summary(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered), p99


def _bench_menu(label: str, menu: Menu, rounds: int) -> None:
    start = time.perf_counter()
    parser = Parser(menu)
    build = time.perf_counter() - start
    names = [item.name.lower() for item in menu.items]

    def baseline(text: str) -> object:
        return process.extractOne(text.lower(), names)

    messages = MESSAGES
    for text in messages:  # warm the caches as a long-running service would have them
        parser.parse(text)
    ours_times, base_times = time_per_message((parser.parse, baseline), messages, rounds)
    ours, base = _summary(ours_times), _summary(base_times)
    print(f"{label}: {len(menu.items)} itens, índice construído em {build * 1e3:.1f} ms")
    print(f"  parser:   mediana {ours[0] * 1e6:8.1f} µs   p99 {ours[1] * 1e6:8.1f} µs")
    print(f"  baseline: mediana {base[0] * 1e6:8.1f} µs   p99 {base[1] * 1e6:8.1f} µs"
          "   (rapidfuzz extractOne sobre os nomes)")
    print(f"  razão parser/baseline (mediana): {ours[0] / base[0]:.2f}")


def run_bench(menu_path: str, rounds: int = 20) -> int:
    """Print the timings for the seed menu and a generated 1,000-item menu."""
    _bench_menu("cardápio", load_menu(menu_path), rounds)
    _bench_menu("cardápio gerado", generated_menu(1000), rounds)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(run_bench("data/menu_seed.json"))
