"""Story grammars, one per topic: the sentence templates articles are assembled from.

A template is text with `{slot}` holes. A slot is filled from the article's context (the
speakers, dates, places and outlet chosen for that article; see `corpus.text`) or, failing that,
from a pool of alternatives here (topic pools first, then `GENERIC`), expanded recursively.
All text is original to this project. Quotes are written in the speaker's voice and attached to
a speaker by `corpus.text`, which picks the attribution form.
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.vocab import ALLIES, EUROPE


@dataclass(frozen=True, slots=True)
class Role:
    """A kind of speaker: `role` goes before the name, `head` is the headline form."""

    role: str
    nations: tuple[str, ...]
    head: str  # e.g. "{adj} minister" -> "Italian minister"
    many: bool = False  # held by many people (lawmaker); otherwise one office holder a year


@dataclass(frozen=True, slots=True)
class Topic:
    key: str
    tags: tuple[str, ...]
    places: str  # "front" | "cities"
    speakers: tuple[Role, ...]
    speakers2: tuple[Role, ...]
    pools: dict[str, tuple[str, ...]]  # headline, lede, context, claim, quote, background, ...


UA = ("ua",)

GENERIC: dict[str, tuple[str, ...]] = {
    "said": ("said", "noted", "stressed", "added", "emphasized", "argued", "insisted"),
    "recently": ("recently", "earlier this month", "last week", "in recent days"),
    "n_few": ("two", "three", "four", "five", "six", "seven"),
    "n_tens": ("12", "17", "23", "28", "31", "36", "42", "47", "53", "58", "64"),
    "n_hundreds": ("120", "185", "240", "310", "376", "420", "515", "640", "730", "880"),
    "n_bn": ("1.2", "1.8", "2.5", "3.1", "4.6", "5", "6.4", "8", "12.5", "15", "20", "50"),
    "nth": ("second", "third", "fourth", "fifth", "sixth", "seventh"),
    "month_ahead": ("June", "July", "the autumn", "the end of the year", "the summer"),
    "n_votes": ("226", "231", "243", "257", "264", "283", "301"),
    "pct": ("12", "18", "24", "30", "37", "41", "46", "55", "63", "72"),
    "war_bg": (
        "Russia launched its full-scale invasion of Ukraine on Feb. 24, 2022, after eight "
        "years of war in the east of the country.",
        "Kyiv has repeatedly said that any settlement must restore Ukraine's internationally "
        "recognized borders.",
        "Ukrainian officials have long warned that a pause in the fighting would only give "
        "Moscow time to regroup and rearm.",
        "Russian forces still occupy almost a fifth of Ukraine's territory, including "
        "Crimea, which Moscow illegally annexed in 2014.",
        "Western partners have provided Ukraine with tens of billions of dollars in military "
        "aid since the start of the full-scale war.",
        "The war has killed tens of thousands of civilians, according to the UN human rights "
        "monitoring mission, which says the real toll is likely much higher.",
        "The Kremlin has not commented on the report.",
        "{Site_self} could not independently verify the claims.",
        "Moscow has denied targeting civilians, despite extensive evidence to the contrary.",
    ),
    "closing": (
        "{spk_sur} did not say when a final decision would be made.",
        "The ministry did not respond to a request for comment by the time of publication.",
        "{Site_self} has reached out to {spk_sur}'s office for further comment.",
        "{spk_sur}'s office later published a transcript of the remarks on its website.",
    ),
    "closing_foreign": (
        "Talks on the issue are expected to continue at the next meeting of {spk_adj} and "
        "Ukrainian officials.",
    ),
    "interview": (
        "{spk_sur} made similar remarks to {outlet_name} on {d1}, saying that {claim}.",
        "Speaking to {outlet_name} on {d1}, {spk_sur} said that {claim}.",
        "{spk_sur} repeated the point in a separate interview on {d2}, saying that {claim}.",
        "Asked about the issue on {d1}, {spk_sur} said that {claim}.",
    ),
    "paraphrase": (
        "{spk_sur} {said} that {claim}.",
        "According to {spk_sur}, {claim}.",
        "{spk_sur} told reporters that {claim} because {reason}.",
        "{Pron} {said} that {claim}, as {reason}.",
        "{spk_sur} also {said} that {claim}.",
    ),
    "pronoun": (
        "{Pron} argued that {reason}.",
        "{Pron} {said} that {claim}, adding that {reason}.",
        "{Pron} warned that {reason}.",
        "{Pron} also pointed out that {reason}.",
    ),
}

TOPICS: tuple[Topic, ...] = (
    Topic(
        key="troops",
        tags=(
            "Peace talks",
            "NATO",
            "Western troops",
            "Military aid",
            "European Union",
            "Security guarantees",
        ),
        places="front",
        speakers=(
            Role("Defense Minister", EUROPE, "{adj} minister"),
            Role("Foreign Minister", EUROPE, "{adj} foreign minister"),
            Role("Prime Minister", EUROPE, "{adj} prime minister"),
        ),
        speakers2=(
            Role("Foreign Minister", EUROPE, "{adj} foreign minister"),
            Role("Defense Minister", EUROPE, "{adj} minister"),
        ),
        pools={
            "headline": (
                "{spk_head} rejects idea of Western boots on the ground in Ukraine",
                "{spk_head} rules out deploying troops, calls for more air defense instead",
                "{spk_head} says troops in Ukraine 'not on the agenda' for now",
                "{spk_head}: Europe must not split over troops debate",
                "Allies divided as {spk_head} rejects talk of ground deployment",
                "{spk_head} calls debate on troops in Ukraine 'premature'",
            ),
            "lede": (
                "{spk_full} has dismissed proposals to station Western soldiers in Ukraine, "
                "arguing that {reason}, {outlet} reported on {d1}.",
                "{spk_full} said on {d1} that {spk_country} would not send soldiers to Ukraine, "
                "arguing that {reason}.",
                "{spk_full} has rejected calls to deploy European troops to Ukraine, telling "
                "{outlet} that {claim}.",
                "{spk_country} is not considering a military deployment to Ukraine, {spk_full} "
                "said in an interview with {outlet} published on {d1}.",
            ),
            "context": (
                "{spk2_full} {recently} refused to exclude sending European personnel to "
                "Ukraine, a remark that split the alliance.",
                "The debate was reopened {recently} when {spk2_full} suggested that European "
                "instructors could one day train Ukrainian soldiers on Ukrainian soil.",
                "Most allied capitals, and NATO headquarters in Brussels, quickly made clear "
                "they had no such plans; Moscow called the debate a “dangerous escalation.”",
                "{spk2_full} said on {d2} that allied instructors might one day work inside "
                "Ukraine in non-combat roles.",
            ),
            "claim": (
                "sending troops would amount to a unilateral escalation",
                "a deployment would close the door to negotiations",
                "the alliance had never discussed combat troops in Ukraine",
                "Europe should focus on delivering the weapons it has already promised",
                "decisions of this weight belonged to the alliance as a whole",
                "the priority was to help Ukraine hold the current front line",
                "Ukraine's partners had to be honest about how the war was going",
            ),
            "reason": (
                "putting soldiers on the ground would make negotiations harder",
                "it would hand the Kremlin a propaganda victory",
                "the alliance must act together rather than country by country",
                "public support for Ukraine would suffer if soldiers were sent",
                "ammunition deliveries remain the most urgent need",
                "Europe's shell factories are still ramping up",
            ),
            "quote": (
                "We are not at war with Russia, and we will not send our soldiers to fight",
                "Our job is to give Ukraine what it needs to defend itself, and to give it faster",
                "Nobody in the alliance has proposed sending combat troops, and nobody will",
                "The worst thing we could do now is to show Moscow that we are divided",
                "Talking and arming are not a contradiction, and we will keep doing both",
                "I understand the frustration in Kyiv, but this is not the answer",
                "We have to be honest about what our factories can deliver this year",
                "Every decision of this kind must be taken together with our allies",
            ),
            "background": (
                "Kyiv's summer offensive of 2023 gained little ground, and Russian forces have "
                "since pressed forward in several sectors.",
                "European leaders are due to meet in Brussels later this month to discuss "
                "joint ammunition purchases.",
                "The alliance's members agreed in 2023 that Ukraine's future lies in NATO but "
                "did not set a timeline for its accession.",
            ),
            "caption": (
                "{spk_full} speaks during a press conference in {spk_capital} on {cap_date}.",
                "Soldiers of a Ukrainian artillery unit fire toward Russian positions near "
                "{place} on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="air_defence",
        tags=("Air defense", "Military aid", "Patriot", "Missile attacks", "Drones", "Ramstein"),
        places="cities",
        speakers=(
            Role("Defense Minister", ALLIES, "{adj} defense minister"),
            Role("Air Force spokesperson", UA, "Air Force spokesperson"),
            Role("Foreign Minister", UA, "Ukraine's foreign minister"),
        ),
        speakers2=(Role("Defense Minister", ALLIES, "{adj} defense minister"),),
        pools={
            "headline_foreign": (
                "{spk_country} to send additional air defense systems to Ukraine",
            ),
            "lede_foreign": (
                "{spk_full} announced on {d1} that {spk_country} would deliver {n_few} more air "
                "defense systems to Ukraine by the end of the year.",
            ),
            "headline": (
                "{spk_head} says {n_few} new air defense systems to arrive 'within weeks'",
                "Ukraine running low on interceptor missiles, {spk_head} warns",
                "{spk_head} urges allies to share air defense systems ahead of winter",
                "Allies pledge more interceptors after mass missile strike on {place}",
            ),
            "lede": (
                "Ukraine urgently needs more interceptor missiles to protect its cities, "
                "{spk_full} said on {d1} after an overnight attack on {place}.",
                "{spk_full} has called on partners to speed up deliveries of air defense "
                "systems, warning that {reason}.",
            ),
            "context": (
                "Russia launched {n_tens} missiles and {n_hundreds} drones at Ukraine over the "
                "past week, according to the Air Force.",
                "The announcement followed a meeting of the Ukraine Defense Contact Group, "
                "where {spk2_full} promised to “do more, and do it faster.”",
                "Ukrainian air defenses shot down {n_tens} of {n_hundreds} Shahed-type attack "
                "drones launched overnight, the Air Force reported on {d1}.",
                "{spk2_full} said on {d2} that {spk2_country} was looking for ways to send "
                "more interceptors from its own stocks.",
            ),
            "claim": (
                "several systems would be delivered before the heating season",
                "Ukraine needed at least {n_few} more batteries to protect its largest cities",
                "the first launchers were already on their way",
                "partners had agreed to redirect some deliveries from other customers",
                "the shortage of interceptors was the biggest problem on the front",
                "the new launchers would be deployed around critical infrastructure first",
                "training of Ukrainian crews had already started abroad",
            ),
            "reason": (
                "Russia is stockpiling missiles for new mass strikes",
                "every missile that gets through costs lives",
                "Moscow is deliberately targeting the power grid",
                "the supply of interceptors has fallen behind the pace of Russian attacks",
            ),
            "quote": (
                "Every system we send saves lives in Ukrainian cities",
                "We cannot ask Ukrainians to endure another winter without protection",
                "The decision has been taken, and the equipment is on its way",
                "Air defense is the one thing we cannot afford to run out of",
                "Our partners know exactly what we need, the question is only when",
                "The enemy adapts every week, so we must adapt every week as well",
            ),
            "background": (
                "Kyiv has asked its partners for several more Patriot-type batteries to "
                "protect its energy infrastructure and front-line cities.",
                "Russia has increasingly combined cruise and ballistic missiles with swarms of "
                "cheap drones to overwhelm Ukraine's air defenses.",
            ),
            "caption": (
                "Firefighters put out a fire at a residential building hit by a Russian "
                "missile in {place_full}, on {cap_date}.",
                "Ukrainian servicemen of a mobile air defense unit watch the sky near {place} "
                "on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="energy",
        tags=("Energy", "Power grid", "Blackouts", "Missile attacks", "Ukrenergo"),
        places="cities",
        speakers=(
            Role("Energy Minister", UA, "energy minister"),
            Role("grid operator chief", UA, "grid operator chief"),
        ),
        speakers2=(Role("Deputy Energy Minister", UA, "deputy energy minister"),),
        pools={
            "headline": (
                "Russian strike damages power plant in {place}, {spk_head} says",
                "{spk_head}: Scheduled blackouts may return to {place}",
                "Ukraine to import more electricity from EU after attack on {place} power plant",
                "{spk_head} says repairs to {place} power plant will take {n_few} weeks",
                "Power restored to most of {place} after overnight attack",
            ),
            "lede": (
                "Russian forces struck energy infrastructure in {place_full}, overnight on "
                "{d1}, leaving thousands of households without power, {spk_full} said.",
                "{spk_full} said on {d1} that {claim}.",
                "Ukraine will increase electricity imports from the European Union after "
                "another Russian attack on its power grid, {spk_full} said on {d1}.",
            ),
            "context": (
                "The attack was the {nth} large-scale strike on Ukraine's energy system "
                "this year, according to the ministry.",
                "Hourly outages were introduced in {place} and the surrounding districts, "
                "the regional administration said.",
                "{spk2_full} said on {d2} that Russia had changed its tactics and was now "
                "hitting generation rather than transmission.",
            ),
            "claim": (
                "the damaged units would not be back online before the summer",
                "the country had lost about {pct}% of its generating capacity",
                "consumers should expect scheduled outages in the evening hours",
                "repair crews were working around the clock",
                "the grid was stable but had no reserves left",
                "imports from neighboring countries had reached a record level",
                "smaller, distributed power plants were harder for Russia to destroy",
            ),
            "reason": (
                "Russia keeps targeting the same facilities",
                "spare equipment has to be brought in from abroad",
                "demand rises sharply in the cold season",
            ),
            "quote": (
                "The situation is difficult, but the system is holding",
                "We are asking people to use electricity sparingly in the evening",
                "Our engineers are doing the impossible, but they need equipment",
                "This was a deliberate attack on civilians, there is no military target here",
                "We will rebuild, but each attack sets us back by months",
            ),
            "background": (
                "Russia has attacked Ukraine's energy system every winter since the start of "
                "the full-scale invasion, in what Kyiv calls an attempt to break civilian morale.",
                "Ukraine's partners have supplied transformers, generators and other equipment "
                "to help repair the grid.",
            ),
            "caption": (
                "A worker repairs a power line damaged by a Russian attack in {place_full}, on "
                "{cap_date}.",
                "Residents walk along a dark street during a blackout in {place} on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="mobilisation",
        tags=("Mobilization", "Verkhovna Rada", "Armed Forces", "Conscription"),
        places="cities",
        speakers=(
            Role("lawmaker", UA, "lawmaker", many=True),
            Role("Defense Committee head", UA, "defense committee head"),
        ),
        speakers2=(Role("Deputy Defense Minister", UA, "deputy defense minister"),),
        pools={
            "headline": (
                "Parliament passes mobilization bill in first reading with {n_votes} votes",
                "{spk_head} says {n_hundreds} amendments filed to mobilization bill",
                "Lawmakers clash over demobilization terms as {n_hundreds} amendments filed",
                "{spk_head}: Final vote on mobilization bill delayed by {n_few} weeks",
            ),
            "lede": (
                "Ukraine's parliament backed a draft law on mobilization in the first reading "
                "on {d1}, {spk_full} reported.",
                "{spk_full} said on {d1} that {claim}.",
                "The final vote on the government's mobilization bill has been postponed, "
                "{spk_full} said on {d1}, citing the number of amendments filed.",
            ),
            "context": (
                "A total of {n_hundreds} lawmakers supported the bill, while {n_tens} voted "
                "against it.",
                "{spk2_full} told lawmakers on {d2} that the army needed a predictable system of "
                "rotation for soldiers who have served since 2022.",
                "The bill would lower the mobilization age and introduce electronic summonses.",
            ),
            "claim": (
                "more than {n_hundreds} amendments had been filed",
                "the committee would need at least {n_few} more weeks",
                "the draft did not set clear terms of service",
                "soldiers who had served for years deserved the right to be demobilized",
                "the government had not explained how the changes would be funded",
                "the registration of conscripts had to be moved online",
                "deferments for students and caregivers should remain in place",
            ),
            "reason": (
                "the army urgently needs new soldiers",
                "the current rules are unfair to those who have fought since 2022",
                "the bill was drafted in a hurry",
            ),
            "quote": (
                "People at the front need to know when they will come home",
                "We cannot pass a law that nobody understands",
                "This is not a popular decision, but it is a necessary one",
                "The committee will work through every amendment, however long it takes",
                "Without rotation, the army will simply burn out",
            ),
            "background": (
                "Ukraine introduced martial law and general mobilization on the first day of "
                "the full-scale invasion, and men aged 18 to 60 are generally barred from "
                "leaving the country.",
                "The military leadership has said it needs more soldiers to rotate troops who "
                "have been fighting for months without rest.",
            ),
            "closing": (
                "The bill still needs to pass a second reading before the president can sign it "
                "into law.",
            ),
            "caption": (
                "Lawmakers attend a session of the Verkhovna Rada in Kyiv on {cap_date}.",
                "Recruits take part in a training exercise in {place_full}, on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="eu",
        tags=("European Union", "EU accession", "Reforms", "European Commission"),
        places="cities",
        speakers=(
            Role("Deputy Prime Minister for European Integration", UA, "deputy PM"),
            Role("Foreign Minister", EUROPE, "{adj} foreign minister"),
            Role("EU Affairs Minister", EUROPE, "{adj} EU affairs minister"),
        ),
        speakers2=(Role("Foreign Minister", EUROPE, "{adj} foreign minister"),),
        pools={
            "headline": (
                "{spk_head} expects first EU accession chapter to open by {month_ahead}",
                "{spk_head} says Ukraine meets conditions for next step in EU talks",
                "EU screening of Ukrainian laws enters final stage, {spk_head} says",
                "{spk_head} warns against 'shortcuts' in Ukraine's EU bid",
            ),
            "lede": (
                "{spk_full} said on {d1} that {claim}.",
                "Ukraine has completed most of the reforms required to move ahead in its EU "
                "accession talks, {spk_full} told {outlet} on {d1}.",
                "{spk_full} has urged EU member states to approve the next stage of "
                "Ukraine's accession talks, saying that {reason}.",
            ),
            "context": (
                "The European Commission recommended opening accession talks with Ukraine in "
                "November 2023, and EU leaders agreed to start them a month later.",
                "{spk2_full} said {recently} that {spk2_country} supported Ukraine's bid but "
                "expected “concrete results” on the rule of law.",
                "Hungary has repeatedly threatened to block decisions on Ukraine's membership.",
            ),
            "claim": (
                "the first negotiating cluster could be opened before the summer",
                "Ukraine had adopted all the laws requested by the Commission",
                "the screening process was ahead of schedule",
                "the reform of the judiciary remained the most difficult part",
                "enlargement was a geopolitical decision as much as a technical one",
                "the rights of national minorities had been addressed in a new law",
                "candidate countries should be judged on merit alone",
            ),
            "reason": (
                "delays would send the wrong signal to Moscow",
                "the reforms are already changing Ukraine's institutions",
                "the EU itself must reform to make room for new members",
            ),
            "quote": (
                "Ukraine has done its homework, now it is the Union's turn",
                "There are no shortcuts on the rule of law, and nobody is asking for them",
                "Enlargement is the best security investment Europe can make",
                "We expect the member states to keep their word",
                "This is a marathon, not a sprint, but we are running fast",
            ),
            "background": (
                "Ukraine applied for EU membership days after the start of the full-scale "
                "invasion and was granted candidate status in June 2022.",
                "Accession talks usually take years, and every decision requires the "
                "unanimous approval of the member states.",
            ),
            "closing": (
                "A spokesperson for the European Commission declined to comment on the details.",
                "Officials in Kyiv welcomed the statement but said more needed to be done.",
            ),
            "caption": (
                "{spk_full} arrives for a meeting of EU ministers in Brussels, Belgium, on "
                "{cap_date}.",
                "Flags of Ukraine and the European Union fly in front of a government building "
                "in Kyiv on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="sanctions",
        tags=("Sanctions", "Shadow fleet", "Oil price cap", "European Union", "Economy"),
        places="cities",
        speakers=(
            Role("Finance Minister", ALLIES, "{adj} finance minister"),
            Role("Foreign Minister", ALLIES, "{adj} foreign minister"),
            Role("presidential sanctions envoy", UA, "sanctions envoy"),
        ),
        speakers2=(Role("Foreign Minister", EUROPE, "{adj} foreign minister"),),
        pools={
            "headline_foreign": ("{spk_country} sanctions {n_tens} vessels carrying Russian oil",),
            "lede_foreign": (
                "{spk_country} has imposed sanctions on {n_tens} tankers accused of carrying "
                "Russian oil above the price cap, {spk_full} announced on {d1}.",
            ),
            "headline": (
                "EU agrees new sanctions package targeting {n_tens} shadow fleet tankers",
                "{spk_head} calls for tighter enforcement of oil price cap",
                "{spk_head}: Russia still gets Western parts for its missiles",
            ),
            "lede": (
                "{spk_full} said on {d1} that {claim}.",
                "Western components are still finding their way into Russian weapons, "
                "{spk_full} told {outlet}, urging allies to close loopholes.",
            ),
            "context": (
                "The EU's latest package also targets {n_tens} companies in third countries "
                "accused of helping Moscow evade restrictions.",
                "{spk2_full} said {recently} that the bloc was preparing measures against "
                "Russian liquefied natural gas.",
                "Investigators found foreign-made microchips in the debris of missiles that hit "
                "{place} earlier this month.",
            ),
            "claim": (
                "the shadow fleet was carrying most of Russia's seaborne crude",
                "enforcement mattered more than new listings",
                "banks in third countries were still processing Russian payments",
                "the oil price cap should be lowered",
                "the measures had cut Moscow's oil revenue by about {pct}%",
                "dual-use goods were still reaching Russia through Central Asia",
                "insurers and flag states had to share more data",
            ),
            "reason": (
                "Russia finances the war with energy exports",
                "loopholes are being exploited at scale",
                "companies take sanctions seriously only when they are enforced",
            ),
            "quote": (
                "Every barrel sold above the cap pays for another missile",
                "Sanctions work, but only if we enforce them",
                "We know the routes, we know the companies, now we must act",
                "This package is not the last one, and Moscow should know that",
            ),
            "background": (
                "The EU has adopted more than a dozen sanctions packages against Russia since "
                "February 2022.",
                "Russia relies on an aging fleet of tankers with opaque ownership to ship its "
                "oil to buyers in Asia.",
            ),
            "caption": (
                "An oil tanker is anchored off the coast near the port of Novorossiysk on "
                "{cap_date}.",
                "{spk_full} attends a meeting in {spk_capital} on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="frontline",
        tags=("Front line", "Donetsk Oblast", "Armed Forces", "Russian offensive", "War"),
        places="front",
        speakers=(
            Role("spokesperson for the {brigade}", UA, "brigade spokesperson"),
            Role("commander of the {brigade}", UA, "commander"),
            Role("military spokesperson", UA, "military spokesperson", many=True),
        ),
        speakers2=(Role("military analyst", UA, "analyst", many=True),),
        pools={
            "headline": (
                "Russian forces intensify assaults near {place}, {spk_head} says",
                "Ukraine repels {n_tens} attacks near {place} in past day",
                "{spk_head}: Situation near {place} 'difficult but under control'",
                "Russia pushes toward {place} as Ukrainian troops face shell shortage",
                "Ukrainian troops withdraw from positions near {place}",
            ),
            "lede": (
                "Russian forces have stepped up assaults near {place_full}, {spk_full} said "
                "on {d1}.",
                "Ukrainian troops repelled {n_tens} Russian attacks near {place} over the past "
                "day, {spk_full} said on national television on {d1}.",
                "{spk_full} said on {d1} that {claim}.",
            ),
            "context": (
                "Russian troops are attacking in small groups, often on motorcycles, and rely "
                "on glide bombs to destroy Ukrainian positions, according to the brigade.",
                "{spk2_full} said that Russia was trying to reach the administrative border of "
                "Donetsk Oblast before the autumn rains.",
                "The town had a pre-war population of about {n_tens},000 people; only a few "
                "hundred remain, according to local authorities.",
            ),
            "claim": (
                "Russian units had lost {n_hundreds} soldiers in the area over the past week",
                "the brigade was holding its positions despite a shortage of shells",
                "Russian troops were using drones to strike evacuation vehicles",
                "the enemy had not achieved any significant advance",
                "Ukrainian forces had pulled back to better defensive lines",
                "Russian troops had briefly entered the outskirts before being pushed back",
                "the brigade had received fresh drones but still lacked infantry",
            ),
            "reason": (
                "Russia has a significant advantage in artillery",
                "the terrain makes the defense difficult",
                "the enemy is throwing in fresh reserves",
            ),
            "quote": (
                "They keep coming in small groups, day and night",
                "We hold the line, but the guys are exhausted",
                "The enemy has more shells, we have more motivation",
                "Every kilometer costs them hundreds of soldiers",
                "Drones are now doing the work that artillery used to do",
            ),
            "background": (
                "Russian forces have advanced slowly in the area over recent months, at the cost "
                "of heavy losses in men and equipment.",
                "Ukraine's General Staff reports daily on the number of clashes along the "
                "front line, which stretches for more than 1,000 kilometers.",
            ),
            "caption": (
                "A Ukrainian soldier of the {brigade} walks through a trench near {place}, "
                "{oblast}, on {cap_date}.",
                "Damaged apartment blocks stand in {place_full}, on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="drones",
        tags=("Drones", "Drone attacks", "Oil refineries", "Russia", "Long-range strikes"),
        places="cities",
        speakers=(
            Role("{region} Governor", ("ru",), "Russian governor"),
            Role(
                "spokesperson for Ukraine's Security Service", UA, "Security Service spokesperson"
            ),
        ),
        speakers2=(Role("military analyst", UA, "analyst", many=True),),
        pools={
            "headline": (
                "Drones hit oil refinery in Russia's {region}, {spk_head} says",
                "Fire breaks out at oil depot in {region} after drone attack",
                "Ukraine's drones strike airfield in {region}, {spk_head} says",
                "Russia claims to down {n_tens} Ukrainian drones overnight",
            ),
            "lede": (
                "A drone attack caused a fire at an oil refinery in Russia's {region} "
                "overnight on {d1}, {spk_full} said.",
                "Ukrainian drones struck a fuel depot in {region} overnight, {spk_full} said "
                "on {d1}.",
                "{spk_full} said on {d1} that {claim}.",
            ),
            "context": (
                "Russia's Defense Ministry claimed to have shot down {n_tens} drones over "
                "several regions, a figure that could not be verified.",
                "{spk2_full} said the strikes were meant to reduce the supply of fuel to "
                "Russian troops.",
                "Local Telegram channels published videos showing a large fire and several "
                "explosions.",
            ),
            "claim": (
                "the fire had been extinguished by the morning",
                "no one had been injured",
                "the attack had damaged a primary processing unit",
                "{n_few} drones had been shot down on approach",
                "a second wave of drones had targeted a nearby power substation",
                "nearby residents had been briefly evacuated as a precaution",
                "train traffic in the area had been suspended for several hours",
            ),
            "reason": (
                "the refinery supplies fuel to Russian forces in the south",
                "Russia's air defenses are stretched thin",
                "Ukraine is producing more long-range drones every month",
            ),
            "quote": (
                "All emergency services are working at the site",
                "There is no threat to residents, the situation is under control",
                "These are legitimate military targets that fuel the war",
                "The operation was carried out with domestically produced drones",
            ),
            "background": (
                "Ukraine has repeatedly struck oil facilities deep inside Russia, saying they "
                "supply the Russian military.",
                "Kyiv rarely comments officially on attacks on Russian territory.",
            ),
            "caption": (
                "Smoke rises over an oil depot in {region}, Russia, on {cap_date}.",
                "A long-range drone is prepared for launch at an undisclosed location in "
                "Ukraine on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="grain",
        tags=("Grain", "Black Sea", "Exports", "Odesa", "Shipping"),
        places="cities",
        speakers=(
            Role("Agrarian Policy Minister", UA, "agriculture minister"),
            Role("Navy spokesperson", UA, "Navy spokesperson"),
            Role("Infrastructure Minister", UA, "infrastructure minister"),
        ),
        speakers2=(Role("Deputy Infrastructure Minister", UA, "deputy minister"),),
        pools={
            "headline": (
                "Ukraine's grain exports via Black Sea corridor reach {n_tens} million tons",
                "{spk_head}: Russian missile hits port infrastructure in Odesa Oblast",
                "Ports of Greater Odesa handle {n_tens} million tons of cargo, {spk_head} says",
                "{spk_head} says shipping corridor works despite Russian threats",
            ),
            "lede": (
                "Ukraine has exported {n_tens} million tons of cargo through its Black Sea "
                "corridor since it opened, {spk_full} said on {d1}.",
                "{spk_full} said on {d1} that {claim}.",
                "A Russian missile damaged a grain terminal in {place_full}, overnight, "
                "{spk_full} reported on {d1}.",
            ),
            "context": (
                "Russia withdrew from the UN-brokered grain deal in July 2023 and threatened to "
                "treat ships heading to Ukrainian ports as military targets.",
                "{spk2_full} said that {n_hundreds} vessels had used the corridor so far.",
                "Insurance rates for ships calling at Ukrainian ports have fallen since "
                "the summer, according to industry data.",
            ),
            "claim": (
                "the corridor was operating at close to pre-war capacity",
                "exports had risen by {pct}% compared with last year",
                "the ports needed more air defense",
                "ship owners were returning despite the risks",
                "the port of Izmail on the Danube had also resumed full operations",
                "new insurance guarantees had lowered freight costs",
                "grain silos damaged last year had been rebuilt",
            ),
            "reason": (
                "the Navy has pushed Russian warships away from the western Black Sea",
                "Ukraine's farmers depend on sea exports",
                "land routes through Europe are congested",
            ),
            "quote": (
                "The corridor works, and it works without anyone's permission",
                "Every ship that leaves Odesa is a small victory",
                "Our farmers have kept sowing under fire, the least we can do is ship the grain",
                "Russia wants to scare the ship owners, but it is not working",
            ),
            "background": (
                "Before the full-scale invasion, Ukraine was one of the world's largest "
                "exporters of wheat, corn and sunflower oil.",
                "Russian attacks have damaged or destroyed more than {n_hundreds} port "
                "facilities in Odesa Oblast since 2023.",
            ),
            "caption": (
                "A cargo ship is loaded with grain at a port in {place_full}, on {cap_date}.",
                "A farmer harvests wheat in a field near {place} on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="corruption",
        tags=("Corruption", "NABU", "Procurement", "Defense Ministry", "Courts"),
        places="cities",
        speakers=(
            Role("anti-corruption prosecutor", UA, "prosecutor", many=True),
            Role("lawmaker", UA, "lawmaker", many=True),
        ),
        speakers2=(Role("lawyer", UA, "lawyer", many=True),),
        pools={
            "headline": (
                "{n_few} officials in {place} charged over inflated prices for army supplies",
                "{spk_head}: Former official suspected of embezzling {n_tens} million hryvnias",
                "Court sets {n_tens} million hryvnia bail for defense supplier accused of fraud",
                "Anti-corruption bureau uncovers scheme in {place} procurement",
            ),
            "lede": (
                "Ukraine's anti-corruption bureau has charged {n_few} officials with embezzling "
                "funds meant for the army, {spk_full} said on {d1}.",
                "A former official in {place} is suspected of inflating the price of "
                "construction contracts, {spk_full} said on {d1}.",
                "{spk_full} said on {d1} that {claim}.",
            ),
            "context": (
                "According to investigators, the suppliers charged up to {pct}% above market "
                "prices for winter clothing and food.",
                "{spk2_full}, who represents one of the suspects, said {pron2} would appeal the "
                "decision.",
                "The case is one of several procurement investigations opened since the "
                "start of the year.",
            ),
            "claim": (
                "the suspects had been detained while trying to leave the country",
                "the losses to the state exceeded {n_tens} million hryvnias",
                "the investigation was continuing",
                "the scheme had operated for at least {n_few} years",
                "the contracts had been signed without a public tender",
                "the money had been moved through shell companies abroad",
                "a court had frozen the suspects' assets",
            ),
            "reason": (
                "the public has a right to know how defense money is spent",
                "corruption undermines trust among Ukraine's partners",
            ),
            "quote": (
                "No one is above the law, especially in wartime",
                "We will follow the money wherever it leads",
                "The evidence speaks for itself",
                "My client denies all the charges and will prove his innocence in court",
            ),
            "background": (
                "Fighting corruption is one of the key conditions for Ukraine's EU "
                "membership and for continued Western financial support.",
                "The anti-corruption bureau was created in 2015 as part of reforms backed by "
                "Ukraine's Western partners.",
            ),
            "caption": (
                "The building of the High Anti-Corruption Court in Kyiv on {cap_date}.",
                "Investigators search an office in {place} on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="reconstruction",
        tags=("Reconstruction", "Economy", "Investments", "World Bank", "Housing"),
        places="cities",
        speakers=(
            Role("Economy Minister", UA, "economy minister"),
            Role("Development Minister", ALLIES, "{adj} development minister"),
            Role("mayor of {place}", UA, "mayor"),
        ),
        speakers2=(Role("Deputy Economy Minister", UA, "deputy minister"),),
        pools={
            "headline_foreign": ("{spk_country} to finance rebuilding of schools in {place}",),
            "lede_foreign": (
                "{spk_country} will provide ${n_bn} billion to rebuild housing and schools in "
                "{place}, {spk_full} announced on {d1}.",
            ),
            "headline": (
                "Reconstruction of Ukraine to cost ${n_hundreds} billion, new estimate says",
                "{spk_head}: Donors pledge ${n_bn} billion for housing in {place}",
                "{spk_head} says private investors returning to {place}",
            ),
            "lede": (
                "The cost of rebuilding Ukraine has risen to ${n_hundreds} billion, {spk_full} "
                "said on {d1}, citing a new joint assessment.",
                "{spk_full} said on {d1} that {claim}.",
            ),
            "context": (
                "The assessment counts damage to housing, transport, energy and industry since "
                "the start of the full-scale invasion.",
                "{spk2_full} said that the government was preparing a list of priority "
                "projects for the coming year.",
                "About {n_tens},000 residential buildings have been damaged or destroyed in "
                "{oblast} alone, according to regional officials.",
            ),
            "claim": (
                "housing and energy would be the priorities",
                "the money would be disbursed through a transparent digital system",
                "war-risk insurance was the key to attracting private capital",
                "the first projects would be completed before the end of the year",
                "local contractors would get priority in the tenders",
                "damaged bridges and water supply systems came next",
                "the funds would also cover shelters in schools",
            ),
            "reason": (
                "people need to return to their homes",
                "investors are waiting for guarantees",
                "the damage keeps growing with every attack",
            ),
            "quote": (
                "We are rebuilding while the war is still going on, and we have no choice",
                "Every school we rebuild is a reason for a family to come back",
                "Investors want predictability, and we are giving it to them",
                "The money will be spent openly, and everyone will be able to check it",
            ),
            "background": (
                "Ukraine's economy shrank by almost a third in 2022 and has partly recovered "
                "since, helped by foreign aid.",
                "Allies have debated using frozen Russian assets to pay for Ukraine's "
                "reconstruction.",
            ),
            "caption": (
                "Workers rebuild a residential building damaged by Russian shelling in "
                "{place_full}, on {cap_date}.",
                "{spk_full} speaks at a reconstruction conference in {spk_capital} on {cap_date}.",
            ),
        },
    ),
    Topic(
        key="prisoners",
        tags=("Prisoner exchange", "POWs", "Human rights", "Coordination Headquarters"),
        places="cities",
        speakers=(
            Role("human rights ombudsman", UA, "ombudsman"),
            Role("spokesperson for the Coordination Headquarters", UA, "spokesperson"),
        ),
        speakers2=(Role("Foreign Minister", EUROPE, "{adj} foreign minister"),),
        pools={
            "headline": (
                "Ukraine brings home {n_tens} prisoners of war in latest exchange",
                "{spk_head}: Russia holds thousands of Ukrainian civilians",
                "{n_tens} freed POWs describe torture in Russian captivity",
                "{spk_head} says {n_tens} more POWs could return in next swap",
            ),
            "lede": (
                "Ukraine has brought home {n_tens} soldiers and civilians in a new prisoner "
                "exchange with Russia, {spk_full} said on {d1}.",
                "{spk_full} said on {d1} that {claim}.",
                "Most Ukrainian prisoners of war released this year report having been "
                "tortured, {spk_full} told {outlet} on {d1}.",
            ),
            "context": (
                "Among those released were defenders of Mariupol and members of the National "
                "Guard, the Coordination Headquarters said.",
                "{spk2_full} said {recently} that {spk2_country} was ready to help mediate "
                "further exchanges.",
                "The exchange was the {nth} this year.",
            ),
            "claim": (
                "Russia was delaying exchanges to put pressure on Kyiv",
                "the released soldiers were receiving medical and psychological help",
                "the next exchange was already being prepared",
                "the Red Cross still had no access to many detention sites",
                "families of the missing had been invited to submit DNA samples",
                "the bodies of fallen soldiers had also been repatriated",
                "some of those released had spent more than two years in captivity",
            ),
            "reason": (
                "every exchange has to be negotiated from scratch",
                "Moscow uses prisoners as a bargaining chip",
            ),
            "quote": (
                "We will bring every one of them home",
                "They came back thin and exhausted, but they came back",
                "Russia violates the Geneva Conventions every single day",
                "Families should not lose hope, the work continues every day",
            ),
            "background": (
                "Ukraine and Russia have held dozens of prisoner exchanges since 2022, often "
                "with the help of foreign mediators.",
                "Thousands of Ukrainians, including civilians, remain in Russian captivity, "
                "according to Ukrainian officials.",
            ),
            "caption": (
                "Released Ukrainian prisoners of war react after an exchange at an undisclosed "
                "location on {cap_date}.",
                "Relatives of missing soldiers hold their photos during a rally in {place} on "
                "{cap_date}.",
            ),
        },
    ),
)

TOPIC_BY_KEY: dict[str, Topic] = {t.key: t for t in TOPICS}


def _merge(topic: Topic, foreign: bool) -> dict[str, tuple[str, ...]]:
    """GENERIC then the topic's pools; `<name>_foreign` joins `<name>` for a foreign speaker."""
    merged: dict[str, tuple[str, ...]] = {}
    for pools in (GENERIC, topic.pools):
        for name, options in pools.items():
            if name.endswith("_foreign"):
                continue
            extra = pools.get(f"{name}_foreign", ()) * foreign
            merged[name] = merged.get(name, ()) + options + extra
    return merged


#: (topic key, speaker is foreign) -> every pool a Draw may use.
POOLS: dict[tuple[str, bool], dict[str, tuple[str, ...]]] = {
    (t.key, foreign): _merge(t, foreign) for t in TOPICS for foreign in (False, True)
}

BRIGADES = (
    "47th Mechanized Brigade",
    "3rd Assault Brigade",
    "93rd Mechanized Brigade",
    "110th Mechanized Brigade",
    "24th Mechanized Brigade",
    "65th Mechanized Brigade",
    "128th Mountain Assault Brigade",
    "59th Motorized Brigade",
    "36th Marine Brigade",
)

# Extra caption sentences (the seed's caption has several sentences).
CAPTION_EXTRA = (
    "Only a few hundred people still live in the town.",
    "Local authorities say the area comes under fire almost daily.",
    "The city has been without a stable power supply for weeks.",
    "Volunteers deliver food and medicine to those who stayed.",
    "Emergency workers spent hours clearing the debris.",
)
