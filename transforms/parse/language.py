"""Language of a page (py3langid on a short sample) and per-language function words.

py3langid costs about 0.3 µs per character, so it reads one sample of `SAMPLE_CHARS` from the
longest paragraphs, not the whole page. The function-word lists are our own short lists of the
commonest words per language; the generic extractor uses their density to tell prose from
navigation.
"""

from __future__ import annotations

import py3langid

SAMPLE_CHARS = 240

_WORDS = {
    "en": "the of and to a in is that for it on with as was he be by at are this from have not "
    "but his they an or which you she her we their been has were had will would there its "
    "said who more about after than when into also can our one all",
    "de": "der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch "
    "es an er so dass sie nach wird bei einer um am sind noch wie einem über einen zum zur "
    "hat wir haben ich oder aber vor durch wurde werden",
    "fr": "le la les de des et à en un une du que qui dans pour est pas au sur par il elle ne se "
    "ce plus avec son sa ses sont a été aux leur cette nous vous mais ou comme",
    "es": "el la los las de del y en que a un una por con para es se no su al lo como más pero "
    "sus le ha fue son este esta entre cuando también sobre muy ya",
    "it": "il la le di del della e che in un una per con non è si da al alla dei delle gli lo "
    "sono come ma più anche questo questa nel nella ha ad",
    "pt": "o a os as de do da dos das e que em um uma para com não é se por no na ao mais como "
    "mas foi são seu sua ele ela também pelo pela",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er om ook als bij door maar "
    "naar dan of nog wordt werd hij zij",
    "pl": "i w na z się że do nie to jest o jak po a od za przez co ale są dla jego tak był było "
    "jej już oraz może tym które który która",
    "fi": "ja on ei se että oli hän ovat ole mutta kun niin myös jos tai kuin sen joka mitä "
    "vain nyt ollut olla tämä",
    "hu": "a az és hogy nem is egy van meg de ez azt mint csak már volt még el ki be fel kell "
    "vagy így ha lesz",
    "no": "og i på det er som en til av for med at har ikke den de var et om seg men fra vil "
    "kan skal også sin",
    "sv": "och i att det som en på är av för med till den har inte om ett var de men från sig "
    "kan också",
    "da": "og i at det er en på til som af for med den har ikke de var et om sig men fra vil kan",
    "ru": "и в не на что с по как это он я к а из но о за так все от его для же она был было "
    "уже только их при также",
    "uk": "і в на що з не у до як та це за від по але для його які був було вже також ще",
    "cs": "a v se na je že s z do o to jako by pro ale jsou byl bylo také podle",
    "ro": "și în de la a cu pe că nu se din o un este pentru mai care sau au",
    "tr": "ve bir bu da de için ile olarak daha çok gibi ama en o ne var",
}
STOPWORDS: dict[str, frozenset[str]] = {k: frozenset(v.split()) for k, v in _WORDS.items()}
ALL_STOPWORDS: frozenset[str] = frozenset().union(*STOPWORDS.values())


def detect_language(paragraphs: list[str], fallback: str | None = None) -> str | None:
    """ISO 639-1 code of the text, read from a sample of its longest paragraphs."""
    if not paragraphs:
        return fallback
    ranked = sorted(paragraphs, key=len, reverse=True)[:3]
    sample = " ".join(ranked)[:SAMPLE_CHARS]
    if len(sample) < 20:
        return fallback
    code, _score = py3langid.classify(sample)
    return code


def load_model() -> None:
    """Load py3langid's model now rather than at the first page (~75 MB, 0.4 s): a process
    that forks workers loads it once and they share its pages (flows/preload.py)."""
    py3langid.classify("warm up")


def stopword_ratio(words: list[str], lang: str | None) -> float:
    """Share of `words` that are function words of `lang` (all known languages if None)."""
    if not words:
        return 0.0
    vocab = STOPWORDS.get(lang or "", ALL_STOPWORDS)
    return sum(1 for w in words if w.lower() in vocab) / len(words)
