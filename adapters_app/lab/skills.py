"""Synthetic skills the tiny text model learns: each has a generator, a fixed held-out set and
exact-match scoring. An example is a prompt ``"<key>:<input>="`` and its answer.

The base model is pre-trained on the ``PRETRAINING`` mix; adapters are then fitted to one skill at a
time, including skills the base never saw (``add`` and ``caesar``), so an adapter has something to
learn. Held-out inputs never appear in training.
"""

import random
import string
from dataclasses import dataclass
from collections.abc import Callable

from .common import InvalidParameters

LETTERS = string.ascii_lowercase
NUMBER_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
    "de": ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn"],
    "fr": ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"],
    "es": ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"],
}
POSITIVE = ["fast", "clear", "stable", "cheap", "robust", "great", "accurate", "smooth", "tidy", "lean"]
NEGATIVE = ["slow", "vague", "flaky", "costly", "fragile", "awful", "wrong", "noisy", "messy", "bloated"]
HELD_OUT_SEED = 10_007
HELD_OUT_SIZE = 200


@dataclass(frozen=True)
class Skill:
    key: str
    label: str
    make_input: Callable[[random.Random], str]
    answer: Callable[[str], str]
    #: Held out from training; small where the skill has few distinct inputs (132 number-word pairs).
    held_out_size: int = HELD_OUT_SIZE

    def example(self, rng):
        text = self.make_input(rng)
        return f"{self.key}:{text}=", self.answer(text)

    def held_out(self, size=None):
        """A fixed evaluation set: the same examples for every run, never trained on."""
        size = min(size or self.held_out_size, self.held_out_size)
        rng = random.Random(f"{HELD_OUT_SEED}-{self.key}")
        examples, seen = [], set()
        for _ in range(size * 20):
            prompt, answer = self.example(rng)
            if prompt not in seen:
                seen.add(prompt)
                examples.append((prompt, answer))
            if len(examples) == size:
                break
        return examples

    def training_examples(self, seed):
        """An endless stream of training examples, excluding the held-out prompts."""
        held_out = {prompt for prompt, _answer in self.held_out(self.held_out_size)}
        rng = random.Random(f"{seed}-{self.key}")
        while True:
            prompt, answer = self.example(rng)
            if prompt not in held_out:
                yield prompt, answer


def word(rng, low=3, high=6):
    return "".join(rng.choice(LETTERS) for _ in range(rng.randint(low, high)))


def caesar(text, shift=3):
    return "".join(LETTERS[(LETTERS.index(c) + shift) % 26] for c in text)


def number_words_input(rng):
    source, target = rng.sample(sorted(NUMBER_WORDS), 2)
    return f"{NUMBER_WORDS[source][rng.randint(0, 10)]}>{target}"


def translate_number(text):
    word_, target = text.split(">")
    for words in NUMBER_WORDS.values():
        if word_ in words:
            return NUMBER_WORDS[target][words.index(word_)]
    raise ValueError(word_)


def phrase(rng):
    """Three words, two or three of one polarity: the majority decides."""
    majority, minority = (POSITIVE, NEGATIVE) if rng.random() < 0.5 else (NEGATIVE, POSITIVE)
    words = rng.sample(majority, 2) + [rng.choice(majority if rng.random() < 0.3 else minority)]
    rng.shuffle(words)
    return " ".join(words)


def sentiment(text):
    score = sum(1 if w in POSITIVE else -1 for w in text.split())
    return "pos" if score > 0 else "neg"


SKILLS = {
    skill.key: skill
    for skill in (
        Skill("rev", "Reverse a string", word, lambda text: text[::-1]),
        Skill("sort", "Sort characters", word, lambda text: "".join(sorted(text))),
        Skill("add", "Add two numbers", lambda rng: f"{rng.randint(0, 99)}+{rng.randint(0, 99)}",
              lambda text: str(sum(int(part) for part in text.split("+")))),
        Skill("caesar", "Caesar shift by three", word, caesar),
        Skill("num", "Number words between languages", number_words_input, translate_number, held_out_size=40),
        Skill("sent", "Sentiment of a short phrase", phrase, sentiment),
    )
}
# What the base model is pre-trained on; add and caesar are left for adapters to learn.
PRETRAINING = ("rev", "sort", "num", "sent")
ALPHABET = sorted(set(LETTERS + string.digits + ":=+>, " + "".join(
    "".join(words) for words in NUMBER_WORDS.values())))


def skill(key):
    if key not in SKILLS:
        raise InvalidParameters(f"Unknown skill “{key}”: choose one of {', '.join(SKILLS)}.")
    return SKILLS[key]


def exact_match(predictions, answers):
    """The share of predictions equal to their answer, after trimming whitespace."""
    pairs = list(zip(predictions, answers, strict=True))
    return sum(prediction.strip() == answer for prediction, answer in pairs) / len(pairs) if pairs else 0.0
