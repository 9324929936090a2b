"""Hand-made briefs of a fictional story (Port Caldera) shared by the render, web and pipeline
tests: a small complete one, and a hostile one whose every field carries markup."""

from __future__ import annotations

from storyline.model import (
    Article,
    Brief,
    Citation,
    Coverage,
    Diagnostics,
    Dropped,
    Entity,
    Event,
    Figure,
    FigureMention,
    InputRecord,
    Quote,
    SummarySentence,
    content_id,
)

COURIER = (
    "Fire crews fought a blaze at a harbour warehouse in Port Caldera overnight. "
    "About 40 firefighters attended, the fire service said. "
    "The warehouse stored rope and paint, owner Lena Brask said."
)
# The fire emoji sits outside the Basic Multilingual Plane: it is one Python character but
# two UTF-16 code units in the browser, so every later offset must shift by one there.
RADIO = (
    "\U0001f525 A warehouse fire on the Port Caldera waterfront was under control by morning. "
    "More than 60 firefighters attended. "
    "\u201cWe were lucky nobody was inside,\u201d said fire chief Tomas Ilve."
)
THIRD = ("Port Caldera harbour reopened on Wednesday after the warehouse fire, the port "
         "authority said. About 40 firefighters had attended the blaze overnight.")
HOSTILE_BITS = (
    "<script>window.__pwned = 1</script>",
    "<img src=x onerror=\"window.__pwned = 1\">",
    "<a href=\"javascript:window.__pwned = 1\">schedule</a>",
    "</textarea></title></style><svg onload=\"window.__pwned = 1\">",
)


def cite(art: Article, sentence: str) -> Citation:
    """Citation of the first occurrence of `sentence` in the article's text."""
    start = art.text.index(sentence)
    return Citation(art.id, start, start + len(sentence))


def _article(text: str, source: str, published: str | None, title: str) -> Article:
    return Article(id=content_id(source, text), origin=f"test:{source}", text=text,
                   title=title, source=source, published=published)


def sample_brief() -> Brief:
    """A small two-source brief with every section filled (fictional Port Caldera fire)."""
    a = _article(COURIER, "Caldera Courier", "2024-03-05", "Harbour warehouse fire")
    b = _article(RADIO, "Harbor Radio", None, "Waterfront blaze under control")
    fire_a = cite(a, "Fire crews fought a blaze at a harbour warehouse in Port Caldera overnight.")
    fire_b = cite(b, "A warehouse fire on the Port Caldera waterfront was under control by "
                     "morning.")
    crews_a, crews_b = cite(a, "About 40 firefighters"), cite(b, "More than 60 firefighters")
    lucky = cite(b, "\u201cWe were lucky nobody was inside,\u201d said fire chief Tomas Ilve.")
    return Brief(
        id="sample", articles=(a, b),
        summary=(SummarySentence(a.text[fire_a.start:fire_a.end], (fire_a, fire_b)),
                 SummarySentence(b.text[lucky.start:lucky.end], (lucky,))),
        timeline=(Event("2024-03", "month", "Fire at the harbour warehouse.", (fire_a,)),
                  Event("2024-03-04/2024-03-05", "range", "Crews at the scene.", (fire_b,),
                        time="23:10", inferred=True)),
        figures=(Figure("firefighters attended", "conflict", (
            FigureMention(a.id, 40, "About 40 firefighters", crews_a.start, crews_a.end,
                          "about"),
            FigureMention(b.id, 60, "More than 60 firefighters", crews_b.start, crews_b.end,
                          "more than"),
        ), headline=40),),
        quotes=(Quote("Tomas Ilve", "We were lucky nobody was inside,", (lucky,)),
                Quote(None, "rope and paint", (cite(a, "rope and paint"),))),
        entities=(Entity("Port Caldera", "place", ("Port Caldera",), (a.id, b.id), 2),
                  Entity("Tomas Ilve", "person", ("Tomas Ilve", "Ilve"), (b.id,), 1)),
        coverage=(Coverage(a.id, (cite(a, "The warehouse stored rope and paint, owner Lena "
                                           "Brask said."),), (0,)),
                  Coverage(b.id, (lucky,), (0, 1))),
        diagnostics=Diagnostics((InputRecord("test:a", "used"),
                                 InputRecord("empty.txt", "skipped", "input is empty")),
                                (Dropped(a.id, "Share this story", "share"),)),
    )


def hostile_brief(depth: int = 10_000) -> Brief:
    """A brief whose every untrusted field holds markup that would run if injected."""
    soup = "<div><b><i>" * (depth // 3) + "deep" + "</i></b></div>" * (depth // 3)
    bits = " ".join(HOSTILE_BITS)
    text = f"The regatta was postponed by gales. {bits} {soup} Entries carry over."
    art = Article(id="h0st1le", origin=f"upload:{HOSTILE_BITS[0]}", text=text,
                  title=HOSTILE_BITS[3], source=HOSTILE_BITS[1], published="2024-04-01")
    whole = Citation(art.id, 0, len(text))
    first = cite(art, "The regatta was postponed by gales.")
    return Brief(
        id="hostile", articles=(art,),
        summary=(SummarySentence("The regatta was postponed by gales. " + bits, (first,)),
                 SummarySentence(soup, (whole,))),
        timeline=(Event("2024-04-01", "day", bits, (first,)),),
        figures=(Figure(HOSTILE_BITS[2], "single", (
            FigureMention(art.id, 1, HOSTILE_BITS[0], first.start, first.end),)),),
        quotes=(Quote(HOSTILE_BITS[1], HOSTILE_BITS[3], (first,)),),
        entities=(Entity(HOSTILE_BITS[0], HOSTILE_BITS[2], (HOSTILE_BITS[1],), (art.id,), 1),),
        coverage=(Coverage(art.id, (first,), (0,)),),
        diagnostics=Diagnostics((InputRecord(HOSTILE_BITS[2], "skipped", HOSTILE_BITS[0]),),
                                (Dropped(art.id, HOSTILE_BITS[0], HOSTILE_BITS[1]),)),
    )
