"""Numbers that are no casualty counts, whatever words surround them: dates and years, clock times, ages, the
numbers in names ("National Highway 44", "Camp 15", "Flight 752"), and measures of things other than people
("40 projectiles", "12 rifles", "2 kg")."""
from __future__ import annotations

import re

NON_PEOPLE = re.compile(
    r"\s*(?:(?-i:[A-Z][\w-]*)\s+)?(?:%|percent|per cent|km|kilometres|kilometers|miles|metres|meters|years?|months?|weeks?|days?|"
    r"hours?|minutes?|doses|air ?strikes|strikes|raids|attacks|rockets|shells|bombs|missiles|mortars|"
    r"barrel bombs|houses|homes|buildings|schools|hospitals|towns|villages|locations|districts|"
    r"dollars|euros|pounds|tons|tonnes|times|rounds|vehicles|cars|trucks|tanks|planes|aircraft|sorties|"
    r"incidents|cases|violations|massacres|shots|am|pm|a\.m\.|p\.m\.|GMT|o'clock|feet|groups|units|battalions|"
    r"brigades|companies|organi[sz]ations|factions|militias|checkpoints|posts|positions|bases|camps|drones|"
    r"projectiles|pc|kg|kilograms?|crores?|lakhs?|settlements|stations|shops|rifles|weapons|guns|pistols|grenades|"
    r"litres|liters|acres|hectares|(?:cows|cattle|goats|sheep|camels)(?!\s+(?:herders?|rearers?|breeders?|farmers?|"
    r"traders?|owners?)))\b", re.I)
NAMED_BY_NUMBER = re.compile(r"\b(?:Highway|Route|Road|Checkpoint|Block|Camp|Sector|Zone|Flight|House|No\.?|Number|"
                             r"Gate|Post|Battalion|Brigade|Regiment|Division|Unit|Platoon|Building|Ward|Phase|Station|"
                             r"Line|Street|Avenue|Kilometre|Km|Level|Bus|Room|Plot|Para|Corps|Squadron)\s+$")
AGE = re.compile(r"[\s-]*(?:years?|months?|weeks?|days?)[\s-]+old\b", re.I)
AGED = re.compile(r"\b(?:aged|age|ages)\s+(?:between\s+)?(?:\d{1,3}\s*(?:,|and|to|-|–)\s*)*$", re.I)  # "aged 12 and "
MONTHS = (r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?")
DATE_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$")  # "March 5"
YEAR_BEFORE = re.compile(r"\b(?:in|since|of|by|until|during|from|year)\s+$", re.I)  # "in 2014"
DATE_AFTER = re.compile(rf"^\s*(?:{MONTHS})\b|^\s*(?:st|nd|rd|th)\b|^:\d")


def not_a_count(text: str, start: int, end: int, value: int) -> bool:
    """Whether the number at text[start:end] (of that value) is a date, a time, an age, a name's number ("Camp 15")
    or a measure of something other than people ("40 projectiles", "2 kg"): no count of casualties."""
    before, after = text[:start], text[end:]
    if (DATE_BEFORE.search(before[-12:]) and (value <= 31 or 1900 <= value <= 2100)) \
            or (YEAR_BEFORE.search(before[-12:]) and 1900 <= value <= 2100):
        return True
    if DATE_AFTER.match(after) or before.endswith(("$", "£", "€", "No. ", "#")):
        return True
    if AGE.match(after) or AGED.search(before[-40:]):
        return True  # "a 16-year-old boy", "a man aged 45": an age, not a count
    if (before.endswith("(") and after.startswith(")")) or re.search(
            r"\b(?:boy|girl|man|woman|child|baby|infant)\s+of\s+$|\b(?:children|boys|girls|kids)\s+(?:under|below|over)\s+$",
            before[-30:], re.I):
        return True  # "Mohammad Ashraf (45)", "a boy of 12", "children under 5": ages
    if (NAMED_BY_NUMBER.search(before[-20:]) and not re.match(
            r"\s+(?:[A-Za-z-]+\s+)?(?:people|persons|civilians|soldiers|children|women|men)\b", after)) \
            or re.fullmatch(r"\d:", before[-2:]):  # (but "In Jabalia Camp 12 people were killed")
        return True  # "National Highway 44", "Camp 15", "Flight 752", "House No 12"; "10:45"
    if re.match(r"-(?!odd\b|plus\b|some\b|strong\b)[A-Za-z]", after):
        return True  # "a two-wheeler", "a three-member team", "a two-day offensive": a compound, not a count
    if re.fullmatch(r"\d{4}", text[start:end]) and 1900 <= value <= 2100 and not re.match(
            r"\s+(?:were|have|had|are|others|more)\b|\s+(?:[\w-]+\s+){0,2}(?:people|civilians|persons|soldiers|men|women|"
            r"children|families|residents|villagers|fighters|troops)\b", after) \
            and not re.search(r"\b(?:about|some|around|nearly|almost|over|than|least|killed|killing|kills|displaced|"
                              r"displacing|wounded|injured|abducted)\s+$", before[-20:], re.I):  # "the 2022 floods that have"
        return True
    return bool(NON_PEOPLE.match(after))
