#!/usr/bin/python3
"""Deterministic generator of synthetic localaction actions for the benchmarks.

Writes N actions in JSON Lines (default) or CSV, in the import format of
docs/data-format.md. The same --count and --seed always give the same bytes:
every random choice comes from one random.Random(seed), every pool is built
from lists (never from set or dict iteration order of strings), and the
reference codes are read from data/reference/*.tsv in file order.

    /usr/bin/python3 bench/gen_actions.py --count 100000 --seed 1 --output bench/out/a.jsonl
    /usr/bin/python3 bench/gen_actions.py --count 1000 --format csv --output a.csv
    /usr/bin/python3 bench/gen_actions.py --count 1000 --published-ids ids.txt
    /usr/bin/python3 bench/gen_actions.py --count 10000 --forum bench-forum --progress

--forum SLUG first writes a forum record (a delegation of governments from the pool and a
programme of sessions with their participants, from its own random stream) and submits every
action to it; --progress writes progress updates after each action that has measurable
targets. Without them the actions are the same bytes as before.

Standard library only. Prints the time it took (and what it wrote) to stderr.
"""

import argparse
import bisect
import csv
import itertools
import json
import os
import sys
import time

import random

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REFERENCE = os.path.join(os.path.dirname(HERE), "data", "reference")

# ---------------------------------------------------------------------------
# Vocabulary: base words by part of speech, inflected by rule below. Together
# with the inflections this gives a few thousand distinct English words.
# ---------------------------------------------------------------------------

NOUNS = """
access account action activity adaptation address administration adult advice advocacy
agency agenda agreement agriculture aid airport allowance alliance analysis apartment
application apprentice approach area arrangement arrival art assessment assistance
association asylum audience audit authority award awareness balance bank barrier basis
benefit bicycle border boundary branch budget building bureau business campaign camp
capacity capital care career caseworker category centre certificate challenge chamber
champion change channel charity charter child childhood choice citizen citizenship city
claim class classroom clinic coalition code cohort collaboration colleague college
commission commitment committee community company compact complaint component concern
condition conference conflict connection consultation contact context contract
contribution convention conversation cooperation coordination corridor council counsellor
country county course court coverage crisis criterion culture curriculum customer
database daughter deadline debate decade decision declaration degree delegation delivery
demand department deposit design desk destination detention development device dialogue
diaspora difference dignity diploma director disability disaster discrimination
discussion displacement district diversity doctor document documentation domain donor
draft drought economy editor education effort election emergency employer employment
enterprise entrepreneur environment equality equipment estate evaluation event evidence
example exchange exhibition expert exploitation facility factor faith family farm farmer
feedback festival field finance flood floor focus food forum foundation framework
freedom function fund funding future garden gender generation goal governance government
grant group growth guarantee guidance guide guideline habitat harbour harvest health
hearing heritage highway history home hospital host hotline household housing hub
identity impact implementation improvement incentive inclusion income indicator
industry inequality information infrastructure initiative innovation input inspection
institution instrument insurance integration interest interpreter interview investment
island issue job journey judge justice kitchen knowledge labour land landlord language
law lawyer layer leader leadership learning lease lesson level library licence
livelihood loan location lodging maintenance majority management manager mandate map
market measure mechanism media mediator meeting member membership mentor message method
midwife migrant migration minister ministry minority mission mobility model module
money month motivation movement municipality museum nation need neighbour neighbourhood
network newcomer newspaper norm nurse nutrition objective obligation office officer
operation opportunity option organisation orientation origin outcome outreach owner
parent park parliament participant participation partner partnership passport pathway
patient payment peer pension people permit person phase physician pilot place plan
platform pledge police policy population port portal position poverty practice
preparation presence pressure prevention principle priority prison problem procedure
process producer profession professional programme progress project property proposal
protection protocol province provision public purpose quality question quota radio
rate reception recognition recommendation record recovery referral reform refuge refugee
region register registration regulation relationship relief remittance rent report
representative request requirement research resettlement residence resident resilience
resource response responsibility result retirement return review right risk road role
room route rule safety salary sanitation scheme scholarship school science season
sector security seminar service session settlement shelter shop sister skill society
solidarity solution source space speaker sport staff stage stakeholder standard state
statement station statistic status strategy street strength structure student study
subsidy success summit supervisor supplier supply support survey survivor system table
talent target task tax teacher team technology tenant term territory test theatre theme
threat ticket tool topic tourism town trade tradition traffic trafficking trainer
training transition translation translator transport treatment trend trust tuition
unemployment union unit university update vaccine value venue victim village violence
visa visit visitor voice volunteer vote voucher wage water wave website welfare
wellbeing window woman worker workforce workplace workshop world year youth zone
""".split()

VERBS = """
accept access accompany achieve acquire act adapt add address adopt advance advise
advocate affect agree aim align allocate allow amend analyse announce answer appear
apply appoint approve arrange assess assign assist attend attract authorise avoid award
balance benefit boost build calculate call campaign care celebrate certify change
check choose claim clarify collaborate collect combine commission commit communicate
compare compile complete comply conduct confirm connect consider consolidate consult
contact continue contribute convene coordinate cover create cultivate deal decide
declare define deliver demonstrate deploy design detect develop digitise direct
disaggregate discuss distribute document draft educate elect eliminate embed empower
enable encourage endorse engage enhance enrol ensure enter equip establish estimate
evaluate examine exchange expand explain explore extend facilitate finance focus follow
formalise foster fund gather generate govern grant guarantee guide handle harmonise help
host house identify implement improve include increase inform initiate integrate
introduce invest invite involve issue join launch lead learn leverage link list listen
lobby locate maintain manage map match measure mediate meet mentor mobilise modernise
monitor motivate move negotiate network nominate notify obtain offer open operate
organise outline oversee own participate partner pay perform pilot place plan pledge
prepare present preserve prevent prioritise produce promote propose protect provide
publish pursue raise reach receive recognise recommend record recruit reduce refer
reform register regularise reinforce relocate remain remove renew repair report
represent request require rescue research resettle resolve respond restore review
revise reward run safeguard scale secure select serve set share shelter simplify
solve speak sponsor staff start strengthen submit subsidise succeed supply support
survey sustain tackle teach test train transfer transform translate treat trust
undertake unite update upgrade use validate value verify visit volunteer welcome widen
work write
""".split()

ADJECTIVES = """
able academic accessible accurate active additional adequate administrative affordable
agricultural annual anonymous appropriate available basic bilingual broad central
certain civic civil clear climate coastal collective commercial common community
comprehensive concrete confidential constant constitutional consular continuous
coordinated core creative critical cross cultural current daily decent democratic
dependable different digital direct diverse domestic durable early economic educational
effective efficient elderly electronic eligible emergency empirical environmental
equal equitable essential ethical european evidential existing external fair familiar
federal female financial first flexible foreign formal free frequent full future
general gradual green healthy historic holistic human humanitarian independent
individual informal initial innovative institutional integrated intercultural interim
internal international irregular joint judicial key large late legal linguistic local
long low main major medical mental metropolitan migrant minimum mobile modern monthly
multilingual municipal mutual national native new next official online open operational
orderly ordinary organised overall participatory particular peaceful permanent personal
physical pilot political popular positive practical precarious preventive primary
private proactive professional progressive public qualitative quantitative quick
racial rapid real recent regional regular relevant reliable remote residential
resilient responsible rural safe seasonal secondary secure sensitive separate
shared short significant similar simple single small social special specific stable
standard strategic strong structural substantial successful sufficient sustainable
systematic targeted technical temporary territorial thematic timely total traditional
transparent transnational unaccompanied undocumented universal urban useful vocational
voluntary vulnerable weekly whole wide young
""".split()

ADVERBS = """
actively already also annually closely collectively consistently currently directly
effectively equally especially fairly fully further gradually immediately increasingly
jointly largely locally mainly meaningfully mostly now often particularly partly
progressively promptly quickly rapidly recently regularly safely significantly
simultaneously steadily still strongly successfully systematically together
transparently usually widely
""".split()

FUNCTION_WORDS = """
the the the the the of of of of and and and and to to to in in in for for a a with
on by as at from its their this that these those which who all more most each other
between within across through under over into about after before during without
against among towards new both such than so while where when also but or not
""".split()

# Accented words, as a Latin-script corpus of migration policy would hold them.
ACCENTED = """
São Montréal Bogotá Québec Zürich Málaga Córdoba Medellín Malmö Kraków Łódź Göteborg
Genève Brasília Cancún Mérida Asunción Curaçao Niterói Belém Goiânia Yaoundé Lomé
Ségou Düsseldorf Nürnberg Tromsø Århus İzmir Reykjavík Cádiz Logroño Peñalolén
Ñuñoa Valparaíso Querétaro Potosí Tucumán Maceió Vitória Florianópolis Jönköping
Västerås Linköping Besançon Orléans Nîmes Liège Mönchengladbach Görlitz café
résumé naïve rôle élite façade entrée protégé coördination médiation accueil
intégration migración población ciudadanía inclusão acolhimento
""".split()

# Irregular or doubled forms: base -> (3rd person, past, gerund)
VERB_EXCEPTIONS = {
    "build": ("builds", "built", "building"),
    "choose": ("chooses", "chosen", "choosing"),
    "deal": ("deals", "dealt", "dealing"),
    "lead": ("leads", "led", "leading"),
    "meet": ("meets", "met", "meeting"),
    "pay": ("pays", "paid", "paying"),
    "run": ("runs", "run", "running"),
    "set": ("sets", "set", "setting"),
    "speak": ("speaks", "spoken", "speaking"),
    "teach": ("teaches", "taught", "teaching"),
    "write": ("writes", "written", "writing"),
    "own": ("owns", "owned", "owning"),
    "enrol": ("enrols", "enrolled", "enrolling"),
    "plan": ("plans", "planned", "planning"),
    "commit": ("commits", "committed", "committing"),
    "submit": ("submits", "submitted", "submitting"),
    "map": ("maps", "mapped", "mapping"),
    "equip": ("equips", "equipped", "equipping"),
    "label": ("labels", "labelled", "labelling"),
    "pilot": ("pilots", "piloted", "piloting"),
    "benefit": ("benefits", "benefited", "benefiting"),
    "visit": ("visits", "visited", "visiting"),
    "offer": ("offers", "offered", "offering"),
    "enter": ("enters", "entered", "entering"),
    "partner": ("partners", "partnered", "partnering"),
    "mentor": ("mentors", "mentored", "mentoring"),
    "monitor": ("monitors", "monitored", "monitoring"),
    "sponsor": ("sponsors", "sponsored", "sponsoring"),
    "shelter": ("shelters", "sheltered", "sheltering"),
    "register": ("registers", "registered", "registering"),
    "deliver": ("delivers", "delivered", "delivering"),
    "answer": ("answers", "answered", "answering"),
    "consider": ("considers", "considered", "considering"),
    "foster": ("fosters", "fostered", "fostering"),
    "widen": ("widens", "widened", "widening"),
    "open": ("opens", "opened", "opening"),
    "listen": ("listens", "listened", "listening"),
    "strengthen": ("strengthens", "strengthened", "strengthening"),
    "transfer": ("transfers", "transferred", "transferring"),
    "refer": ("refers", "referred", "referring"),
    "staff": ("staffs", "staffed", "staffing"),
    "remain": ("remains", "remained", "remaining"),
    "lobby": ("lobbies", "lobbied", "lobbying"),
    "network": ("networks", "networked", "networking"),
    "campaign": ("campaigns", "campaigned", "campaigning"),
    "value": ("values", "valued", "valuing"),
    "embed": ("embeds", "embedded", "embedding"),
}

NOUN_EXCEPTIONS = {
    "child": "children", "woman": "women", "person": "people", "people": "peoples",
    "criterion": "criteria", "analysis": "analyses", "crisis": "crises",
    "youth": "youths", "staff": "staff", "childhood": "childhoods", "midwife": "midwives", "evidence": "evidence",
    "information": "information", "knowledge": "knowledge", "equipment": "equipment",
    "advice": "advice", "welfare": "welfare", "wellbeing": "wellbeing", "money": "money",
    "asylum": "asylums", "labour": "labour", "tuition": "tuition", "sanitation": "sanitation",
    "nutrition": "nutrition", "justice": "justice", "freedom": "freedoms", "safety": "safety",
    "tourism": "tourism", "trafficking": "trafficking", "unemployment": "unemployment",
    "inequality": "inequalities", "agriculture": "agriculture", "leadership": "leadership",
}


def _plural(noun):
    if noun in NOUN_EXCEPTIONS:
        return NOUN_EXCEPTIONS[noun]
    if noun.endswith(("s", "sh", "ch", "x", "z")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _verb_forms(verb):
    if verb in VERB_EXCEPTIONS:
        return VERB_EXCEPTIONS[verb]
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        third = verb + "es"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        third = verb[:-1] + "ies"
    else:
        third = verb + "s"
    if verb.endswith("ee"):
        past, ing = verb + "d", verb + "ing"
    elif verb.endswith("e"):
        past, ing = verb + "d", verb[:-1] + "ing"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past, ing = verb[:-1] + "ied", verb + "ing"
    else:
        past, ing = verb + "ed", verb + "ing"
    return third, past, ing


def _unique(words):
    seen = {}
    for w in words:
        if w not in seen:
            seen[w] = True
    return list(seen)  # insertion order: deterministic


def build_vocabulary():
    """The content vocabulary (a few thousand words) and the gerunds used in titles."""
    words = []
    for n in NOUNS:
        words.append(n)
        words.append(_plural(n))
    gerunds = []
    for v in VERBS:
        third, past, ing = _verb_forms(v)
        words.extend((v, third, past, ing))
        gerunds.append(ing)
    words.extend(ADJECTIVES)
    words.extend(ADVERBS)
    return _unique(words), _unique(gerunds)


# ---------------------------------------------------------------------------
# Reference data
# ---------------------------------------------------------------------------


def read_tsv(reference_dir, name):
    path = os.path.join(reference_dir, name)
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line.rstrip("\r\n") for line in f if line.strip()]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


class Reference:
    def __init__(self, reference_dir):
        self.objectives = [int(r["number"]) for r in read_tsv(reference_dir, "gcm_objectives.tsv")]
        self.principles = [int(r["number"]) for r in read_tsv(reference_dir, "gcm_guiding_principles.tsv")]
        self.gcr = [int(r["number"]) for r in read_tsv(reference_dir, "gcr_objectives.tsv")]
        goals = [r["number"] for r in read_tsv(reference_dir, "sdg_goals.tsv")]
        targets = [r["code"] for r in read_tsv(reference_dir, "sdg_targets.tsv")]
        # Targets are what pledges usually cite; whole goals now and then.
        self.sdg = targets * 3 + goals
        self.themes = [r["slug"] for r in read_tsv(reference_dir, "themes.tsv")]
        self.target_groups = [r["slug"] for r in read_tsv(reference_dir, "target_groups.tsv")]
        self.countries = [r for r in read_tsv(reference_dir, "countries.tsv") if r.get("region")]


# ---------------------------------------------------------------------------
# Governments
# ---------------------------------------------------------------------------

SYLLABLES = """
ba be bo bra ca co da de do fa fe ga go gra ha ka ki ko la le li lo lu ma me mi mo
na ne ni no nu pa pe po ra re ri ro ru sa se si so ta te ti to tu va ve vi vo za ze
""".split()
NAME_ENDINGS = """
ton ville burg by stad polis grad abad pur cester dorf heim mouth field port mar
na ra ta ko ya ga la sa ro ni
""".split()
NAME_PREFIXES = ["", "", "", "", "", "", "", "", "San ", "Santa ", "Port ", "New ", "Nova ",
                 "Bad ", "Saint-", "Villa ", "Puerto ", "Al ", "Ciudad ", "North ", "South ",
                 "Greater ", "Upper ", "El "]
ACCENTED_PLACE_WORDS = ["São", "Montréal", "Bogotá", "Córdoba", "Medellín", "Malmö", "Kraków",
                        "Yaoundé", "Lomé", "Belém", "Tromsø", "Reykjavík", "Cádiz", "Potosí",
                        "Valparaíso", "Orléans", "Liège", "Görlitz", "Ñuñoa", "Querétaro"]
ACTIVE_COUNTRIES = ["US", "DE", "BR", "IT", "ES", "FR", "CO", "MX", "CA", "GB", "UG", "KE", "NG",
                    "ZA", "GH", "TR", "PH", "IN", "SE", "NL", "BE", "PT", "AR", "CL", "EC", "PE",
                    "GT", "SN", "MA", "TN", "JO", "LB", "BD", "ID", "AU", "JP", "KR", "CH", "AT",
                    "PL", "GR", "SL", "GM", "CM", "ET", "SO", "PK", "NP", "HN", "SV", "CR", "PA"]
GOV_KINDS = ["city"] * 70 + ["municipality"] * 15 + ["metropolitan_area"] * 6 + \
    ["region"] * 7 + ["association"] * 2


def place_name(rng, serial):
    """A varied synthetic place name; the serial keeps it unique ('City 0001' style)."""
    shape = rng.random()
    if shape < 0.12:
        # Plain 'City 0001' style names, varied in the head word.
        head = rng.choice(["City", "Town", "Municipality", "District", "Commune", "Borough"])
        return "%s %04d" % (head, serial)
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))) + rng.choice(NAME_ENDINGS)
    name = rng.choice(NAME_PREFIXES) + stem.capitalize()
    if shape < 0.20:
        name = rng.choice(ACCENTED_PLACE_WORDS) + " " + stem.capitalize()
    elif shape < 0.27:
        name += " " + rng.choice(["Norte", "Sul", "Est", "Ouest", "East", "West", "Centre", "Sud"])
    return "%s %04d" % (name, serial) if shape < 0.35 else name


def build_governments(rng, ref, count):
    """About `count` governments across ~150 countries, skewed like real city networks."""
    # Countries whose cities are most active in city networks come first (in a
    # shuffled order), then the others; 150 in all, with a Zipf-like skew.
    by_code = {c["alpha2"]: c for c in ref.countries}
    active = [by_code[a] for a in ACTIVE_COUNTRIES if a in by_code]
    others = sorted((c for c in ref.countries if c["alpha2"] not in ACTIVE_COUNTRIES),
                    key=lambda c: c["alpha2"])
    rng.shuffle(active)
    rng.shuffle(others)
    chosen = (active + others)[:150]
    # Zipf-like skew: a few countries hold many governments, most hold a handful.
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(chosen))]
    total = sum(weights)
    govs = []
    seen = set()
    # Every chosen country gets at least one government; the rest by weight.
    per_country = [1] * len(chosen)
    remaining = count - len(chosen)
    for i, w in enumerate(weights):
        per_country[i] += int(remaining * w / total)
    # Hand out what rounding left, to the largest countries first.
    i = 0
    while sum(per_country) < count:
        per_country[i % len(chosen)] += 1
        i += 1
    serial = 0
    for country, n in zip(chosen, per_country):
        for _ in range(n):
            serial += 1
            name = place_name(rng, serial)
            if (name, country["alpha2"]) in seen:
                name = "%s %04d" % (name, serial)
            seen.add((name, country["alpha2"]))
            govs.append({"name": name, "country": country["alpha2"], "kind": rng.choice(GOV_KINDS)})
    # Lead governments: active ones pledge more often than others.
    gov_weights = list(itertools.accumulate(1.0 / (i + 1) ** 0.5 for i in range(len(govs))))
    order = list(range(len(govs)))
    rng.shuffle(order)
    return [govs[i] for i in order], gov_weights


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------

GROUP_NOUNS = ["migrants", "refugees", "newcomers", "asylum seekers", "migrant workers",
               "displaced families", "young people", "women", "children", "residents",
               "returnees", "host communities", "undocumented migrants", "older migrants"]
CURRENCIES = ["USD"] * 5 + ["EUR"] * 4 + ["GBP", "CAD", "BRL", "COP", "KES", "UGX", "ZAR",
                                          "MXN", "CHF", "SEK", "INR", "PHP", "XOF", "GHS"]
STATUSES = ["planned"] * 35 + ["in_progress"] * 40 + ["completed"] * 20 + ["discontinued"] * 5
PARTNERS = ["UNHCR", "IOM", "UNICEF", "UN-Habitat", "ILO", "UNDP", "Red Cross", "Caritas",
            "Mayors Migration Council", "UCLG", "Cities Alliance", "C40", "Eurocities",
            "Local Chamber of Commerce", "Public Employment Service", "City University",
            "Migrant Workers Association", "Diaspora Forum", "Legal Aid Clinic"]
INDICATOR_NAMES = ["people reached", "households housed", "staff trained", "permits issued",
                   "children enrolled", "jobs created", "consultations held", "cases resolved"]


class Generator:
    def __init__(self, seed, reference_dir, government_count=2000):
        self.rng = random.Random(seed)
        rng = self.rng
        self.ref = Reference(reference_dir)
        self.vocab, self.gerunds = build_vocabulary()
        rng.shuffle(self.vocab)
        # Running text: content words by a flattened Zipf law (about 61% of the words),
        # function words (38%, weighted by how often FUNCTION_WORDS repeats them) and
        # accented words (about 0.5%, i.e. one or two per description).
        content_w = [1.0 / (i + 20) for i in range(len(self.vocab))]
        c_total = sum(content_w)
        func = _unique(FUNCTION_WORDS)
        func_w = [FUNCTION_WORDS.count(w) for w in func]
        f_scale = 0.38 / 0.615 * c_total / sum(func_w)
        a_w = 0.005 / 0.615 * c_total / len(ACCENTED)
        self.pool = self.vocab + func + ACCENTED
        weights = content_w + [w * f_scale for w in func_w] + [a_w] * len(ACCENTED)
        self.pool_cum = list(itertools.accumulate(weights))
        self.nouns = [w for w in NOUNS]
        self.plural_nouns = [_plural(n) for n in NOUNS]
        self.govs, self.gov_cum = build_governments(rng, self.ref, government_count)

    # -- text ---------------------------------------------------------------

    def words(self, n):
        """n running-text words drawn from the weighted pool (one choices() call)."""
        return self.rng.choices(self.pool, cum_weights=self.pool_cum, k=n)

    def sentences(self, n_words, gov_name=None):
        rng = self.rng
        words = self.words(n_words)
        if gov_name is not None:
            # Mention the lead government somewhere, as a real description would.
            gw = gov_name.split()
            pos = rng.randrange(max(1, n_words - len(gw)))
            words[pos:pos + len(gw)] = gw
            del words[n_words:]
        out = []
        i = 0
        while i < len(words):
            length = rng.randint(9, 22)
            chunk = words[i:i + length]
            i += length
            first = chunk[0]
            chunk[0] = first[:1].upper() + first[1:]
            if len(chunk) > 6 and rng.random() < 0.3:
                k = rng.randrange(3, len(chunk) - 2)
                chunk[k] = chunk[k] + ","
            out.append(" ".join(chunk) + ".")
        return " ".join(out)

    def title(self, gov_name):
        """8-12 words: 'Expanding inclusive housing services for migrant workers in Kampala'."""
        rng = self.rng
        target = rng.randint(8, 12)
        tail = ["in"] + gov_name.split()
        head = [rng.choice(self.gerunds).capitalize(), rng.choice(ADJECTIVES), rng.choice(self.plural_nouns)]
        group = ["for"] + rng.choice(GROUP_NOUNS).split()
        while len(head) + len(group) + len(tail) < target:
            room = target - len(head) - len(group) - len(tail)
            if room >= 3 and "and" not in head:
                head += ["and", rng.choice(ADJECTIVES), rng.choice(self.plural_nouns)]
            else:
                # a noun used as a modifier: 'inclusive housing services'
                head.insert(len(head) - 1, rng.choice(self.nouns))
        if len(head) + len(group) + len(tail) > target:
            del head[1]  # drop the adjective
        return " ".join(head + group + tail)

    def summary(self, gov_name):
        rng = self.rng
        return "%s %s %s %s for %s. %s" % (
            gov_name, _verb_forms(rng.choice(VERBS))[0], rng.choice(ADJECTIVES), rng.choice(self.plural_nouns),
            rng.choice(GROUP_NOUNS), self.sentences(rng.randint(20, 26)))

    # -- fields -------------------------------------------------------------

    def sample(self, pool, lo, hi):
        k = self.rng.randint(lo, hi)
        return self.rng.sample(pool, k) if k else []

    def date(self, year):
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return "%04d" % year
        if r < 0.6:
            return "%04d-%02d" % (year, rng.randint(1, 12))
        return "%04d-%02d-%02d" % (year, rng.randint(1, 12), rng.randint(1, 28))

    def money(self, lo, hi):
        rng = self.rng
        value = rng.randint(lo, hi) * rng.choice([1, 1, 10, 100, 1000])
        if rng.random() < 0.2:
            return "%d.%02d" % (value, rng.randint(0, 99))
        return str(value)

    def action(self, index):
        rng = self.rng
        lead_i = bisect.bisect_left(self.gov_cum, rng.random() * self.gov_cum[-1])
        lead = self.govs[min(lead_i, len(self.govs) - 1)]
        govs = [lead]
        if rng.random() < 0.10:
            other = self.govs[rng.randrange(len(self.govs))]
            if other is not lead:
                govs.append(other)
        start_year = rng.randint(2015, 2026)
        start = self.date(start_year)
        end = "tbc" if rng.random() < 0.25 else self.date(start_year + rng.randint(1, 6))
        created_year = min(max(2018, start_year - rng.randint(0, 2)), 2025)
        created = "%04d-%02d-%02dT%02d:%02d:%02dZ" % (
            created_year, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
            rng.randint(0, 59), rng.randint(0, 59))
        updated = created if rng.random() < 0.6 else "%04d-%02d-%02dT%02d:%02d:%02dZ" % (
            min(created_year + rng.randint(1, 2), 2026), rng.randint(1, 12), rng.randint(1, 28),
            rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        a = {
            "external_id": "bench-%06d" % index,
            "kind": "pledge" if rng.random() < 0.6 else "practice",
            "title": self.title(lead["name"]),
            "summary": self.summary(lead["name"]),
            "description": self.sentences(300, gov_name=lead["name"] if rng.random() < 0.5 else None),
            "language": "en",
            "governments": [dict(g) for g in govs],
            "gcm_objectives": sorted(self.sample(self.ref.objectives, 1, 4)),
            "guiding_principles": sorted(self.sample(self.ref.principles, 0, 3)),
            "gcr_objectives": self.sample(self.ref.gcr, 0, 1),
            "sdg_targets": _unique(self.sample(self.ref.sdg, 0, 3)),
            "themes": self.sample(self.ref.themes, 1, 3),
            "target_groups": self.sample(self.ref.target_groups, 1, 3),
            "start_date": start,
            "end_date": end,
        }
        if rng.random() < 0.30:
            budget = self.money(5, 5000)
            a["budget"] = budget
            if rng.random() < 0.5:
                a["funding_secured"] = self.money(1, 4) if float(budget) >= 4000 else budget
            a["currency"] = rng.choice(CURRENCIES)
        partners = self.sample(PARTNERS, 0, 3)
        if partners:
            a["partners"] = partners
        a["source"] = "Synthetic benchmark data (seeded generator)"
        if rng.random() < 0.4:
            a["source_url"] = "https://example.org/actions/%06d" % index
        a["publication_state"] = "published" if rng.random() < 0.95 else "draft"
        a["implementation_status"] = rng.choice(STATUSES)
        if rng.random() < 0.2:
            a["indicators"] = [
                {"name": rng.choice(INDICATOR_NAMES), "unit": "people",
                 "baseline": rng.randint(0, 100), "target": rng.randint(100, 5000),
                 "deadline": "%04d" % (start_year + rng.randint(1, 5))}
                for _ in range(rng.randint(1, 2))]
        a["created_at"] = created
        a["updated_at"] = updated
        # Money as JSON numbers (2 decimals at most), as a spreadsheet export would give.
        for key in ("budget", "funding_secured"):
            if key in a:
                a[key] = float(a[key]) if "." in a[key] else int(a[key])
        return a


CSV_COLUMNS = ["external_id", "kind", "title", "summary", "description", "language",
               "governments", "gcm_objectives", "guiding_principles", "gcr_objectives",
               "sdg_targets", "themes", "target_groups", "start_date", "end_date", "budget",
               "funding_secured", "currency", "partners", "source", "source_url",
               "publication_state", "implementation_status", "indicators", "created_at",
               "updated_at"]


def csv_row(a):
    row = []
    for col in CSV_COLUMNS:
        v = a.get(col)
        if v is None:
            row.append("")
        elif col == "governments":
            row.append("; ".join("%s, %s" % (g["name"], g["country"]) for g in v))
        elif col == "indicators":
            row.append(json.dumps(v, ensure_ascii=False, separators=(",", ":")))
        elif isinstance(v, list):
            row.append(";".join(str(x) for x in v))
        elif isinstance(v, float):
            row.append("%.2f" % v)
        else:
            row.append(str(v))
    return row


SESSION_KINDS = ["official"] * 3 + ["side_event"] * 4 + ["network_event"] * 2
ROLES = ["speaker", "panellist", "keynote", "moderator", "delegate", "participant"]


def forum_record(seed, gen, slug):
    """A forum of a week with about 80 governments and 40 sessions, from its own random stream so
    the actions stay the same bytes with or without it."""
    rng = random.Random(seed * 7919 + 17)
    members = rng.sample(gen.govs, min(80, len(gen.govs)))
    governments = [{"name": g["name"], "country": g["country"],
                    "national_delegation": rng.random() < 0.3} for g in members]
    sessions = []
    for i in range(40):
        day = "2026-05-%02d" % (4 + i % 5)
        start = 9 + (i // 5) % 8
        people = []
        for _ in range(rng.randint(0, 6)):
            g = members[rng.randrange(len(members))]
            people.append({"government": "%s, %s" % (g["name"], g["country"]),
                           "name": "%s %s" % (rng.choice(["Mayor", "Councillor", "Director"]),
                                              place_name(rng, i)),
                           "role": rng.choice(ROLES)})
        topic = rng.choice(["climate mobility", "access to services", "labour pathways",
                            "inclusion and social cohesion", "data and evidence", "financing"])
        sessions.append({"title": "Session %d: local action on %s" % (i + 1, topic),
                         "kind": rng.choice(SESSION_KINDS), "day": day,
                         "starts_at": "%02d:00" % start, "ends_at": "%02d:30" % (start + 1),
                         "room": "Room %d" % (1 + i % 6),
                         "summary": "Mayors and city officials discussed %s with member states." % topic,
                         "participants": people})
    return {"type": "forum", "slug": slug, "name": "Benchmark Review Forum 2026", "kind": "imrf",
            "place": "New York", "starts_on": "2026-05-04", "ends_on": "2026-05-08",
            "description": "A synthetic forum for the benchmarks.",
            "governments": governments, "sessions": sessions}


def progress_updates(rng, a):
    """One or two progress updates of action @a (which has indicators), dated after its start."""
    out = []
    for k in range(rng.randint(1, 2)):
        values = [{"indicator": i + 1,
                   "value": ind["baseline"] + rng.random() * (ind["target"] - ind["baseline"])}
                  for i, ind in enumerate(a["indicators"])]
        out.append({"type": "progress_update", "id": "%s-u%d" % (a["external_id"], k + 1),
                    "action": a["external_id"], "date": "%04d-%02d-15" % (2024 + k, rng.randint(1, 12)),
                    "implementation_status": "in_progress", "values": values,
                    "narrative": "Reported by the benchmark generator."})
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=1000, help="number of actions (default 1000)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    p.add_argument("--output", default="-", help="output file (default stdout)")
    p.add_argument("--governments", type=int, default=2000, help="size of the government pool")
    p.add_argument("--published-ids", metavar="FILE",
                   help="also write the external_id of every published action to FILE, one a line")
    p.add_argument("--reference", default=DEFAULT_REFERENCE, help="data/reference directory")
    p.add_argument("--forum", metavar="SLUG",
                   help="write a forum record first and submit every action to it (JSON Lines)")
    p.add_argument("--progress", action="store_true",
                   help="write progress updates of the actions with targets (JSON Lines)")
    args = p.parse_args(argv)
    if args.format == "csv" and (args.forum or args.progress):
        p.error("--forum and --progress write JSON Lines only")
    if args.count < 0 or args.governments < 150:
        p.error("--count must be >= 0 and --governments >= 150")

    t0 = time.monotonic()
    gen = Generator(args.seed, args.reference, args.governments)
    out = sys.stdout if args.output == "-" else open(args.output + ".tmp", "w", encoding="utf-8", newline="")
    ids = [] if args.published_ids else None
    published = 0
    try:
        writer = None
        if args.format == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
        if args.forum:
            out.write(dumps(forum_record(args.seed, gen, args.forum)))
            out.write("\n")
        updates_rng = random.Random(args.seed * 104729 + 3)
        for i in range(1, args.count + 1):
            a = gen.action(i)
            if args.forum:
                a["forums"] = [args.forum]
            if a["publication_state"] == "published":
                published += 1
                if ids is not None:
                    ids.append(a["external_id"])
            if writer is not None:
                writer.writerow(csv_row(a))
            else:
                out.write(dumps(a))
                out.write("\n")
            if args.progress and "indicators" in a and a["publication_state"] == "published":
                for u in progress_updates(updates_rng, a):
                    out.write(dumps(u))
                    out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()
    if out is not sys.stdout:
        os.replace(args.output + ".tmp", args.output)
    if ids is not None:
        with open(args.published_ids + ".tmp", "w", encoding="utf-8") as f:
            f.write("\n".join(ids))
            f.write("\n" if ids else "")
        os.replace(args.published_ids + ".tmp", args.published_ids)
    elapsed = time.monotonic() - t0
    print("gen_actions: %d actions (%d published, %d governments, vocabulary %d words), "
          "seed %d, %s, %.2f s" % (args.count, published, len(gen.govs), len(gen.vocab) + len(ACCENTED),
                                   args.seed, args.format, elapsed), file=sys.stderr)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `gen_actions.py | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
