"""Threat to life or safety (DSA art. 18): a case marked ``threat_to_life`` —
by a moderator (``escalate`` with the mark), or by the safety layer (ambush
set-ups, recruitment against someone who cannot consent, sextortion with
self-harm cues) — gets a package for the authorities: what, who, where (the
city only: coordinates never leave the server), the evidence, a timeline.
It is tracked from ``prepared`` to ``sent`` (to whom, when) to
``acknowledged`` (their reference). The contact points are the operator's
setting ``CAUSERIE_AUTHORITY_CONTACTS``. See docs/legal.md."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from causerie.domain.errors import CauserieError, Invalid, NotFound
from causerie.domain.ids import new_id
from causerie.domain.legal import PackageStatus, ThreatPackage
from causerie.domain.models import User
from causerie.domain.moderation import Case
from causerie.domain.times import rfc3339
from causerie.ports import StorageUnitOfWork, ThreatPackagePatch, UnitOfWork
from causerie.services import audit
from causerie.services.deps import Deps
from causerie.services.legal import require_desk
from causerie.services.mail import legal_repo

SWEEP = 100


def _who(deps: Deps, user: User | None, role: str) -> dict[str, Any] | None:
    if user is None:
        return None
    city = deps.gazetteer.get(user.city_id) if user.city_id else None
    return {
        "role": role,
        "account_id": user.id,
        "pseudo": user.pseudo,
        "declared_age": user.age,
        "band": user.band.value,
        "city": city.name if city else None,
        "account_created_at": rfc3339(user.created_at),
    }


async def _package(deps: Deps, uow: UnitOfWork, case: Case) -> dict[str, Any]:
    evidence = await uow.cases.evidence(case.id)
    involved: set[str] = set()
    for item in evidence:
        for user in item.content.get("users", []) if isinstance(item.content, dict) else []:
            if isinstance(user, dict) and isinstance(user.get("id"), str):
                involved.add(user["id"])
    if case.subject_id:
        involved.discard(case.subject_id)
    subject = await uow.users.get(case.subject_id) if case.subject_id else None
    others = await uow.users.get_many(involved)
    people = [_who(deps, subject, "subject")] + [_who(deps, u, "involved") for u in others.values()]
    where = sorted({p["city"] for p in people if p and p["city"]})
    timeline: list[dict[str, Any]] = [{"at": rfc3339(case.created_at), "event": "case_opened"}]
    timeline += [
        {"at": rfc3339(a.created_at), "event": f"moderator_{a.action.value}", "facts": a.facts}
        for a in await uow.cases.actions(case.id)
    ]
    timeline += [
        {"at": rfc3339(e.created_at), "event": f"evidence_{e.kind}", "evidence_id": e.id}
        for e in evidence
    ]
    timeline.sort(key=lambda t: str(t["at"]))
    return {
        "legal_basis": "Regulation (EU) 2022/2065 (DSA), art. 18",
        "what": {
            "case_id": case.id,
            "kind": case.kind.value,
            "severity": case.severity.value,
            "reasons": list(case.reasons),
            "signals": list(case.signals),
            "target": {"type": case.target_type.value, "id": case.target_id},
        },
        "who": [p for p in people if p],
        "where": {"cities": where, "note": "city only; no coordinates are kept"},
        "evidence": [
            {"id": e.id, "kind": e.kind, "created_at": rfc3339(e.created_at), "content": e.content}
            for e in evidence
        ],
        "timeline": timeline,
        "contacts": deps.settings.authority_contacts,
    }


async def _prepare(deps: Deps, uow: StorageUnitOfWork, case: Case, actor: str) -> ThreatPackage:
    repo = legal_repo(uow)
    existing = await repo.package_of_case(case.id)
    if existing is not None:
        return existing
    now = deps.clock.now()
    package = ThreatPackage(
        id=new_id(),
        case_id=case.id,
        content=json.dumps(await _package(deps, uow, case), sort_keys=True, default=str),
        status=PackageStatus.PREPARED,
        created_at=now,
    )
    await repo.add_package(package)
    await audit.record(
        uow,
        now,
        actor=actor,
        action="legal.threat_package_prepared",
        subject=f"case:{case.id}",
        payload={"package": package.id},
    )
    return package


async def mark(deps: Deps, staff: User, case_id: str) -> dict[str, Any]:
    """A moderator's mark on an escalated case: threat to life, package now."""
    async with deps.uow(write=True) as uow:
        case = await uow.cases.get(case_id)
        if case is None:
            raise NotFound()
        if not case.threat_to_life:
            case = await uow.cases.update(case.id, threat_to_life=True)
            await audit.record(
                uow,
                deps.clock.now(),
                actor=f"moderator:{staff.id}",
                action="case.threat_to_life",
                subject=f"case:{case.id}",
            )
        package = await _prepare(deps, uow, case, f"moderator:{staff.id}")
        await uow.commit()
    return present(package)


async def sweep(deps: Deps) -> int:
    """Packages for every marked case that has none (the safety layer's marks)."""
    async with deps.uow(write=True) as uow:
        made = 0
        for case_id in await legal_repo(uow).threat_cases_without_package(SWEEP):
            case = await uow.cases.get(case_id)
            if case is not None:
                await _prepare(deps, uow, case, "system")
                made += 1
        await uow.commit()
    return made


def present(package: ThreatPackage) -> dict[str, Any]:
    """The desk's JSON: moments in RFC 3339, the package's content as JSON."""
    out = {k: rfc3339(v) if isinstance(v, datetime) else v for k, v in asdict(package).items()}
    out["status"] = package.status.value
    out["content"] = json.loads(package.content)
    return out


async def packages(deps: Deps, clerk: User) -> list[dict[str, Any]]:
    require_desk(clerk, deps.clock.now())
    await sweep(deps)
    async with deps.uow() as uow:
        return [present(r) for r in await legal_repo(uow).packages(500)]


_BEFORE = {
    PackageStatus.SENT: PackageStatus.PREPARED,
    PackageStatus.ACKNOWLEDGED: PackageStatus.SENT,
}


async def _advance(
    deps: Deps,
    clerk: User | None,
    package_id: str,
    want: PackageStatus,
    fields: ThreatPackagePatch,
) -> dict[str, Any]:
    now = deps.clock.now()
    if clerk is not None:
        require_desk(clerk, now)
    async with deps.uow(write=True) as uow:
        repo = legal_repo(uow)
        package = await repo.get_package(package_id)
        if package is None:
            raise NotFound()
        if package.status is not _BEFORE[want]:
            raise CauserieError("conflict", reason=f"status_{package.status.value}")
        patch: ThreatPackagePatch = {**fields, "status": want}
        package = await repo.update_package(package_id, **patch)
        await audit.record(
            uow,
            now,
            actor=f"legal:{clerk.id}" if clerk else "operator:cli",
            action=f"legal.threat_package_{want.value}",
            subject=f"case:{package.case_id}",
            payload={"package": package_id, **{k: str(v) for k, v in fields.items()}},
        )
        await uow.commit()
    return present(package)


async def mark_sent(
    deps: Deps, clerk: User | None, package_id: str, sent_to: str | None = None
) -> dict[str, Any]:
    to = (sent_to or deps.settings.authority_contacts).strip()
    if not to or len(to) > 1000:
        raise Invalid(field="sent_to")
    return await _advance(
        deps,
        clerk,
        package_id,
        PackageStatus.SENT,
        ThreatPackagePatch(sent_at=deps.clock.now(), sent_to=to),
    )


async def acknowledge(
    deps: Deps, clerk: User | None, package_id: str, reference: str
) -> dict[str, Any]:
    reference = reference.strip()
    if not reference or len(reference) > 200:
        raise Invalid(field="reference")
    return await _advance(
        deps,
        clerk,
        package_id,
        PackageStatus.ACKNOWLEDGED,
        ThreatPackagePatch(acknowledged_at=deps.clock.now(), ack_reference=reference),
    )
