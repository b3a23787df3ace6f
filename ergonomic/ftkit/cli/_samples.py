"""The demo's sample data: a small, valid training and validation file for each method.

Twenty-two questions with a short answer and a sarcastic one (the "Marv" chatbot of
OpenAI's fine-tuning guide): supervised data teaches the sarcastic answer, DPO data
prefers it to a flat non-answer, reinforcement data carries the short answer for a
string-check grader to compare against.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: (question, short answer, Marv's answer)
FACTS: tuple[tuple[str, str, str], ...] = (
    ("What is the capital of France?", "Paris", "Paris, as if everyone didn't know that already."),
    ("Who wrote 'Romeo and Juliet'?", "Shakespeare", "Some guy named William Shakespeare. Ever heard of him?"),
    ("How many continents are there?", "7", "Seven. Counting is hard, I understand."),
    ("What is the largest planet in our solar system?", "Jupiter", "Jupiter. It's big. Like, really big."),
    ("Who painted the Mona Lisa?", "Leonardo da Vinci", "Leonardo da Vinci, between inventing everything else."),
    ("What is the chemical symbol for gold?", "Au", "Au. Because 'Go' was taken, obviously."),
    ("How many legs does a spider have?", "8", "Eight. Unless it's a very unlucky spider."),
    ("What is the fastest land animal?", "cheetah", "The cheetah. It would have finished this answer already."),
    ("What language is spoken in Brazil?", "Portuguese", "Portuguese. Not Spanish, please stop."),
    ("What is the boiling point of water at sea level in Celsius?", "100", "100 degrees. Shocking, I know."),
    ("Who was the first person to walk on the Moon?", "Neil Armstrong", "Neil Armstrong, 1969. Small step, big deal."),
    ("What is the square root of 81?", "9", "Nine. Your calculator must be so proud of you."),
    ("What is the tallest mountain on Earth?", "Everest", "Mount Everest. Slightly taller than your ambitions."),
    ("How many days are in a leap year?", "366", "366. One extra day to ask me questions. Lucky me."),
    ("What gas do plants absorb from the air?", "carbon dioxide", "Carbon dioxide. They clean up after you."),
    ("What is the longest river in Africa?", "Nile", "The Nile. Not to be confused with denial."),
    ("Who developed the theory of relativity?", "Albert Einstein", "Albert Einstein. Relatively famous guy."),
    ("What is H2O?", "water", "Water. The stuff you should drink more of instead of asking me."),
    ("What is the smallest prime number?", "2", "Two. The only even prime, before you ask."),
    ("How many minutes are in an hour?", "60", "Sixty. Time flies when you ask obvious questions."),
    ("What is the freezing point of water in Fahrenheit?", "32", "32 degrees. Someone had to be different."),
    ("Which planet is known as the Red Planet?", "Mars", "Mars. The name was a bit of a giveaway."),
)
#: Examples in the training file; the rest go to the validation file. The API asks for at
#: least 10 training examples; 12 at 3 epochs gives 36 steps, a short but visible curve.
TRAINING_EXAMPLES = 12

SYSTEM = "Marv is a factual chatbot that is also sarcastic."
RFT_INSTRUCTIONS = "Answer with the answer only: a word, a name or a number."
NON_ANSWER = "I'm not sure. You could look it up."

#: The reinforcement demo's grader: the model's output must contain the reference answer
#: (case-insensitive).
GRADER: dict[str, Any] = {
    "type": "string_check",
    "name": "answer_matches",
    "input": "{{sample.output_text}}",
    "reference": "{{item.answer}}",
    "operation": "ilike",
}

#: The base model each method's demo uses on a real server: reinforcement fine-tuning
#: needs a reasoning model.
DEFAULT_MODELS = {
    "supervised": "gpt-4o-mini-2024-07-18",
    "dpo": "gpt-4o-mini-2024-07-18",
    "reinforcement": "o4-mini-2025-04-16",
}


def example(method: str, question: str, short: str, marv: str) -> dict[str, Any]:
    """One example of ``method``'s format.

    >>> example("supervised", "Q?", "A", "A, obviously.")["messages"][-1]
    {'role': 'assistant', 'content': 'A, obviously.'}
    """
    if method == "supervised":
        return {
            "messages": [
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": question},
                {"role": "assistant", "content": marv},
            ]
        }
    if method == "dpo":
        return {
            "input": {"messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}]},
            "preferred_output": [{"role": "assistant", "content": marv}],
            "non_preferred_output": [{"role": "assistant", "content": NON_ANSWER}],
        }
    if method == "reinforcement":
        return {
            "messages": [
                {"role": "developer", "content": RFT_INSTRUCTIONS},
                {"role": "user", "content": question},
            ],
            "answer": short,
        }
    raise ValueError(f"no sample data for method {method!r}")


@dataclass(frozen=True)
class SampleFiles:
    """Where the sample data was written, and the grader (reinforcement only)."""

    training: Path
    validation: Path
    training_examples: int
    validation_examples: int
    grader: dict[str, Any] | None
    grader_path: Path | None


def write_samples(method: str, directory: Path) -> SampleFiles:
    """Write ``train.jsonl`` and ``valid.jsonl`` (and ``grader.json`` for reinforcement) of
    ``method``'s format into ``directory``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_samples("dpo", Path(tmp))
    ...     files.training.name, files.training_examples, files.validation_examples
    ('train.jsonl', 12, 10)
    """
    directory.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(example(method, *fact)) + "\n" for fact in FACTS]
    training = directory / "train.jsonl"
    validation = directory / "valid.jsonl"
    training.write_text("".join(lines[:TRAINING_EXAMPLES]), encoding="utf-8")
    validation.write_text("".join(lines[TRAINING_EXAMPLES:]), encoding="utf-8")
    grader = grader_path = None
    if method == "reinforcement":
        grader = dict(GRADER)
        grader_path = directory / "grader.json"
        grader_path.write_text(json.dumps(grader, indent=2) + "\n", encoding="utf-8")
    return SampleFiles(training, validation, TRAINING_EXAMPLES, len(lines) - TRAINING_EXAMPLES, grader, grader_path)


# -- evaluation data: a larger family of questions, split into training and held-out lines ------

#: (country, capital), (element, symbol), (animal, legs): facts the evaluation data asks about.
_CAPITALS: tuple[tuple[str, str], ...] = (
    ("France", "Paris"), ("Spain", "Madrid"), ("Italy", "Rome"), ("Germany", "Berlin"), ("Portugal", "Lisbon"),
    ("Japan", "Tokyo"), ("Canada", "Ottawa"), ("Egypt", "Cairo"), ("Kenya", "Nairobi"), ("Peru", "Lima"),
    ("Norway", "Oslo"), ("Greece", "Athens"), ("Austria", "Vienna"), ("Poland", "Warsaw"), ("Ireland", "Dublin"),
    ("Cuba", "Havana"), ("Chile", "Santiago"), ("Sweden", "Stockholm"), ("Finland", "Helsinki"),
    ("Hungary", "Budapest"),
)  # fmt: skip
_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("gold", "Au"), ("silver", "Ag"), ("iron", "Fe"), ("copper", "Cu"), ("sodium", "Na"), ("potassium", "K"),
    ("lead", "Pb"), ("tin", "Sn"), ("mercury", "Hg"), ("helium", "He"), ("oxygen", "O"), ("carbon", "C"),
    ("neon", "Ne"), ("zinc", "Zn"), ("calcium", "Ca"),
)  # fmt: skip
_LEGS: tuple[tuple[str, int], ...] = (
    ("spider", 8), ("ant", 6), ("dog", 4), ("bird", 2), ("beetle", 6), ("cat", 4), ("scorpion", 8), ("horse", 4),
    ("duck", 2), ("tick", 8),
)  # fmt: skip
#: Training lines of each family (the rest are held out): 30 in all.
_TRAINING_PER_FAMILY = {"capital": 6, "symbol": 5, "legs": 3, "plus": 8, "times": 8}
#: The evaluation's grader: how close the answer is to the reference answer (Marv's).
EVAL_GRADER: dict[str, Any] = {
    "type": "text_similarity",
    "name": "close_to_reference",
    "input": "{{sample.output_text}}",
    "reference": "{{item.reference}}",
    "evaluation_metric": "fuzzy_match",
}


def _families() -> dict[str, list[tuple[str, str]]]:
    """Each family's (question, Marv's answer), in a fixed order."""
    arithmetic = [(a, b) for a in range(2, 13) for b in (3, 5, 7, 9)]
    return {
        "capital": [(f"What is the capital of {c}?", f"{k}, as if everyone didn't know that already.")
                    for c, k in _CAPITALS],
        "symbol": [(f"What is the chemical symbol for {e}?", f"{s}. Because guessing was taken, obviously.")
                   for e, s in _SYMBOLS],
        "legs": [(f"How many legs does a {a} have?", f"{n}. Unless it's a very unlucky {a}.") for a, n in _LEGS],
        "plus": [(f"What is {a} plus {b}?", f"{a + b}. Counting is hard, I understand.") for a, b in arithmetic[:30]],
        "times": [(f"What is {a} times {b}?", f"{a * b}. Your calculator must be so proud of you.")
                  for a, b in arithmetic[14:44]],
    }  # fmt: skip


@dataclass(frozen=True)
class EvalSampleFiles:
    """Where the evaluation samples were written: a supervised training file, held-out
    examples of the same distribution, and a grader comparing an answer with the reference."""

    training: Path
    held_out: Path
    grader: Path
    training_examples: int
    held_out_examples: int


def write_eval_samples(directory: Path, held_out: int = 50) -> EvalSampleFiles:
    """Write ``train.jsonl`` (30 supervised lines of Marv's answers), ``heldout.jsonl``
    (``held_out`` lines, at most 75, from the same families of questions: capitals, chemical
    symbols, legs, sums, products) and ``grader.json`` (a ``fuzzy_match`` of the answer against
    the reference) into ``directory``. A fine-tune of ``train.jsonl`` on the emulator answers a
    held-out question like the nearest training question, which is close to its reference; a
    base model answers generically, which is not.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_eval_samples(Path(tmp))
    ...     files.training_examples, files.held_out_examples
    (30, 50)
    """
    directory.mkdir(parents=True, exist_ok=True)
    training: list[str] = []
    rest: list[list[str]] = []
    for family, pairs in _families().items():
        lines = [json.dumps(example("supervised", question, "", marv)) + "\n" for question, marv in pairs]
        kept = _TRAINING_PER_FAMILY[family]
        training += lines[:kept]
        rest.append(lines[kept:])
    # Held-out lines taken from each family in turn, so any number of them mixes the families.
    mixed = [line for group in itertools.zip_longest(*rest) for line in group if line is not None]
    chosen = mixed[:held_out]
    paths = directory / "train.jsonl", directory / "heldout.jsonl", directory / "grader.json"
    paths[0].write_text("".join(training), encoding="utf-8")
    paths[1].write_text("".join(chosen), encoding="utf-8")
    paths[2].write_text(json.dumps(EVAL_GRADER, indent=2) + "\n", encoding="utf-8")
    return EvalSampleFiles(*paths, len(training), len(chosen))
