"""Facts a description states (allegiance.extraction.facts.describe). The people are made up."""

from __future__ import annotations

from allegiance.extraction import pipeline


def _relations(text: str) -> set[tuple[str, str, str, str | None]]:
    x = pipeline.extract(text, published="2019-06-10", with_text=True)
    names = {e.id: e.name for e in x.entities}
    return {(f.predicate, names.get(f.args.get("subject", ""), ""), names.get(f.args.get("object", ""), ""), f.role)
            for f in x.facts if "subject" in f.args}


def test_the_head_of_a_part_is_no_leader_of_the_whole() -> None:
    rel = _relations("The UN said on Monday the convoy was ready. The UN's aid chief Omar Zeidan said the road "
                     "was closed.")
    assert not any(p == "leader_of" and who == "Omar Zeidan" for p, who, _, _ in rel)
    assert any(p == "member_of" and who == "Omar Zeidan" for p, who, _, _ in rel)


def test_the_head_of_the_group_leads_it() -> None:
    rel = _relations("The Liwa Nour al-Din Brigade's leader Omar Zeidan said the road was closed on Monday.")
    assert ("leader_of", "Omar Zeidan", "Liwa Nour al-Din Brigade", "leader") in rel
