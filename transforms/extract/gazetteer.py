"""A small gazetteer of our own: places, organisations, and the words around names.

Deliberately short: the entity reader finds names by their shape (capitalised spans) and
uses these lists to tell a place or an organisation from a person, and to strip the titles
and nationality words that stand before a name ("Italian Defense Minister Guido Crosetto").
"""

from __future__ import annotations


def _set(text: str) -> frozenset[str]:
    return frozenset(x.strip() for x in text.split("|") if x.strip())


PLACES = _set(
    """Afghanistan|Albania|Algeria|Argentina|Armenia|Australia|Austria|Azerbaijan|Belarus|
    Belgium|Bosnia|Brazil|Bulgaria|Canada|Chile|China|Colombia|Croatia|Cuba|Cyprus|Czechia|
    Czech Republic|Denmark|Egypt|Estonia|Ethiopia|Finland|France|Georgia|Germany|Greece|
    Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland|Israel|Italy|Japan|Jordan|Kazakhstan|
    Kenya|Kosovo|Kuwait|Latvia|Lebanon|Libya|Lithuania|Luxembourg|Malaysia|Mexico|Moldova|
    Mongolia|Montenegro|Morocco|Netherlands|New Zealand|Nigeria|North Korea|North Macedonia|
    Norway|Pakistan|Palestine|Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|
    Saudi Arabia|Serbia|Singapore|Slovakia|Slovenia|South Africa|South Korea|Spain|Sudan|
    Sweden|Switzerland|Syria|Taiwan|Tajikistan|Thailand|Transnistria|Tunisia|Turkey|Türkiye|
    Turkmenistan|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|U.K.|Britain|
    Great Britain|England|Scotland|Wales|United States|U.S.|US|USA|America|Uzbekistan|
    Venezuela|Vietnam|Yemen|Gaza|West Bank|Crimea|Donbas|Europe|Africa|Asia|
    Kyiv|Kiev|Kharkiv|Odesa|Odessa|Lviv|Dnipro|Zaporizhzhia|Mykolaiv|Kherson|Donetsk|Luhansk|
    Mariupol|Bakhmut|Avdiivka|Sumy|Chernihiv|Poltava|Vinnytsia|Zhytomyr|Rivne|Lutsk|Ternopil|
    Ivano-Frankivsk|Uzhhorod|Chernivtsi|Khmelnytskyi|Cherkasy|Kropyvnytskyi|Kramatorsk|
    Sloviansk|Pokrovsk|Kupiansk|Melitopol|Berdiansk|Sevastopol|Bucha|Irpin|Izium|Robotyne|
    Moscow|St. Petersburg|Saint Petersburg|Belgorod|Kursk|Bryansk|Rostov|Minsk|Warsaw|
    Berlin|Paris|London|Rome|Madrid|Brussels|Vienna|Prague|Budapest|Bucharest|Sofia|Athens|
    Ankara|Istanbul|Washington|New York|Beijing|Tokyo|Tehran|Jerusalem|Tel Aviv|Vilnius|
    Riga|Tallinn|Helsinki|Stockholm|Oslo|Copenhagen|Amsterdam|The Hague|Bern|Geneva|Davos|
    Munich|Lisbon|Dublin|Ottawa|Chisinau|Tbilisi|Yerevan|Baku|Astana|Delhi|New Delhi|
    California|Texas|Florida|Oblast|Black Sea|Sea of Azov|Baltic""".replace("\n", "")
)
PLACE_SUFFIXES = _set(
    "Oblast|Region|Province|Raion|District|County|City|Island|Islands|Republic|Krai|Sea|River"
)
ORGANISATIONS = _set(
    """NATO|EU|European Union|UN|United Nations|OSCE|IAEA|IMF|World Bank|WHO|ICC|G7|G20|
    Kremlin|Pentagon|White House|Congress|Senate|Verkhovna Rada|Rada|Bundestag|Duma|
    State Duma|European Commission|European Parliament|Council of Europe|Security Council|
    General Staff|Armed Forces|SBU|HUR|GUR|FSB|Wagner|Wagner Group|Gazprom|Rosatom|
    Naftogaz|Ukrenergo|Ukrzaliznytsia|Reuters|AFP|AP|Associated Press|Bloomberg|BBC|CNN|
    Politico|Axios|La Stampa|Le Monde|Der Spiegel|The Guardian|The New York Times|
    The Washington Post|The Wall Street Journal|Financial Times|The Economist|
    Kyiv Independent|The Kyiv Independent|Ukrainska Pravda|Interfax|TASS|RIA Novosti|
    Ukrinform|Suspilne|Meduza|Amnesty International|Human Rights Watch|Red Cross|
    Google|Apple|Microsoft|Amazon|Meta|Facebook|Twitter|Telegram|SpaceX|Starlink|Tesla""".replace(
        "\n", ""
    )
)
ORG_WORDS = _set(
    """Ministry|Ministries|Council|Parliament|Party|Agency|Bank|Forces|Force|Army|Navy|Staff|
    Committee|Commission|University|Company|Corporation|Corp|Inc|Ltd|Group|Union|
    Organization|Organisation|Institute|Service|Office|Department|Court|Guard|Police|
    Foundation|Association|Fund|Times|Post|News|Press|Journal|Herald|Tribune|Gazette|
    Telegraph|Independent|Pravda|Media|TV|Radio|Network|Airlines|Bureau|Directorate|
    Administration|Government|Cabinet|Assembly|Brigade|Battalion|Regiment|Corps|Fleet|
    Command|Center|Centre|School|Academy|Society|Alliance|Coalition|Movement|Front""".replace(
        "\n", ""
    )
)
# words that stand before a name and are not part of it
TITLES = _set(
    """President|Vice President|Prime|Minister|Deputy|Foreign|Defense|Defence|Interior|
    Finance|Economy|Health|Justice|Secretary|Secretary-General|General|Chancellor|
    Ambassador|Spokesperson|Spokesman|Spokeswoman|Governor|Mayor|Senator|Representative|
    Rep.|Sen.|Gen.|Lt.|Col.|Maj.|Capt.|Sgt.|Adm.|Commander|Commander-in-Chief|Chief|Head|
    Vice|Chairman|Chairwoman|Chair|Speaker|King|Queen|Pope|Prince|Princess|Mr.|Mrs.|Ms.|
    Dr.|Prof.|Pres.|Democratic|Republican|Editor|Reporter|CEO|Director|Envoy|Commissioner|
    Lieutenant|Colonel|Major|Captain|Admiral|Marshal|Sergeant|Officer|Adviser|Advisor|
    Analyst|Professor|Judge|Prosecutor|Attorney|Leader|Patriarch|Metropolitan|Archbishop|
    Bishop|Saint|St.|Presidential|Parliamentary|Opposition|Former|Acting|Incumbent|Top|
    Senior|Junior|Lawmaker|MP|Member|Military|Intelligence|Army|Navy|Air|High|Executive|
    Secretary of State|State|Affairs|Strategic|Industries|Economic|Digital|Transformation|
    Energy|Education|Culture|Agrarian|Infrastructure|Veterans|Social|Policy|National|
    Security|Staff""".replace("\n", "")
)
DEMONYMS = _set(
    """Ukrainian|Russian|American|British|French|German|Italian|Polish|Spanish|Chinese|
    Japanese|Belarusian|Hungarian|Romanian|Moldovan|Georgian|Turkish|Iranian|Israeli|
    Palestinian|Canadian|Australian|Dutch|Belgian|Swedish|Finnish|Norwegian|Danish|
    Estonian|Latvian|Lithuanian|Czech|Slovak|Austrian|Swiss|Greek|Bulgarian|Serbian|
    Croatian|Indian|Pakistani|Korean|North Korean|South Korean|Saudi|Syrian|Iraqi|Kazakh|
    European|Western|Eastern|Northern|Southern|Soviet|Kremlin|Pro-Russian|Pro-Kremlin|
    Russian-installed|Kremlin-installed|Occupation|Occupied|Russian-occupied|Allied|
    Brazilian|Mexican|Egyptian|Nigerian|Irish|Scottish|Welsh|Portuguese|Slovenian|Albanian|
    Armenian|Azerbaijani|Chechen|Crimean|Tatar|Jewish|Muslim|Christian|Catholic|Orthodox""".replace(
        "\n", ""
    )
)
# capitalised words that start sentences or name days and months, never entities alone
NOT_NAMES = _set(
    """The|A|An|This|That|These|Those|It|He|She|They|We|I|You|His|Her|Their|Our|Its|My|Your|
    In|On|At|By|For|From|With|Without|After|Before|During|While|When|Where|What|Which|Who|
    Why|How|If|But|And|Or|Not|No|Yes|As|According|Although|Because|Since|Until|Unlike|
    However|Meanwhile|Also|Still|Yet|Now|Then|There|Here|Some|Many|Most|All|Each|Every|
    Both|Other|Another|Such|Several|More|Less|One|Two|Three|First|Second|Third|Last|Next|
    Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|
    May|June|July|August|September|October|November|December|Jan.|Feb.|Mar.|Apr.|Jun.|
    Jul.|Aug.|Sep.|Sept.|Oct.|Nov.|Dec.|Read|See|Photo|Updated|Comments|Share|News|Live|
    Russia-Ukraine|War|Peace|Ukraine's|Russia's|Earlier|Later|Today|Yesterday|Tomorrow|
    Under|Over|Into|Among|Amid|Despite|Following|Against|About|Above|Below|Between|Through|
    Do|Does|Did|Is|Are|Was|Were|Be|Been|Has|Have|Had|Will|Would|Can|Could|Should|May|Might|
    Must|Let|Let's|Just|Only|Even|So|Thus|Therefore|Instead|Once|Twice|Those|Nobody|
    Everyone|Someone|Anyone|Nothing|Something|Everything""".replace("\n", "")
)
