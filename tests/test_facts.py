"""Facts first, words on demand (issue 15, point 3): rules state codes and amounts; the French
sentences come from one catalogue and are built when a caller reads or serialises a result."""

from __future__ import annotations

import copy
import pickle
import re
import threading
from collections.abc import Mapping
from datetime import date
from decimal import Context, Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from formafin import Dossier, FundingEstimate, check_dossier, estimate_funding
from formafin.catalogue import _LOADED, Template, _flatten, catalogue
from formafin.errors import DataError
from formafin.facts import AidFact, Text, built, check, say
from formafin.result import _STATE, Aid, Payer
from formafin.sources import Reference, ReferenceKind
from formafin.testing import dossiers, wild_dossiers

from .conftest import ci_examples, make_dossier, under_switching_threads

SRC = Path(__file__).parents[1] / "src" / "formafin"

_HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture]
LAZY_EAGER = settings(
    max_examples=ci_examples(1000), deadline=None, suppress_health_check=_HEALTH, database=None
)


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' strict mode validates every result at once (so builds every field): off
    here, where the point is what is built and when. Set for the whole test, not per example."""
    monkeypatch.setenv("FORMAFIN_STRICT", "0")


_FIELDS = ("opco", "lines", "decisions", "categories", "aids", "warnings")


# --- The catalogue -------------------------------------------------------------------------


def _ids_in_code() -> set[str]:
    """Every message id the code names: the first argument of ``Text("…")`` and the id
    tables of the rules (quoted dotted names that are catalogue ids)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        found |= set(re.findall(r'Text\(\s*"([a-z0-9_.]+)"', path.read_text(encoding="utf-8")))
    return found


def _quoted_in_code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))


def test_every_message_the_code_names_is_in_the_catalogue() -> None:
    missing = _ids_in_code() - set(catalogue())
    assert not missing, sorted(missing)


def test_every_message_of_the_catalogue_is_named_by_the_code() -> None:
    code = _quoted_in_code()
    unused = [name for name in catalogue() if f'"{name}"' not in code]
    assert not unused, unused


def test_placeholders_format_amounts_numbers_and_dates_the_french_way() -> None:
    template = Template("t", "{a:eur} / {n:number} / {d:date} / {s}")
    text = template.render(
        {"a": Decimal("1234.5"), "n": Decimal("7.50"), "d": date(2026, 3, 1), "s": "x"}
    )
    assert text == "1\u00a0234,50\u00a0€ / 7,5 / 01/03/2026 / x"


def test_a_text_argument_is_said_inside_another() -> None:
    assert say(Text("qualiopi.valid", label=Text("qualiopi.category.vae"))) == (
        "Certificat Qualiopi valable pour les actions de VAE au début de la formation."
    )
    assert say(("a", ("b", "c"))) == "abc"


@pytest.mark.parametrize(
    ("text", "error"),
    [("{x:percent}", "format inconnu"), ("{x!r}", "mal formé"), ("{x.y}", "mal formé")],
)
def test_a_malformed_message_is_refused_when_the_catalogue_is_read(text: str, error: str) -> None:
    with pytest.raises(DataError, match=error):
        Template("t", text)


def test_an_id_defined_twice_is_refused() -> None:
    into: dict[str, str] = {"a.b": "x"}
    with pytest.raises(DataError, match="deux fois"):
        _flatten({"a": {"b": "y"}}, "", into, "other.toml")
    with pytest.raises(DataError, match="texte attendu"):
        _flatten({"c": 3}, "", {}, "other.toml")


def test_equal_texts_are_equal_and_hash_alike() -> None:
    one, two = Text("x.y", a=Decimal("1")), Text("x.y", a=Decimal("1.0"))
    assert one == two and hash(one) == hash(two)
    assert one != Text("x.y", a=Decimal("2")) and one != Text("x.z", a=Decimal("1"))


def test_an_aid_fact_says_its_words_when_read() -> None:
    refs = (Reference(kind=ReferenceKind.CODE, id="C. trav. D6243-2"),)
    due = AidFact(
        "apprentissage",
        Text("apprenticeship_aid.label"),
        True,
        Decimal("2500.00"),
        Payer.STATE,
        ("6 000 €", " ; ", Text("apprenticeship_aid.months.whole", month="03/2026")),
        references=refs,
    )
    aid = built(due)
    assert isinstance(aid, Aid) and aid.eligible and aid.amount == Decimal("2500.00")
    assert aid.label == catalogue()["apprenticeship_aid.label"].render({}) == due.label
    assert aid.basis.startswith("6 000 € ; ") and "03/2026" in aid.basis
    assert aid.reasons == () and aid.references == refs and aid.payer is Payer.STATE
    why = check("AID_NOT_DUE", False, "Contrat conclu trop tôt.", refs)
    refused = built(AidFact.refused("apprentissage", "Aide", (why,), refs))
    assert not refused.eligible and refused.amount == 0 and refused.basis == "—"
    assert [(r.code, r.message) for r in refused.reasons] == [
        ("AID_NOT_DUE", "Contrat conclu trop tôt.")
    ]
    assert type(Aid.model_validate(aid.model_dump())) is Aid  # a valid public object


# --- No sentence before it is read -----------------------------------------------------------


class _Counting:
    """Records the messages rendered while installed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.ids: list[str] = []
        ids = self.ids

        class Counted(Template):
            """The catalogue's template, its renderings recorded (a subclass in the
            catalogue rather than a patched method: the compiled build's classes are
            closed)."""

            def __init__(self, original: Template) -> None:
                super().__init__(original.id, "")
                self.original = original

            def render(self, args: Mapping[str, Any]) -> str:
                ids.append(self.id)
                return self.original.render(args)

        for name, template in list(catalogue().items()):
            monkeypatch.setitem(_LOADED, name, Counted(template))

    @property
    def facts_rendered(self) -> list[str]:
        """The messages rendered that are not said at once by design."""
        return [i for i in self.ids if not i.startswith(_SAID_AT_ONCE)]


_SAID_AT_ONCE = (
    # Public objects built by the rules themselves, not facts: the OPCO resolution (cached
    # per IDCC, NAF and OPCO) and the caller's declarations turned into references and
    # parameter labels. (The aids to the employer are facts since 0.2.0: AidFact.)
    "opco_resolution.",
    "pcrh.label_declared_ceiling",
    "pcrh.declared_by_caller",
    "co_funder.declared_by_caller",
    "co_funder.kind.",
    "co_funder.label.",
    "co_funder.unit.",
    "fse_plus.caller.",
)


@settings(
    max_examples=ci_examples(300), deadline=None, database=None, suppress_health_check=_HEALTH
)
@given(dossiers())
def test_an_estimate_renders_no_sentence_until_it_is_read(
    monkeypatch: pytest.MonkeyPatch, dossier: Dossier
) -> None:
    counting = _Counting(monkeypatch)
    estimate = estimate_funding(dossier)
    summary = estimate_funding(dossier, detail="summary")
    assert counting.facts_rendered == []
    assert summary.total_funded == estimate.total_funded  # numbers are there at once
    assert counting.facts_rendered == []
    estimate.model_dump_json()
    assert counting.facts_rendered  # the words come when the result is serialised


# --- Lazily rendered = eagerly rendered ---------------------------------------------------------


def _eager(dossier: Dossier) -> FundingEstimate:
    estimate = estimate_funding(dossier)
    estimate._fill()  # every field built at once, before anything is read
    return estimate


@LAZY_EAGER
@given(dossiers(), st.permutations(_FIELDS), st.integers(min_value=0, max_value=len(_FIELDS)))
def test_the_lazily_rendered_result_equals_the_eagerly_rendered_one(
    dossier: Dossier, order: list[str], read: int
) -> None:
    eager = _eager(dossier)
    lazy = estimate_funding(dossier)
    for name in order[:read]:  # some fields read first, in any order, the rest on serialising
        assert getattr(lazy, name) == getattr(eager, name)
    text = lazy.model_dump_json()
    assert text == eager.model_dump_json()
    _assert_fields_in_declaration_order(lazy)  # objects built from a state dict
    assert lazy == eager and hash(lazy) == hash(eager)
    assert FundingEstimate.model_validate_json(text) == lazy


def _assert_fields_in_declaration_order(item: object) -> None:
    """Every result object holds its fields in declaration order (the serialiser's order):
    formafin builds most of them from a hand-written state dict (``FrozenModel.of_state``)."""
    if isinstance(item, BaseModel):
        assert list(item.__dict__) == list(type(item).model_fields), type(item).__name__
        for value in item.__dict__.values():
            _assert_fields_in_declaration_order(value)
    elif isinstance(item, tuple):
        for value in item:
            _assert_fields_in_declaration_order(value)


@settings(
    max_examples=ci_examples(200),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(wild_dossiers())
def test_lazy_and_eager_agree_on_wild_dossiers(dossier: Dossier) -> None:
    try:
        eager = _eager(dossier)
    except Exception as error:  # a date outside the rules: the same error both ways
        with pytest.raises(type(error)):
            estimate_funding(dossier)
        return
    assert estimate_funding(dossier).model_dump_json() == eager.model_dump_json()


# --- A deferred estimate behaves as an ordinary frozen model ---------------------------------


def _fresh() -> FundingEstimate:
    return estimate_funding(make_dossier(company={"idcc": "1486"}))


def test_fields_are_built_on_first_read_and_kept() -> None:
    estimate = _fresh()
    own = _STATE.__get__(estimate)  # the raw state, without building anything
    assert "lines" not in own and "total_funded" in own
    lines = estimate.lines
    assert estimate.lines is lines  # built once
    own = _STATE.__get__(estimate)
    assert "lines" in own and "warnings" not in own  # only what was read
    assert list(own) == [n for n in FundingEstimate.model_fields if n in own]  # in order
    assert list(estimate.__dict__) == list(FundingEstimate.model_fields)  # all, on demand


def test_an_unknown_attribute_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="nope"):
        _fresh().nope  # type: ignore[attr-defined]  # noqa: B018


def test_pickle_copy_repr_iteration_and_nesting_see_every_field() -> None:
    reference = _fresh()
    reference._fill()
    assert pickle.loads(pickle.dumps(_fresh())) == reference
    assert copy.copy(_fresh()) == reference
    assert copy.deepcopy(_fresh()) == reference
    assert _fresh().model_copy(update={"indicative": True}).lines == reference.lines
    assert "lines=" in repr(_fresh()) and "warnings=" in str(_fresh())
    assert [name for name, _ in _fresh()] == list(FundingEstimate.model_fields)
    assert dict(_fresh())["decisions"] == reference.decisions
    assert _fresh().model_dump() == reference.model_dump()
    nested = check_dossier(make_dossier(company={"idcc": "1486"})).model_dump_json()
    assert reference.model_dump_json() in nested


def _race(estimate: FundingEstimate) -> list[str]:
    """Three threads serialise ``estimate`` while three others read fields, all at once."""
    texts: list[str] = []
    barrier = threading.Barrier(6)

    def dump() -> None:
        barrier.wait()
        texts.append(estimate.model_dump_json())

    def read(name: str) -> None:
        barrier.wait()
        getattr(estimate, name)

    workers = [threading.Thread(target=dump) for _ in range(3)]
    workers += [
        threading.Thread(target=read, args=(n,)) for n in ("lines", "warnings", "decisions")
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return texts


def test_threads_reading_one_estimate_get_the_same_answer() -> None:
    expected = _fresh().model_dump_json()
    for _ in range(20):
        assert _race(_fresh()) == [expected] * 3


def test_words_are_rendered_in_formafins_decimal_context_not_the_hosts() -> None:
    expected = _fresh().model_dump_json()
    estimate = _fresh()
    hostile = Context(prec=2, traps=[])
    with localcontext(hostile):
        text = estimate.model_dump_json()
    assert text == expected


@settings(max_examples=ci_examples(8), deadline=None, database=None, suppress_health_check=_HEALTH)
@given(st.lists(dossiers(), min_size=12, max_size=12))
def test_threads_estimating_different_dossiers_agree_with_one_thread(
    batch: list[Dossier],
) -> None:
    # The memos shared by every estimate (the last Qualiopi answer, the summaries of
    # decisions, the display order, the parameters' values) under threads switching every
    # microsecond: each answer must be the one a single thread gives.
    def both(dossier: Dossier) -> tuple[str, str]:
        full = estimate_funding(dossier).model_dump_json()
        return full, estimate_funding(dossier, detail="summary").model_dump_json()

    expected = [both(d) for d in batch]
    assert under_switching_threads(both, batch, 4) == expected * 4
