"""Counting text the way readers read it.

Latin, Cyrillic, Arabic … text is counted in words; Chinese and Japanese text has no spaces, so it is
counted in characters. Reading speeds follow common estimates: ~230 words or ~500 CJK characters a
minute. The governance checks count "long enough to be a real article" with the same function.
"""

import math
import re

from django.utils.html import strip_tags

CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
WORDS_PER_MINUTE = 230
CJK_CHARACTERS_PER_MINUTE = 500


def contains_cjk(text):
    return bool(CJK_CHARACTER.search(text or ""))


def count_text(text):
    """Return ``(words, cjk_characters)`` in plain or HTML text."""
    plain = strip_tags(text or "")
    cjk = len(CJK_CHARACTER.findall(plain))
    words = len(WORD.findall(CJK_CHARACTER.sub(" ", plain)))
    return words, cjk


def text_length(text):
    """Length in "word units": words plus CJK characters counted at the reading-speed ratio."""
    words, cjk = count_text(text)
    return words + round(cjk * WORDS_PER_MINUTE / CJK_CHARACTERS_PER_MINUTE)


def reading_minutes(text):
    words, cjk = count_text(text)
    return max(1, math.ceil(words / WORDS_PER_MINUTE + cjk / CJK_CHARACTERS_PER_MINUTE))
