"""Which OPCO? From an explicit choice, the IDCC, or (indicatively) the NAF code.

An employer declares its OPCO in DSN; the open SIRO table (France compétences) tells which
OPCO the establishments of each IDCC declare. formafin reads it once (``data/idcc``):

- an explicit OPCO wins, with a notice if the IDCC points elsewhere;
- an IDCC shared between OPCOs (``split``) is *ambiguous*: the candidates come back with
  their shares and the caller must choose (``company.opco``), never a silent pick;
- a merged IDCC (e.g. the metallurgy conventions merged into 3248) resolves through its
  successor, with a notice;
- escape codes (9998, 9999, 5100, 5501) and companies without an IDCC get an *indicative*
  OPCO from the NAF hint table, or none;
- a well-formed IDCC found nowhere raises :class:`~formafin.errors.UnknownIdccError`.
"""

from __future__ import annotations

from decimal import Decimal

from formafin.data import IdccRow, NafHint, idcc_tables, rule_data
from formafin.errors import UnknownIdccError
from formafin.identifiers import validate_idcc, validate_naf
from formafin.models import OpcoId
from formafin.result import Notice, OpcoCandidate, OpcoResolution, ResolutionMethod

__all__ = ["resolve_opco"]


def resolve_opco(
    idcc: str | None = None, *, naf: str | None = None, opco: OpcoId | str | None = None
) -> OpcoResolution:
    """Resolve a company's OPCO from an explicit id, its IDCC, or its NAF code.

    >>> resolve_opco("1486").opco
    <OpcoId.ATLAS: 'atlas'>
    """
    idcc = validate_idcc(idcc) if idcc is not None else None
    naf = validate_naf(naf) if naf is not None else None
    explicit = OpcoId(opco) if opco is not None else None
    tables = idcc_tables()
    data = rule_data()
    siro = data.reference("siro")

    rows: tuple[IdccRow, ...] = ()
    idcc_used = idcc
    notices: list[Notice] = []
    escape = False
    if idcc is not None:
        if idcc in tables.escape_codes:
            escape = True
        elif idcc in tables.replacements:
            rows, idcc_used = _successor_rows(idcc, tables.replacements[idcc])
            notices.append(
                Notice.trusted(
                    code="IDCC_REPLACED",
                    message=(
                        f"L'IDCC {idcc} a été remplacé par l'IDCC {idcc_used} (fusion de "
                        "conventions) : l'OPCO est celui de la nouvelle convention."
                    ),
                    references=(siro,),
                )
            )
        elif idcc in tables.by_idcc:
            rows = tables.by_idcc[idcc]
        else:
            raise UnknownIdccError(idcc)
    title = _title(idcc_used, rows)
    candidates = _candidates(rows)

    if explicit is not None:
        if rows and explicit not in {row.opco for row in rows}:
            expected = ", ".join(sorted({row.opco.value for row in rows}))
            notices.append(
                Notice.trusted(
                    code="OPCO_IDCC_MISMATCH",
                    message=(
                        f"L'OPCO indiqué ({explicit.value}) diffère de celui des établissements "
                        f"de l'IDCC {idcc_used} ({expected}) : vérifiez l'OPCO déclaré en DSN."
                    ),
                    references=(siro,),
                )
            )
        return OpcoResolution.trusted(
            opco=explicit,
            method=ResolutionMethod.EXPLICIT,
            certain=True,
            idcc=idcc,
            idcc_used=idcc_used,
            idcc_title=title,
            naf=naf,
            candidates=candidates,
            message=f"OPCO indiqué par l'appelant : {tables.opco_names[explicit]}.",
            notices=tuple(notices),
            references=(siro,) if rows else (),
        )

    if rows:
        if len({row.opco for row in rows}) > 1:
            listing = ", ".join(
                f"{c.opco.value} ({_percent(c.share)})" for c in candidates if c.share is not None
            )
            return OpcoResolution.trusted(
                opco=None,
                method=ResolutionMethod.AMBIGUOUS,
                certain=False,
                idcc=idcc,
                idcc_used=idcc_used,
                idcc_title=title,
                naf=naf,
                candidates=candidates,
                message=(
                    f"L'IDCC {idcc_used} est partagé entre plusieurs OPCO ({listing}) : "
                    "indiquez l'OPCO déclaré en DSN (champ company.opco)."
                ),
                notices=tuple(notices),
                references=(siro,),
            )
        row = rows[0]
        method = ResolutionMethod.IDCC if idcc_used == idcc else ResolutionMethod.IDCC_REPLACED
        if row.ministry_2019_opco is not None and row.ministry_2019_opco is not row.opco:
            notices.append(
                Notice.trusted(
                    code="OPCO_CHANGED_SINCE_2019",
                    message=(
                        f"La liste ministérielle de 2019 rattachait l'IDCC {idcc_used} à "
                        f"{row.ministry_2019_opco.value} ; les établissements déclarent "
                        f"aujourd'hui {row.opco.value}."
                    ),
                    references=(siro, data.reference("ministry_2019")),
                )
            )
        return OpcoResolution.trusted(
            opco=row.opco,
            method=method,
            certain=True,
            idcc=idcc,
            idcc_used=idcc_used,
            idcc_title=title,
            naf=naf,
            candidates=candidates,
            message=(
                f"IDCC {idcc_used} → {tables.opco_names[row.opco]} "
                f"({sum(c.establishments or 0 for c in candidates)} établissements dans la "
                "table SIRO)."
            ),
            notices=tuple(notices),
            references=(siro,),
        )

    hint = _naf_hint(naf) if naf is not None else None
    reason = (
        f"L'IDCC {idcc} n'est pas une convention ({tables.escape_codes[idcc]})"
        if escape and idcc is not None
        else "Aucun IDCC n'est indiqué"
    )
    if hint is not None:
        hint_ref = data.reference("naf_hints")
        return OpcoResolution.trusted(
            opco=hint.opco,
            method=ResolutionMethod.NAF_HINT,
            certain=False,
            idcc=idcc,
            idcc_used=None,
            idcc_title=title,
            naf=naf,
            candidates=(OpcoCandidate.trusted(opco=hint.opco, share=hint.share),),
            message=(
                f"{reason} : OPCO indicatif d'après le code NAF {naf} ({hint.label}) : "
                f"{tables.opco_names[hint.opco]}, retenu par {_percent(hint.share)} des "
                f"{hint.sample_employers} employeurs échantillonnés. Confirmez l'OPCO déclaré "
                "en DSN (champ company.opco)."
            ),
            notices=(
                *notices,
                Notice.trusted(
                    code="OPCO_INDICATIVE",
                    message=(
                        "OPCO déduit du code NAF, sans valeur officielle : l'employeur déclare "
                        "son OPCO en DSN selon son activité principale."
                    ),
                    references=(hint_ref,),
                ),
            ),
            references=(hint_ref,),
        )
    return OpcoResolution.trusted(
        opco=None,
        method=ResolutionMethod.UNRESOLVED,
        certain=False,
        idcc=idcc,
        idcc_title=title,
        naf=naf,
        message=(
            f"{reason} et aucun code NAF exploitable : indiquez l'OPCO déclaré en DSN "
            "(champ company.opco) ou le code NAF."
        ),
        notices=tuple(notices),
    )


def _successor_rows(old: str, successors: tuple[str, ...]) -> tuple[tuple[IdccRow, ...], str]:
    tables = idcc_tables()
    found = [successor for successor in successors if successor in tables.by_idcc]
    if not found:
        raise UnknownIdccError(old)
    rows = tuple(row for successor in found for row in tables.by_idcc[successor])
    return rows, "/".join(found)


def _title(idcc: str | None, rows: tuple[IdccRow, ...]) -> str | None:
    if idcc is None:
        return None
    tables = idcc_tables()
    if idcc in tables.escape_codes:
        return tables.escape_codes[idcc]
    return tables.titles.get(idcc) or next((row.title for row in rows if row.title), None)


def _candidates(rows: tuple[IdccRow, ...]) -> tuple[OpcoCandidate, ...]:
    by_opco: dict[OpcoId, int] = {}
    for row in rows:
        by_opco[row.opco] = by_opco.get(row.opco, 0) + row.establishments
    total = sum(by_opco.values())
    return tuple(
        OpcoCandidate.trusted(
            opco=opco,
            share=(Decimal(count) / Decimal(total)).quantize(Decimal("0.0001")) if total else None,
            establishments=count,
        )
        for opco, count in sorted(by_opco.items(), key=lambda item: (-item[1], item[0].value))
    )


def _naf_hint(naf: str) -> NafHint | None:
    hints = idcc_tables().naf_hints
    for length in sorted({len(prefix) for prefix in hints}, reverse=True):
        hint = hints.get(naf[:length])
        if hint is not None:
            return hint
    return None


def _percent(share: Decimal | None) -> str:
    if share is None:
        return "part inconnue"
    return f"{(share * 100).quantize(Decimal('1'))} %"
