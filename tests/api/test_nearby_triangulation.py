"""Invariant 2 under attack: someone opens accounts in many real towns around
Lyon and queries nearby from each, to locate members. Everything they learn
must be what the targets' declared city centroids imply, nothing finer:

- every bucket seen from every town is exactly the bucket between that
  town's centroid and the target's city centroid (recomputed here
  independently), and absence means 100 km or more;
- two targets in the same city are indistinguishable: same buckets from
  everywhere, same city, and no stable rank between them inside a bucket.
"""

from __future__ import annotations

from typing import Any

from causerie.domain.geo import distance_bucket, haversine_km
from tests.harness import Member, Server, signup

ATTACKER_TOWNS = (
    "Villeurbanne",
    "Vénissieux",
    "Vaulx-en-Velin",
    "Bron",
    "Caluire-et-Cuire",
    "Saint-Priest",
    "Oullins",
    "Écully",
    "Tassin-la-Demi-Lune",
    "Décines-Charpieu",
    "Brignais",
    "Miribel",
    "Givors",
    "Mornant",
    "L'Arbresle",
    "Heyrieux",
    "Vienne",
    "Villefranche-sur-Saône",
    "Tarare",
    "Ambérieu-en-Bugey",
    "Saint-Étienne",
    "Bourg-en-Bresse",
    "Roanne",
    "Chambéry",
    "Grenoble",
    "Annecy",  # just beyond 100 km from Lyon
)


def centroid_bucket(server: Server, from_city: str, to_city: str) -> str | None:
    gazetteer = server.app.state.deps.gazetteer
    a, b = gazetteer.get(from_city), gazetteer.get(to_city)
    return distance_bucket(haversine_km(a.lat, a.lon, b.lat, b.lon))


async def opt_in(member: Member) -> None:
    response = await member.http.patch("/api/v1/me", json={"nearby_visible": True})
    assert response.status_code == 200, response.text


async def nearby(member: Member) -> list[dict[str, Any]]:
    response = await member.http.get("/api/v1/nearby")
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


async def test_an_attacker_learns_nothing_finer_than_the_declared_city(server: Server) -> None:
    target_a = await signup(server, city="Lyon")
    target_b = await signup(server, city="Lyon")
    target_c = await signup(server, city="Villeurbanne")
    targets = (target_a, target_b, target_c)
    for target in targets:
        await opt_in(target)
    attackers = [await signup(server, city=town) for town in ATTACKER_TOWNS]
    for attacker in attackers:
        await opt_in(attacker)

    # observations[town][target id] = the bucket seen (None: not listed)
    observations: dict[str, dict[str, str | None]] = {}
    for town, attacker in zip(ATTACKER_TOWNS, attackers, strict=True):
        seen: dict[str, str | None] = {target.id: None for target in targets}
        for _ in range(2):  # asking again teaches nothing new either
            for entry in await nearby(attacker):
                user_id = entry["user"]["id"]
                if user_id in seen:
                    target = next(t for t in targets if t.id == user_id)
                    assert entry["city"] == {
                        "id": target.user["city"]["id"],
                        "name": target.user["city"]["name"],
                    }
                    assert seen[user_id] in (None, entry["distance"])
                    seen[user_id] = entry["distance"]
        observations[town] = seen

    # 1. Every observation is exactly what the declared city centroid implies.
    towns = zip(ATTACKER_TOWNS, attackers, strict=True)
    attacker_city = {town: attacker.user["city"]["id"] for town, attacker in towns}
    for town, seen in observations.items():
        for target in targets:
            implied = centroid_bucket(server, attacker_city[town], target.user["city"]["id"])
            assert seen[target.id] == implied, (town, target.user["city"]["name"])

    # The attack did cover the whole range: near, mid, far and out of range.
    seen_buckets = {seen[target_a.id] for seen in observations.values()}
    assert {"< 5 km", "< 10 km", "< 25 km", "< 50 km", "< 100 km", None} <= seen_buckets

    # 2. Two members of the same city are indistinguishable from everywhere.
    for seen in observations.values():
        assert seen[target_a.id] == seen[target_b.id]
    # Their profiles tell the same place; nothing in an entry differs but who.
    vienne = attackers[ATTACKER_TOWNS.index("Vienne")]
    entries = {e["user"]["id"]: e for e in await nearby(vienne)}
    a_entry, b_entry = entries[target_a.id], entries[target_b.id]
    assert (a_entry["city"], a_entry["distance"]) == (b_entry["city"], b_entry["distance"])
    assert set(a_entry) == set(b_entry) == {"user", "city", "distance"}

    # 3. Inside a bucket no stable rank: the order is drawn afresh each time.
    orders = set()
    for _ in range(10):
        same_bucket = [
            e["user"]["id"] for e in await nearby(vienne) if e["distance"] == a_entry["distance"]
        ]
        assert len(same_bucket) >= 3
        orders.add(tuple(same_bucket))
    assert len(orders) > 1


async def test_a_target_cannot_be_walked_to_by_moving_one_account(server: Server) -> None:
    """Moving a probe account around is capped, so one account cannot sweep."""
    target = await signup(server, city="Lyon")
    probe = await signup(server, city="Annecy")
    await opt_in(target)
    await opt_in(probe)
    moves = ["Chambéry", "Grenoble", "Vienne", "Givors", "Oullins"]
    statuses = []
    for town in moves:
        statuses.append((await probe.http.patch("/api/v1/me", json={"city": town})).status_code)
    assert statuses[:3] == [200, 200, 200]
    assert set(statuses[3:]) == {429}
