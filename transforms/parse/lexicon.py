"""Words and lines that mark site chrome, in the languages the pipeline meets (our own lists).

Three kinds: whole lines that are navigation or sharing widgets (`is_chrome_line`), lines that
open a section after the article (`is_end_marker`: related links, comments, sign-up boxes), and
phrases that give away a boilerplate sentence (`CHROME_PHRASE`: cookies, copyright, sign-up).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, wraps

from transforms.parse.alternation import phrase_union

_CHROME_LINES = """
share|share this|share on facebook|share on twitter|share on x|share via email|tweet|pin|
facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|email|e-mail|mail|print|
instagram|youtube|tiktok|flipboard|xing|copy link|copy|link kopieren|
menu|main menu|search|home|homepage|log in|login|sign in|sign up|register|subscribe|
my account|account|logout|log out|close|open|toggle navigation|navigation|skip to content|
skip to main content|skip to navigation|jump to content|back to top|top|next|previous|
prev|next post|previous post|next article|previous article|older posts|newer posts|
read more|continue reading|load more|show more|more|see more|view more|view all|all|
advertisement|advertisements|sponsored|sponsored content|ad|ads|anzeige|werbung|
publicité|publicidad|pubblicità|reklama|reclame|реклама|mainos|hirdetés|annonse|
like this:|like loading...|like|reply|report|follow|follow us|subscribe now|donate|
listen|listen live|watch|video|photo|photos|gallery|image|play|pause|stop|
teilen|drucken|suche|anmelden|abmelden|registrieren|startseite|weiterlesen|mehr|zurück|
weiter|nach oben|inhalt|kommentieren|antworten|merken|
partager|imprimer|rechercher|recherche|accueil|connexion|se connecter|s'abonner|
lire la suite|suivant|précédent|
compartir|imprimir|buscar|inicio|iniciar sesión|suscríbete|leer más|siguiente|anterior|
condividi|stampa|cerca|accedi|iscriviti|leggi tutto|successivo|precedente|
compartilhar|partilhar|pesquisar|entrar|assine|leia mais|próximo|
udostępnij|drukuj|szukaj|zaloguj|zaloguj się|czytaj więcej|dalej|wstecz|
delen|zoeken|inloggen|lees meer|volgende|vorige|
jaa|tulosta|haku|kirjaudu|lue lisää|
megosztás|keresés|belépés|tovább|
del|søk|logg inn|les mer|
поделиться|поиск|войти|читать далее|далее|назад|
分享|搜索|登录|首页|返回顶部
"""
CHROME_LINES = frozenset(w.strip() for w in _CHROME_LINES.replace("\n", "").split("|"))

# sections that close an article: comments, tags, author box, sign-up, post navigation
_HARD_END = r"""
\d* ?comments?|comments? \(\d+\)|\d+ thoughts? on .+|\d+ responses? to .+|leave a (?:reply|comment)|
post a comment|add a comment|join the (?:conversation|discussion)|comments are closed\.?|
tags?:?|tagged(?: with)?:?|filed under:?|categories:?|topics:?|about the authors?|
post navigation|article navigation|
\d* ?kommentare?|kommentar (?:schreiben|verfassen)|schreibe einen kommentar|schlagworte|schlagwörter|
\d* ?commentaires?|laisser un commentaire|laisser une réponse|
\d* ?comentarios?|deja un comentario|deja una respuesta|
\d* ?commenti|lascia un commento|\d* ?comentários|deixe um comentário|
\d* ?komentarz[ey]?|\d* ?reacties|\d* ?комментари[ийя]|kommentit|hozzászólások|kommentarer|评论
"""
# boxes of links to other stories: usually after the article, sometimes inside it
_SOFT_END = r"""
related|related (?:articles?|posts?|stories|content|news|videos?|links|topics|reading)|
(?:you (?:may|might) )?also like|you (?:may|might) like|you may also be interested in|more from .{1,40}|
more (?:stories|articles|news|on this|like this|to read|in .{1,30})|
recommended(?: (?:for you|articles|stories|reading))?|most (?:read|popular|viewed|shared)|
popular(?: (?:posts|articles|stories|now))?|trending(?: now)?|
(?:latest|recent)(?: (?:news|articles|posts|stories|videos|comments|on .{1,40}))?|latest on|
top stories|editor'?s picks|you might be interested in|further reading|
ähnliche (?:artikel|beiträge|themen)|verwandte (?:artikel|beiträge|themenbereiche|themen)|
mehr (?:aus|von|zu) .{1,40}|das könnte (?:sie|dich) auch interessieren|
weitere (?:nachrichten|artikel|beiträge|themen|meldungen|news)(?: .{1,40})?|
zum thema|weitere aktuelle themen.*|die neuesten meldungen|
articles? (?:similaires|liés|connexes)|sur le même sujet|
(?:articles? )?les plus (?:lus|populaires)|vous aimerez aussi|
artículos relacionados|noticias relacionadas|(?:también )?te puede interesar|
lo más (?:leído|visto)|otras noticias|más noticias|últimas (?:noticias|notas)|noticias destacadas|
ultime notizie|dernières (?:nouvelles|actualités|infos)|najnowsze|viimeisimmät|последние новости|
temas relacionados|articoli correlati|potrebbe interessarti|ti potrebbe interessare|
artigos relacionados|dowiedz się więcej|podobne artykuły|polecane|gerelateerde artikelen|
похожие статьи|aiheeseen liittyvät|ezek is érdekelhetnek|kapcsolódó cikkek|relaterte artikler|
相关文章|相关阅读
"""
# a sign-up box: after the article, or inside it with the article going on below
_SIGNUP = r"""
(?:(?:our|the|free|daily|weekly|email|e-mail) )*newsletters?|sign up for .+|subscribe to .+|
get (?:our|the) .{1,30}newsletter|newsletter (?:abonnieren|bestellen)|
(?:abonnez-vous|inscrivez-vous) (?:à|a) .+|suscríbete a .+|iscriviti alla? .+
"""
_TAIL = r")[\s:.!]*$"
HARD_END = re.compile(r"^(?:" + _HARD_END.replace("\n", "") + _TAIL, re.IGNORECASE)
SOFT_END = re.compile(r"^(?:" + _SOFT_END.replace("\n", "") + _TAIL, re.IGNORECASE)
SIGNUP = re.compile(r"^(?:" + _SIGNUP.replace("\n", "") + _TAIL, re.IGNORECASE)


class LoweredPattern:
    """A case-insensitive pattern run on the lower-cased line: 3x faster than `re.IGNORECASE`
    on a long alternation (the pattern itself must be written in lower case)."""

    __slots__ = ("pattern",)

    def __init__(self, pattern: str) -> None:
        self.pattern = re.compile(pattern)

    def search(self, line: str) -> re.Match[str] | None:
        return self.pattern.search(line.lower())


CHROME_PHRASES = (
    r"\bcookies?\b",
    "all rights reserved",
    "©",
    r"\(c\) ?\d{4}",
    r"\bcopyright\b",
    "privacy policy",
    "terms (?:of|and) (?:use|service|conditions)",
    "ad[- ]?blocker",
    "javascript",
    "your inbox",
    "email address",
    "e-mail-adresse",
    "newsletter",
    "sign up for",
    "subscribe to (?:our|the)",
    "alle rechte vorbehalten",
    "datenschutz",
    "tous droits réservés",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "wszelkie prawa zastrzeżone",
    "все права защищены",
    "powered by",
    "opens in new window",
    "click here",
    "klicken sie hier",
    "cliquez ici",
    r"\bsign up\b",
    r"\bsubscribe\b",
    "your support",
    "support (?:our|independent|local) journalism",
    r"\bdonate\b",
    "advertising disclosure",
    "affiliate",
    "earn (?:a )?commission",
    "receive (?:a )?commission",
    "when you (?:buy|purchase) through",
    "browser version",
    "search for articles",
    "never miss",
    "follow us",
    r"\blog ?in\b",
    "hear what you think",
    "submit your",
    "abonnieren",
    "jetzt anmelden",
    "suscríbete",
    "abonnez-vous",
    "iscriviti",
    "assine",
    "zapisz się",
    "síguenos",
    "siga-nos",
    "nos siga",
    "folgen sie uns",
    "suivez-nous",
    "licensed under",
    "creative commons",
    r"\bdisclaimer\b",
    r"\bdisclosure\b",
    "haftungsausschluss",
    "contains (?:affiliate )?(?:links|references to products)",
    "affiliate links?",
    "article pdf",
    "instant access",
    "new posts? by e-?mail",
    "every new post",
    "notify me",
    "weitere informationen zum datenschutz",
    "aviso legal",
    "mentions légales",
    "password",
    "passwort",
    "contraseña",
    "mot de passe",
    "senha",
    "hasło",
    "пароль",
    "username",
    "nombre de usuario",
    "benutzername",
    "forgot your",
    "straight to your (?:phone|inbox)",
    "download (?:our|the) app",
    "regístrese",
    "regístrate",
    "inicia sesión",
    "iniciar sesión",
    "create (?:an|your) account",
    "sign in to",
    "connectez-vous",
    "melden sie sich an",
    "registrieren sie sich",
    "clic aquí",
    "click aquí",
    "haz clic",
    "haga clic",
    "clique aqui",
    "clicca qui",
    "kliknij tutaj",
    "rights reserved",
    "derechos reservados",
    "diritti riservati",
    "direitos reservados",
)
CHROME_PHRASE = LoweredPattern(phrase_union(CHROME_PHRASES))


# boilerplate that no article sentence says: disclosures, licences, sign-in forms
NOTICE_PHRASE = LoweredPattern(
    r"(?:rights reserved|alle rechte vorbehalten|tous droits réservés|"
    r"derechos reservados|diritti riservati|direitos reservados|prawa zastrzeżone|"
    r"все права защищены|licensed under|this (?:post|article|page) (?:may )?contains? "
    r"(?:affiliate links|references to products)|advertising disclosure|"
    r"forgot your password|read the rest of|"
    r"^(?:disclaimer|disclosure|haftungsausschluss|corrections?)\s*[:(])"
)

# the label of a page stamp: "Updated: ...", "Zuletzt aktualisiert am ..."
STAMP_LABEL = re.compile(
    r"^(?:last (?:updated|modified)|updated|published|posted|ultima modifica|aggiornato|"
    r"pubblicato|zuletzt aktualisiert|aktualisiert|veröffentlicht|dernière mise à jour|"
    r"mis à jour|publié le|última actualización|actualizado|publicado|atualizado|"
    r"opublikowano|zaktualizowano|päivitetty|julkaistu|обновлено|опубликовано)\b",
    re.IGNORECASE,
)

_CHROME_PREFIX = re.compile(
    r"^(?:previous|next|prev|older|newer)\s*(?:article|post|story|entry)\b|"
    r"^(?:previous|next|prev|siguiente|anterior|suivant|précédent|weiter|zurück|vorheriger|"
    r"nächster)\s*:\s|^(?:share|teilen|"
    r"partager|compartir|condividi) (?:on|auf|sur|en|su|via) \w+$|^click to (?:share|print|email)",
    re.IGNORECASE,
)


_INLINE = r"""
read (?:more|next|also)|see also|related:?|more information|más información|relacionad[oa]s|lesen sie auch|mehr zum thema|auch interessant|
à lire aussi|lire aussi|à voir aussi|leggi anche|leia também|veja também|lee también|
lea también|zobacz (?:też|także)|czytaj (?:też|także|również)|lees ook|читайте также|
lue myös|lue seuraavaksi|olvasd el|les også|läs också|
(?:learn|find out) more|dowiedz się więcej|mehr dazu|en savoir plus|saber más|leia mais|
share this(?: (?:article|story|post|page))?|sharing is caring|spread the (?:word|news)|
(?:diesen )?(?:artikel|beitrag) teilen|partager (?:cet article|sur \w+)?|compartir (?:en \w+)?
"""
# a "read also" box inside the article, or a sharing widget: skip it, the article goes on
INLINE_MARKER = re.compile(r"^(?:" + _INLINE.replace("\n", "") + r")[\s:.!]*$", re.IGNORECASE)


# "Read more: Title of another story": the marker and the link on one line
LINK_TEASER = re.compile(r"^(?:" + _INLINE.replace("\n", "") + r")\s*:\s*\S", re.IGNORECASE)
MAX_TEASER_CHARS = 160


MAX_CACHED_CHARS = 200  # lines this short are often a site's chrome, seen on page after page
CACHED_LINES = 1 << 15


def _cached_when_short(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """`test` with its verdicts on short lines remembered: menus, labels and headings recur
    within a page (several steps test them) and across a site's pages."""
    cached = lru_cache(maxsize=CACHED_LINES)(test)

    @wraps(test)
    def wrapper(line: str) -> bool:
        return cached(line) if len(line) <= MAX_CACHED_CHARS else test(line)

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper


def is_inline_marker(line: str) -> bool:
    return len(line) <= 40 and INLINE_MARKER.match(line) is not None


@_cached_when_short
def is_chrome_line(line: str) -> bool:
    """A navigation, sharing or label line (compared case-insensitively, trailing `:` ignored)."""
    if len(line) <= 40 and line.lower().rstrip(" :›»>|") in CHROME_LINES:
        return True
    if is_inline_marker(line):
        return True
    if len(line) <= MAX_TEASER_CHARS and LINK_TEASER.match(line):
        return True
    if len(line) <= MAX_TEASER_CHARS and _POST_LINK.search(line):
        return True
    return _CHROME_PREFIX.match(line) is not None


_POST_LINK = re.compile(r"^[←⟵◄]\s*\S|\S\s*[→⟶►]$")  # "← Older story", "Newer story →"


# longer lines that open what follows an article: "12 responses to “Title”", "Tags: a, b, c"
LONG_HARD_END = re.compile(
    r"^(?:\d+ (?:thoughts?|responses?|comments?|replies|reactions?) (?:on|to) .+|"
    r"(?:tags?|tagged(?: with)?|schlagw(?:orte|örter)|etiquetas|étiquettes|temas|themen|"
    r"topics|filed under)\s*:\s*\S.*)$",
    re.IGNORECASE,
)
MAX_LONG_END_CHARS = 200


@_cached_when_short
def is_hard_end(line: str) -> bool:
    """A line that opens what follows an article (comments, tags, author box, sign-up)."""
    if len(line) <= 60 and HARD_END.match(line) is not None:
        return True
    return len(line) <= MAX_LONG_END_CHARS and LONG_HARD_END.match(line) is not None


def is_signup(line: str) -> bool:
    """The heading of a newsletter sign-up box: it ends the article unless the article's
    prose goes on below it."""
    return len(line) <= 60 and SIGNUP.match(line) is not None


@_cached_when_short
def is_end_marker(line: str) -> bool:
    """A hard end, a sign-up box, or the heading of a box of links to other stories."""
    if len(line) > 60:
        return is_hard_end(line)
    return is_hard_end(line) or SOFT_END.match(line) is not None or SIGNUP.match(line) is not None
