"""Write the labelled corpus of the reference district: train.yaml and heldout.yaml.

Every request is composed from the hand-written material beside this script (phrases.yaml:
statements of each item's problem; fillers.yaml: how residents open, introduce themselves, say
how long it has lasted, what they want and how they close, the slot values, typos and
content-free messages). The whole corpus is made once from a fixed seed and split once, per
label, into training and held-out requests; the split is what the two files say, and nothing
re-splits it. Run from the repository root:

    uv run python deploy/district/yuelu/corpus/generate.py
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
DISTRICT_FILE = HERE.parent.parent / "yuelu.yaml"
SEED = 12345
PER_ITEM = 22
CONTENT_FREE = 110
HELD_OUT_SHARE = 0.25
MANUAL = "other"
_SLOT = re.compile(r"\{(\w+)\}")


class Composer:
    def __init__(self, rng: random.Random, phrases: dict[str, list[str]], fill: dict[str, Any]):
        self.rng = rng
        self.phrases = phrases
        self.fill = fill

    def pick(self, key: str) -> str:
        return str(self.rng.choice(self.fill[key]))

    def slots(self, text: str) -> str:
        def value(match: re.Match[str]) -> str:
            name = match.group(1)
            if name == "n":
                return str(self.rng.randint(1, 30))
            if name == "n4":
                return f"{self.rng.randint(0, 9999):04d}"
            return str(self.rng.choice(self.fill["slots"][name]))

        return _SLOT.sub(value, text)

    def problem(self, item: str) -> str:
        count = self.rng.choices([1, 2, 3], weights=[6, 3, 1])[0]
        chosen = self.rng.sample(self.phrases[item], min(count, len(self.phrases[item])))
        text = chosen[0]
        for more in chosen[1:]:
            text += self.pick("joiners") + more
        return text

    def request(self, item: str, kinds: list[str]) -> str:
        rng = self.rng
        if rng.random() < 0.12:  # the bare statement, as typed in a hurry
            return self.noise(self.slots(rng.choice(self.phrases[item])))
        parts: list[str] = []
        if rng.random() < 0.55:
            parts.append(self.pick("openers"))
        if rng.random() < 0.35:
            parts.append(self.pick("intros"))
        if rng.random() < 0.25:
            parts.append(self.pick("places"))
        body = self.problem(item)
        if rng.random() < 0.35:
            body += "，" + self.pick("durations")
        if rng.random() < 0.2:
            body += "，" + self.pick("emotions")
        parts.append(body + "。")
        if rng.random() < 0.08:  # a second matter, after the one the request is about
            other = rng.choice([code for code in self.phrases if code != item])
            parts.append(self.pick("second_issue") + rng.choice(self.phrases[other]) + "。")
        if kinds and rng.random() < 0.7:
            parts.append(rng.choice(self.fill["demands"][rng.choice(kinds)]) + "。")
        if rng.random() < 0.1:
            parts.append(self.pick("phones") + "。")
        if rng.random() < 0.4:
            parts.append(self.pick("closers"))
        return self.noise(self.slots("".join(parts)))

    def content_free(self) -> str:
        rng = self.rng
        text = self.pick("content_free")
        if rng.random() < 0.4:
            text = self.pick("openers") + text
        if rng.random() < 0.3:
            text += "，" + self.pick("closers")
        return self.noise(self.slots(text))

    def noise(self, text: str) -> str:
        """Typos, homophones, missing punctuation and spoken particles."""
        rng = self.rng
        original = text
        if rng.random() < 0.25:
            for wrong in rng.sample(sorted(self.fill["typos"]), 3):
                text = text.replace(wrong, self.fill["typos"][wrong], 1)
        roll = rng.random()
        if roll < 0.1:
            text = re.sub(r"[，。！？、：]", "", text)
        elif roll < 0.2:
            text = re.sub(r"[，。]", " ", text).strip()
        if rng.random() < 0.1:
            text = text.rstrip("。！ ") + self.pick("colloquial")
        return text if text.strip() else original  # "？？？" stays a message


def leaves() -> list[tuple[str, list[str]]]:
    document = yaml.safe_load(DISTRICT_FILE.read_text(encoding="utf-8"))
    return [
        (item["code"], list(item.get("kinds", [])))
        for domain in document["taxonomy"]
        for group in domain["categories"]
        for item in group["items"]
    ]


def compose() -> dict[str, list[str]]:
    """Label -> distinct requests; no text appears twice in the corpus."""
    phrases = yaml.safe_load((HERE / "phrases.yaml").read_text(encoding="utf-8"))
    fill = yaml.safe_load((HERE / "fillers.yaml").read_text(encoding="utf-8"))
    composer = Composer(random.Random(SEED), phrases, fill)
    seen: set[str] = set()
    corpus: dict[str, list[str]] = {}

    def collect(label: str, count: int, make: Any) -> None:
        texts: list[str] = []
        for _ in range(count * 20):
            if len(texts) == count:
                break
            text = make()
            if text not in seen:
                seen.add(text)
                texts.append(text)
        corpus[label] = texts

    for code, kinds in leaves():
        collect(code, PER_ITEM, lambda code=code, kinds=kinds: composer.request(code, kinds))
    collect(MANUAL, CONTENT_FREE, composer.content_free)
    return corpus


def split(corpus: dict[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    rng = random.Random(SEED + 1)
    train: dict[str, list[str]] = {}
    held_out: dict[str, list[str]] = {}
    for label, texts in corpus.items():
        order = list(texts)
        rng.shuffle(order)
        cut = round(len(order) * HELD_OUT_SHARE)
        held_out[label], train[label] = order[:cut], order[cut:]
    return train, held_out


def write(path: Path, what: str, data: dict[str, list[str]]) -> None:
    total = sum(len(texts) for texts in data.values())
    header = (
        f"# {what}: {total} requests, made by generate.py (seed {SEED}) and split once;\n"
        "# see README.md. Do not edit by hand and do not re-split.\n"
    )
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(header + body, encoding="utf-8")


def main() -> None:
    train, held_out = split(compose())
    write(HERE / "train.yaml", "training set", train)
    write(HERE / "heldout.yaml", "held-out set, never trained or tuned on", held_out)
    print(sum(map(len, train.values())), "training,", sum(map(len, held_out.values())), "held out")


if __name__ == "__main__":
    main()
