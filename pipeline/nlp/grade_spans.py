"""GRADE spans: a grade cue ("predikat", "kategori") followed by a grade of some scale ("Sangat Baik (A-)").

The composer's grade part: it reads the composer's token table and base-span index (tokens.py) and
the grade letters and labels of every award scale in rules/awards.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.nlp.rows import Row
from pipeline.nlp.tokens import SpanIndex, Tokens, compose_words
from pipeline.rules import Rules, per_rules


@dataclass(frozen=True)
class _GradeVocab:
    """Letters and label phrases (lowercased) of every award scale in the rules."""

    letters: frozenset[str]
    labels: frozenset[str]
    initials: frozenset[str]  # first characters of the labels: most words start no label


@per_rules
def _grade_vocab(rules: Rules) -> _GradeVocab:
    """The grade vocabulary of these rules (built once per Rules object)."""
    letters: set[str] = set()
    labels: set[str] = set()
    for fam in rules.awards.values():
        for g in fam.grades:
            if g.letter:
                letters.add(g.letter.upper().rstrip("-+"))
            for name in [g.label or "", *g.aliases]:
                base = name.split("(")[0].strip().lower()
                if base:
                    labels.add(base)
    vocab = _GradeVocab(frozenset(letters), frozenset(labels), frozenset(label[0] for label in labels))
    return vocab


def _label_end(tk: Tokens, j: int, vocab: _GradeVocab, limit: int = 6) -> int:
    """End of the longest grade label ("Sangat Baik") written from token j, or j when none is."""
    if tk.lower[j][:1] not in vocab.initials:
        return j  # a first letter is lowercased alike alone or in a phrase
    texts = [tk.text[j]]  # the texts of tokens j..j+n, as span_text gives them
    for k in range(j + 1, min(j + limit, tk.n)):
        texts.append(texts[-1] + (" " if tk.ws[k - 1] else "") + tk.text[k])
    for n in range(len(texts), 0, -1):
        if texts[n - 1].lower() in vocab.labels:
            return j + n
    return j


def _grade_expr_end(tk: Tokens, i: int, rules: Rules) -> int:
    """End of a grade expression at i: a letter ("A-", "BB"), a scale label, then "(...)"."""
    vocab = _grade_vocab(rules)
    text = tk.text
    while i < tk.n and text[i] in {"“", "\"", "‘", "'", "«"}:
        i += 1  # Predikat “BB”
    j = i
    if j < tk.n and text[j].upper() in vocab.letters and (tk.upper[j] or len(text[j]) <= 2):
        j += 1
        if j < tk.n and text[j] in {"-", "+"} and not tk.ws[j - 1]:
            j += 1
        elif j < tk.n and tk.lower[j] == "plus":
            j += 1
    elif j < tk.n and _letter_at_full_stop(tk, j, vocab):
        return j + 1  # "… katagori C." : the tokenizer keeps the sentence's full stop on a lone capital
    elif j < tk.n:
        j = _label_end(tk, j, vocab)
    if j == i:
        return i
    while j < tk.n and text[j] in {"”", "\"", "’", "'", "»"}:
        j += 1
    if j < tk.n and text[j] == "(":
        k = j + 1
        while k < tk.n and k - j <= 7 and text[k] != ")" and text[k] not in {".", ","}:
            k += 1
        if k < tk.n and text[k] == ")":
            j = k + 1
    return j


def _letter_at_full_stop(tk: Tokens, j: int, vocab: _GradeVocab) -> bool:
    """A grade letter with the sentence's full stop on it ("C."), where the text ends or a sentence starts."""
    word = tk.text[j]
    return len(word) == 2 and word[1] == "." and word[0] in vocab.letters \
        and (j + 1 == tk.n or tk.text[j + 1][:1].isupper() or tk.text[j + 1][:1] in {"\n", "“", "\""})


def _follow_on_grades(tk: Tokens, i: int, rules: Rules, kb: str) -> list[Row]:
    """Grades that share the first one's cue: "predikat A untuk X dan Y, serta A- untuk Z"."""
    out = []
    sent_end = next((k for k in range(i, tk.n) if tk.text[k] in {".", "!", "?"}), tk.n)
    joiners = compose_words(rules).grade_joiners  # ",", ";", "dan", "serta"
    k = i
    while k < sent_end:
        if tk.text[k] in joiners:
            j = k
            while j < sent_end and tk.text[j] in joiners:
                j += 1
            end = _grade_expr_end(tk, j, rules)
            if end > j and end < sent_end and tk.lower[end] in rules.words.get("for_words", ()):
                out.append(Row("GRADE", j, end, kb))
                k = end
                continue
        k += 1
    return out


def grade_spans(tk: Tokens, idx: SpanIndex, rules: Rules) -> list[Row]:
    """A GRADE span from each grade cue followed by a grade ("Predikat Sangat Baik (A-)")."""
    out = []
    words = compose_words(rules)
    for s in idx.by_label.get("GRADE_CUE", ()):
        i = s.end
        if i < tk.n and tk.lower[i] in words.grade_lead:
            i += 1
        if i < tk.n and tk.lower[i] in words.grade_repeat:  # "opini kategori A"
            i += 1
        end = _grade_expr_end(tk, i, rules)
        if end > i:
            out.append(Row("GRADE", s.start, end, s.id))
            out += _follow_on_grades(tk, end, rules, s.id)
        elif i < tk.n and tk.like_num[i] and ("," in tk.text[i] or "." in tk.text[i]):
            out.append(Row("SCORE", s.start, i + 1, s.id))
    return out
