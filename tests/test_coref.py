from __future__ import annotations

from allegiance.inputs import Source
from allegiance.pipeline import run

TEXT = (
    "Defector speaks out\n\n"
    "1 June 2016\n\n"
    "Nabil Haddad left the army in 2012. The 45-year-old says he was ordered to fire on "
    "protesters, he tells our reporter Sara Mansour.\n\n"
    "Q: When did you decide to leave?\n\n"
    "I decided in the spring. My unit was sent to the city.")


def test_pronouns_and_descriptors_resolve():
    a = run(Source(name="t", text=TEXT, published="2016-06-01"))
    nabil = next(e for e in a.entities if e.name == "Nabil Haddad")
    resolved = {(m.text, m.kind) for m in nabil.mentions if m.kind != "name"}
    assert ("The 45-year-old", "descriptor") in resolved
    assert ("he", "pronoun") in resolved
    assert ("you", "pronoun") in resolved
    assert ("I", "pronoun") in resolved and ("My", "pronoun") in resolved
    sara = next(e for e in a.entities if e.name == "Sara Mansour")
    assert all(m.kind == "name" for m in sara.mentions)
