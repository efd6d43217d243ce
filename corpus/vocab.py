"""Fixed vocabularies for the sample corpus: people, places, outlets, photo credits.

Every person here is fictional (names assembled from common first and last names); places,
countries and institutions are real so the pages read like news. Everything stays inside
windows-1252 (no Polish or Czech diacritics) so any page can be re-encoded losslessly.
"""

from __future__ import annotations

from dataclasses import dataclass

# Nationality key -> (adjective, country, capital)
NATIONS: dict[str, tuple[str, str, str]] = {
    "ua": ("Ukrainian", "Ukraine", "Kyiv"),
    "it": ("Italian", "Italy", "Rome"),
    "fr": ("French", "France", "Paris"),
    "de": ("German", "Germany", "Berlin"),
    "pl": ("Polish", "Poland", "Warsaw"),
    "uk": ("British", "the U.K.", "London"),
    "us": ("U.S.", "the U.S.", "Washington"),
    "nl": ("Dutch", "the Netherlands", "The Hague"),
    "se": ("Swedish", "Sweden", "Stockholm"),
    "fi": ("Finnish", "Finland", "Helsinki"),
    "ee": ("Estonian", "Estonia", "Tallinn"),
    "lt": ("Lithuanian", "Lithuania", "Vilnius"),
    "cz": ("Czech", "the Czech Republic", "Prague"),
    "hu": ("Hungarian", "Hungary", "Budapest"),
    "es": ("Spanish", "Spain", "Madrid"),
    "ru": ("Russian", "Russia", "Moscow"),
}

# Tag used when a nation appears in a story.
NATION_TAGS: dict[str, str] = {
    "ua": "Ukraine",
    "it": "Italy",
    "fr": "France",
    "de": "Germany",
    "pl": "Poland",
    "uk": "United Kingdom",
    "us": "United States",
    "nl": "Netherlands",
    "se": "Sweden",
    "fi": "Finland",
    "ee": "Estonia",
    "lt": "Lithuania",
    "cz": "Czech Republic",
    "hu": "Hungary",
    "es": "Spain",
    "ru": "Russia",
}

_M, _F = "m", "f"

FIRST: dict[str, dict[str, tuple[str, ...]]] = {
    "ua": {
        _M: (
            "Oleksandr",
            "Dmytro",
            "Taras",
            "Mykola",
            "Andrii",
            "Bohdan",
            "Yurii",
            "Serhii",
            "Volodymyr",
            "Ihor",
            "Petro",
            "Vasyl",
            "Roman",
            "Oleh",
            "Maksym",
            "Yevhen",
        ),
        _F: (
            "Oksana",
            "Iryna",
            "Hanna",
            "Olena",
            "Kateryna",
            "Sofiia",
            "Yuliia",
            "Nataliia",
            "Mariia",
            "Tetiana",
            "Viktoriia",
            "Liudmyla",
            "Daryna",
            "Khrystyna",
        ),
    },
    "it": {
        _M: ("Marco", "Luca", "Paolo", "Giorgio", "Stefano", "Matteo", "Alberto", "Riccardo"),
        _F: ("Giulia", "Chiara", "Francesca", "Elena", "Silvia", "Valentina", "Marta"),
    },
    "fr": {
        _M: ("Julien", "Thierry", "Olivier", "Pierre", "Mathieu", "Laurent", "Etienne"),
        _F: ("Claire", "Sophie", "Camille", "Isabelle", "Nathalie", "Helene", "Agnes"),
    },
    "de": {
        _M: ("Jens", "Stefan", "Tobias", "Markus", "Jurgen", "Lukas", "Matthias"),
        _F: ("Katrin", "Annika", "Sabine", "Franziska", "Ulrike", "Miriam", "Jana"),
    },
    "pl": {
        _M: ("Tomasz", "Marek", "Piotr", "Krzysztof", "Pawel", "Jakub", "Adam"),
        _F: ("Agnieszka", "Magdalena", "Joanna", "Ewa", "Karolina", "Beata"),
    },
    "uk": {
        _M: ("James", "Oliver", "Henry", "Edward", "Thomas", "William", "George"),
        _F: ("Charlotte", "Emily", "Harriet", "Alice", "Lucy", "Victoria", "Grace"),
    },
    "us": {
        _M: ("Michael", "David", "Robert", "Daniel", "Kevin", "Brian", "Scott"),
        _F: ("Jennifer", "Laura", "Rachel", "Megan", "Susan", "Karen", "Amanda"),
    },
    "nl": {_M: ("Joost", "Pieter", "Maarten", "Ruud"), _F: ("Femke", "Lotte", "Annemiek")},
    "se": {_M: ("Anders", "Magnus", "Johan", "Erik"), _F: ("Ingrid", "Karin", "Maja")},
    "fi": {_M: ("Mikko", "Antti", "Jussi", "Petteri"), _F: ("Aino", "Riikka", "Satu")},
    "ee": {_M: ("Tarmo", "Margus", "Indrek"), _F: ("Kadri", "Liis", "Triin")},
    "lt": {_M: ("Tomas", "Mindaugas", "Darius"), _F: ("Ruta", "Egle", "Ieva")},
    "cz": {_M: ("Jan", "Martin", "Vojtech", "Ondrej"), _F: ("Petra", "Lenka", "Tereza")},
    "hu": {_M: ("Gabor", "Zoltan", "Laszlo"), _F: ("Katalin", "Eszter", "Zsofia")},
    "es": {_M: ("Javier", "Alvaro", "Sergio", "Pablo"), _F: ("Lucia", "Carmen", "Ines")},
    "ru": {
        _M: ("Aleksei", "Sergei", "Vyacheslav", "Gennady", "Vladislav", "Nikolai"),
        _F: ("Yelena", "Svetlana", "Olga", "Marina"),
    },
}

LAST: dict[str, tuple[str, ...]] = {
    "ua": (
        "Antonenko",
        "Bilyk",
        "Chornyi",
        "Didenko",
        "Fedorenko",
        "Harmash",
        "Ilchenko",
        "Klymenko",
        "Lozynskyi",
        "Matviienko",
        "Nazarenko",
        "Oliinyk",
        "Panchenko",
        "Riabokon",
        "Skoryk",
        "Tarasiuk",
        "Umanets",
        "Vakulenko",
        "Yatsenko",
        "Zaporozhets",
        "Hrytsiuk",
        "Lytvyn",
        "Vovk",
        "Tkachuk",
        "Melnyk",
        "Bondar",
        "Kuzmenko",
        "Savytskyi",
        "Marynenko",
        "Pavlenko",
        "Rudenko",
        "Shevchuk",
        "Hordiienko",
        "Zinchenko",
        "Kovalchuk",
        "Yarmolenko",
        "Dovhan",
        "Sydoruk",
        "Lavrenko",
        "Moroz",
        "Boyko",
        "Ostapenko",
        "Fedorchuk",
        "Hnatiuk",
        "Prokopenko",
        "Kucher",
        "Semeniuk",
        "Tymoshuk",
        "Verbytskyi",
        "Zabolotnyi",
        "Ivashchenko",
        "Datsenko",
    ),
    "it": (
        "Bellandi",
        "Ferraresi",
        "Montanari",
        "Salvetti",
        "Rinaldi",
        "Guidotti",
        "Carbone",
        "Marchetti",
        "Pellegrino",
        "Vitale",
    ),
    "fr": (
        "Delacroix",
        "Marchand",
        "Lefebvre",
        "Boucher",
        "Garnier",
        "Rousseau",
        "Moreau",
        "Chevalier",
        "Perrin",
    ),
    "de": ("Hartmann", "Vogel", "Brandt", "Kessler", "Lindner", "Schuster", "Wendt", "Baumann"),
    "pl": ("Wrona", "Nowak", "Kaminski", "Zielinski", "Mazur", "Kowalczyk", "Jasinski"),
    "uk": ("Whitmore", "Ashford", "Pembroke", "Hollis", "Carrington", "Fairbairn", "Thornbury"),
    "us": ("Caldwell", "Brennan", "Hollister", "Whitaker", "McAllister", "Sutton", "Garrity"),
    "nl": ("van Dijk", "Verhoeven", "de Groot", "Bakker", "Mulder", "Visser"),
    "se": ("Lindqvist", "Sandberg", "Ekholm", "Nyberg", "Holmgren", "Strand"),
    "fi": ("Virtanen", "Laaksonen", "Heikkila", "Koskinen", "Salminen", "Rantala"),
    "ee": ("Tamm", "Rebane", "Kask", "Lepik", "Ilves", "Kukk"),
    "lt": ("Stankevicius", "Butkus", "Jankauskas", "Urbonas", "Zukauskas", "Paulauskas"),
    "cz": ("Novak", "Dvorak", "Horak", "Cerny", "Prochazka", "Kucera"),
    "hu": ("Kovacs", "Szabo", "Toth", "Farkas"),
    "es": ("Navarro", "Ortega", "Castillo", "Delgado", "Romero", "Iglesias"),
    "ru": ("Sokolov", "Gusev", "Lebedev", "Tarasov", "Kolesnikov", "Zhukov", "Kiselyov"),
}

# Nation groups a topic draws its foreign speakers from.
EUROPE = ("it", "fr", "de", "pl", "uk", "nl", "se", "fi", "ee", "lt", "cz", "es")
ALLIES = EUROPE + ("us",)


@dataclass(frozen=True, slots=True)
class Place:
    city: str
    oblast: str | None  # None for Kyiv

    @property
    def full(self) -> str:
        return self.city if self.oblast is None else f"{self.city}, {self.oblast}"


_P = Place
FRONT_PLACES = (
    _P("Avdiivka", "Donetsk Oblast"),
    _P("Chasiv Yar", "Donetsk Oblast"),
    _P("Pokrovsk", "Donetsk Oblast"),
    _P("Kramatorsk", "Donetsk Oblast"),
    _P("Kostiantynivka", "Donetsk Oblast"),
    _P("Vuhledar", "Donetsk Oblast"),
    _P("Kurakhove", "Donetsk Oblast"),
    _P("Toretsk", "Donetsk Oblast"),
    _P("Kupiansk", "Kharkiv Oblast"),
    _P("Vovchansk", "Kharkiv Oblast"),
    _P("Robotyne", "Zaporizhzhia Oblast"),
    _P("Orikhiv", "Zaporizhzhia Oblast"),
    _P("Krynky", "Kherson Oblast"),
    _P("Beryslav", "Kherson Oblast"),
)
CITIES = (
    _P("Kyiv", None),
    _P("Kharkiv", "Kharkiv Oblast"),
    _P("Odesa", "Odesa Oblast"),
    _P("Dnipro", "Dnipropetrovsk Oblast"),
    _P("Zaporizhzhia", "Zaporizhzhia Oblast"),
    _P("Lviv", "Lviv Oblast"),
    _P("Mykolaiv", "Mykolaiv Oblast"),
    _P("Sumy", "Sumy Oblast"),
    _P("Kherson", "Kherson Oblast"),
    _P("Chernihiv", "Chernihiv Oblast"),
    _P("Poltava", "Poltava Oblast"),
    _P("Vinnytsia", "Vinnytsia Oblast"),
    _P("Kryvyi Rih", "Dnipropetrovsk Oblast"),
    _P("Izmail", "Odesa Oblast"),
)
RUSSIAN_REGIONS = (
    "Belgorod Oblast",
    "Kursk Oblast",
    "Bryansk Oblast",
    "Voronezh Oblast",
    "Rostov Oblast",
    "Krasnodar Krai",
    "Tambov Oblast",
    "Lipetsk Oblast",
)

# Invented outlets, by nation: "the {adj} newspaper {name}".
OUTLETS: dict[str, tuple[str, ...]] = {
    "it": ("Il Mattino di Levante", "La Gazzetta Civica"),
    "fr": ("Le Quotidien du Matin", "L'Hebdo Republicain"),
    "de": ("Rheinische Tagespost", "Berliner Abendblatt Online"),
    "pl": ("Gazeta Poranna", "Dziennik Wschodni Online"),
    "uk": ("The Sunday Ledger", "The Morning Dispatch"),
    "us": ("the Capitol Observer", "the Atlantic Courier"),
    "nl": ("Het Ochtendblad",),
    "se": ("Dagens Kurir",),
    "fi": ("Helsingin Iltalehti",),
    "ee": ("Pealinna Uudised",),
    "lt": ("Vilniaus Zinios",),
    "cz": ("Pravo Dnes",),
    "es": ("El Diario Central",),
    "ua": ("Kyivskyi Visnyk", "Dnipro Evening News"),
    "hu": ("Magyar Hirlap Online",),
    "ru": ("Vechernyaya Gazeta",),
}
WIRES = ("Reuters", "AFP", "the Associated Press", "Bloomberg", "dpa", "Ukrinform", "Interfax")
PLATFORMS = ("X", "Telegram", "Facebook")

PHOTOGRAPHERS = (
    "Oleksii Tarasenko",
    "Kostiantyn Liberov",
    "Viktor Drach",
    "Anastasia Koval",
    "Marc Dumont",
    "Sergei Bobok",
    "Ed Ram",
    "Paula Brennan",
    "Roman Pilipey",
    "Genya Savilov",
    "Andrea Carrubba",
    "Diego Herrera",
    "Laura Fischer",
    "Yan Dobronosov",
    "Mykola Tys",
)
AGENCIES = (
    "Getty Images",
    "AFP via Getty Images",
    "Anadolu via Getty Images",
    "Global Images Ukraine via Getty Images",
    "NurPhoto via Getty Images",
    "Ukrinform/Future Publishing via Getty Images",
    "SOPA Images/LightRocket via Getty Images",
    "Bloomberg via Getty Images",
    "AP Photo",
)


@dataclass(frozen=True, slots=True)
class Author:
    """A staff author of a site, with the beats (topic keys) they cover."""

    name: str
    gender: str  # m | f
    role: str
    beats: tuple[str, ...]
    bio: str
    promoted_to: str | None = None  # role shown from PROMOTION_DATE on (authors table drift)


AUTHORS_KI: tuple[Author, ...] = (
    Author(
        "Oksana Hrytsenko",
        _F,
        "Reporter",
        ("troops", "eu", "sanctions"),
        "Oksana Hrytsenko is a reporter with the Kyiv Independent. She covers European "
        "politics, Ukraine's bid to join the EU and the sanctions against Russia. Before "
        "joining the team she worked for a Brussels-based policy newsletter and a regional "
        "broadcaster in Lviv.",
    ),
    Author(
        "Dmytro Lysak",
        _M,
        "Senior Reporter",
        ("frontline", "drones", "prisoners"),
        "Dmytro Lysak is a senior reporter with the Kyiv Independent. He has reported from "
        "the front line in Donetsk and Zaporizhzhia oblasts since 2022 and writes about the "
        "army, drone warfare and prisoners of war. He previously worked as a fixer for "
        "foreign television crews.",
        "Chief Correspondent",
    ),
    Author(
        "Iryna Voloshyn",
        _F,
        "Business Reporter",
        ("energy", "grain", "reconstruction"),
        "Iryna Voloshyn is a business reporter with the Kyiv Independent covering energy, "
        "agriculture, and the economics of reconstruction. She holds a master's degree in "
        "economics from the Kyiv School of Economics and has written for several trade "
        "publications.",
    ),
    Author(
        "Taras Melnychuk",
        _M,
        "News Editor",
        ("troops", "air_defence", "frontline", "drones"),
        "Taras Melnychuk is a news editor at the Kyiv Independent. He joined the newsroom "
        "in 2021 as a night editor and now runs the live page and the weekend desk. His "
        "the work has appeared in several European outlets.",
    ),
    Author(
        "Hanna Bondarenko",
        _F,
        "Reporter",
        ("mobilisation", "corruption", "prisoners"),
        "Hanna Bondarenko is a reporter with the Kyiv Independent. She covers Ukraine's "
        "parliament, the mobilization debate and anti-corruption investigations. She was "
        "shortlisted for a national award for investigative journalism in 2023.",
    ),
    Author(
        "Yurii Kravets",
        _M,
        "Deputy News Editor",
        ("air_defence", "energy", "sanctions"),
        "Yurii Kravets is a deputy news editor at the Kyiv Independent. He edits breaking "
        "news and writes about military aid, air defense and Russia's attacks on Ukrainian "
        "infrastructure. He studied international relations in Kyiv and Krakow.",
    ),
    Author(
        "Sofiia Marchenko",
        _F,
        "Reporter",
        ("eu", "reconstruction", "grain"),
        "Sofiia Marchenko is a reporter with the Kyiv Independent. She writes about "
        "Ukraine's relations with its neighbors, reconstruction financing, and the Black "
        "Sea trade routes. She previously worked at a think tank in Warsaw.",
    ),
    Author(
        "Bohdan Savchuk",
        _M,
        "Senior Reporter",
        ("corruption", "mobilisation", "troops"),
        "Bohdan Savchuk is a senior reporter with the Kyiv Independent's investigations "
        "unit. He covers public procurement, defense spending, and the courts. His reporting "
        "has led to two criminal cases and the dismissal of a deputy minister.",
    ),
)

PROMOTION_DATE_ISO = "2024-03-01"

# Staff of the other (fictional) sites.
AUTHORS_DNIPRO = ("Harriet Lowther", "Mykola Yaremko", "Claire Fontaine", "Tomasz Nowicki")
AUTHORS_BALTIC = ("Ruta Vaitkus", "Indrek Saar", "Egle Petrauskas", "Darius Kazlauskas")
AUTHORS_BSM = ("Daryna Sydorenko", "Roman Horban", "Khrystyna Levchenko")
