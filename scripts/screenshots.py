"""Screenshots of the web client's main screens, for the README.

Starts a throw-away ``causerie serve`` on a free port, fills it with a few
people and messages through the public API, then drives Debian's Chromium
to save PNGs at desktop (1280x800) and phone (360x740) widths into
docs/screenshots/.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright
from websockets.sync.client import connect

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
CAUSERIE = [str(Path(sys.executable).with_name("causerie"))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "CAUSERIE_NO_RATE_LIMITS": "1"}
        self.log = (data_dir / "server.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own CLI
            [
                *CAUSERIE,
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--data-dir",
                str(data_dir / "db"),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server exited: see {data_dir / 'server.log'}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise SystemExit("the server did not become healthy")

    def cli(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - our own CLI
            [*CAUSERIE, *args, "--data-dir", str(self.data_dir / "db")],
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)
        self.log.close()


class Bot:
    """A person made through the API, who can talk over the WebSocket."""

    def __init__(self, server: Server, pseudo: str, gender: str, age: int, city: str) -> None:
        body = {"pseudo": pseudo, "gender": gender, "age": age, "city": city}
        answer = httpx.post(f"{server.base}/api/v1/session/guest", json=body, timeout=10)
        answer.raise_for_status()
        data = answer.json()
        self.server = server
        self.token: str = data["token"]
        self.csrf: str = data.get("csrf_token", "")
        self.user: dict[str, Any] = data["user"]
        self.http = httpx.Client(
            base_url=f"{server.base}/api/v1",
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=10,
        )

    def join(self, room: str) -> None:
        """Stays connected to `room` (so it counts as online) until close()."""
        url = self.server.base.replace("http", "ws") + "/api/v1/ws"
        self.ws = connect(url, additional_headers={"Authorization": f"Bearer {self.token}"})
        self.ws.send(json.dumps({"type": "join", "room": room, "since": None}))
        wait_for(self.ws, "joined")
        self.room = room

    def say(self, *texts: str) -> None:
        for text in texts:
            frame = {
                "type": "send",
                "room": self.room,
                "client_id": str(uuid.uuid4()),
                "text": text,
            }
            self.ws.send(json.dumps(frame))
            wait_for(self.ws, "ack", "error")
            time.sleep(0.05)

    def close(self) -> None:
        self.ws.close()

    def browser_context(self, browser: Browser, viewport: dict[str, int]) -> BrowserContext:
        """A browser signed in as this bot (its session token as the cookie)."""
        context = browser.new_context(locale="fr-FR", viewport=viewport, device_scale_factor=1)
        context.add_cookies(
            [
                {"name": "causerie_session", "value": self.token, "url": self.server.base},
                {"name": "causerie_csrf", "value": self.csrf, "url": self.server.base},
            ]
        )
        return context


def wait_for(ws: Any, *types: str) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(ws.recv(timeout=10))
        if frame.get("type") in types:
            return frame


def shoot(page: Page, out: Path, name: str, width: str) -> None:
    page.wait_for_timeout(350)  # let transitions settle
    path = out / f"{name}-{width}.png"
    page.screenshot(path=str(path))
    print(f"saved {path}")


def sign_up(page: Page, base: str, pseudo: str) -> None:
    page.goto(base + "/#/start")
    page.get_by_label("Pseudo", exact=True).fill(pseudo)
    page.get_by_label("Genre", exact=True).select_option("female")
    page.get_by_label("Âge", exact=True).fill("27")
    page.get_by_label("Ville", exact=True).fill("Lyo")
    page.get_by_role("listbox").get_by_role("option").first.click()
    page.get_by_role("button", name="Entrer dans Causerie").click()
    expect(page.get_by_role("heading", name=f"Salut {pseudo} !")).to_be_visible()


def screens(
    browser: Browser, server: Server, out: Path, room: dict[str, Any], state: Any, width: str
) -> None:
    viewport = DESKTOP if width == "desktop" else PHONE
    context: BrowserContext = browser.new_context(
        locale="fr-FR", viewport=viewport, storage_state=state, device_scale_factor=1
    )
    page = context.new_page()
    page.goto(server.base + "/#/")
    expect(page.locator(".room-card").first).to_be_visible()
    if width == "desktop":
        expect(page.locator(".nearby-column .person").first).to_be_visible()
    shoot(page, out, "home", width)
    if width == "phone":
        page.get_by_role("tab", name="À proximité").click()
        expect(page.locator(".nearby-column .person").first).to_be_visible()
        shoot(page, out, "home-nearby", width)
        page.get_by_role("tab", name="Salons").click()
    page.goto(server.base + f"/#/room/{room['id']}")
    expect(page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    expect(page.locator("li.msg").first).to_be_visible()
    shoot(page, out, "room", width)
    page.locator("li.msg:not(.mine) .author").first.click()
    expect(page.get_by_role("dialog").locator(".facts")).not_to_be_empty()
    shoot(page, out, "profile-card", width)
    page.keyboard.press("Escape")
    page.goto(server.base + "/#/conversations")
    expect(page.get_by_role("heading", name="Messages privés", level=1)).to_be_visible()
    page.wait_for_timeout(500)
    shoot(page, out, "conversations", width)
    page.goto(server.base + "/#/account")
    expect(page.get_by_role("heading", name="Ce que tu peux faire")).to_be_visible()
    page.wait_for_timeout(300)
    page.screenshot(path=str(out / f"account-{width}.png"), full_page=True)
    print(f"saved {out / f'account-{width}.png'}")
    context.close()


def safety_screens(
    browser: Browser, server: Server, out: Path, nadia: Bot, troll: Bot, case_id: str, width: str
) -> None:
    """The moderation queue and a case as a moderator sees them."""
    viewport = DESKTOP if width == "desktop" else PHONE
    context = nadia.browser_context(browser, viewport)
    page = context.new_page()
    page.goto(server.base + "/#/moderation")
    expect(page.locator(".case-row").first).to_be_visible()
    expect(page.locator(".audit")).to_be_visible()
    shoot(page, out, "moderation-queue", width)
    page.get_by_role("button", name="Transparence").click()
    expect(page.get_by_role("button", name="Afficher")).to_be_visible()
    page.wait_for_timeout(500)
    shoot(page, out, "moderation-transparency", width)
    page.goto(server.base + f"/#/moderation/case/{case_id}")
    expect(page.get_by_role("heading", name="Contenu signalé")).to_be_visible()
    shoot(page, out, "moderation-case", width)
    context.close()


def notice_screens(browser: Browser, server: Server, out: Path, troll: Bot, width: str) -> None:
    """The notifications page of a warned member: the statement of reasons."""
    viewport = DESKTOP if width == "desktop" else PHONE
    context = troll.browser_context(browser, viewport)
    page = context.new_page()
    page.goto(server.base + "/#/notices")
    expect(page.locator("article.notice-card").first).to_be_visible()
    if width == "desktop":  # on a phone the open form would push the reasons off screen
        page.locator("article.notice-card.sanction").get_by_role(
            "button", name="Faire appel"
        ).click()
        page.get_by_label("Pourquoi contestes-tu cette décision ?").fill(
            "Je me suis emporté, ça ne se reproduira pas."
        )
        page.locator(":focus").evaluate("el => el.blur()")
        page.evaluate("window.scrollTo(0, 0)")
    shoot(page, out, "notices", width)
    context.close()


def attestation_screen(browser: Browser, server: Server, out: Path, bot: Bot) -> None:
    """An adult-only room asking for the double-blind age check (phone)."""
    context = bot.browser_context(browser, PHONE)
    page = context.new_page()
    rooms = bot.http.get("/rooms").json()
    adult = next(r for r in rooms if r.get("requires") == "age_attestation")
    page.goto(server.base + f"/#/room/{adult['id']}")
    page.get_by_role("button", name="Obtenir mon code").click()
    expect(page.get_by_label("Ton code à usage unique")).to_be_visible()
    page.locator(":focus").evaluate("el => el.blur()")
    page.screenshot(path=str(out / "attestation-phone.png"), full_page=True)
    print(f"saved {out / 'attestation-phone.png'}")
    context.close()


def moderation_story(
    server: Server, rooms: list[dict[str, Any]], lea: Bot, karim: Bot, sam: Bot
) -> tuple[Bot, Bot, str]:
    """A rude member in Général, three reports of different urgency, and a
    moderator. Returns the troll, the moderator and the harassment case."""
    general = next((r for r in rooms if r["name"] == "Général"), rooms[-1])
    troll = Bot(server, "Max_du_69", "male", 31, "Vénissieux")
    polite = Bot(server, "Julie.M", "female", 26, "Lyon")
    polite.join(general["id"])
    polite.say("Bonjour ! Quelqu'un connaît un bon club de lecture à Lyon ?")
    troll.join(general["id"])
    troll.say("Franchement vous êtes tous nuls ici, dégagez.")
    rude = wait_for(polite.ws, "message")
    while rude.get("author", {}).get("pseudo") != "Max_du_69":
        rude = wait_for(polite.ws, "message")
    polite.say("Pas la peine d'être désagréable…")
    lea.http.post(
        "/reports",
        json={
            "target_type": "message",
            "target_id": rude["id"],
            "reason": "harassment",
            "details": "Il insulte tout le monde sans raison.",
        },
    ).raise_for_status()
    karim.http.post(
        "/reports",
        json={"target_type": "user", "target_id": sam.user["id"], "reason": "spam"},
    ).raise_for_status()
    polite.http.post(
        "/reports",
        json={
            "target_type": "user",
            "target_id": troll.user["id"],
            "reason": "threat",
            "details": "Il m'a écrit qu'il savait où j'habitais.",
        },
    ).raise_for_status()
    nadia = Bot(server, "Nadia.R", "female", 35, "Lyon")
    server.cli("users", "role", "Nadia.R", "moderator")
    cases = nadia.http.get("/moderation/cases?status=open").json()
    case_id = next(c["id"] for c in cases if c["target"]["id"] == rude["id"])
    polite.close()
    return troll, nadia, case_id


# The top bar is sticky: scroll a section's top just below it.
SCROLL_BELOW_HEADER = """(el) => {
  const bar = document.querySelector("header");
  const top = el.getBoundingClientRect().top + window.scrollY;
  window.scrollTo(0, top - (bar ? bar.getBoundingClientRect().height : 0) - 8);
}"""


def console_screens(browser: Browser, server: Server, out: Path) -> None:
    """Issue 16, item 9, on a phone: the queue with one case per incident,
    the case with its sources, the flagged conversation and the signals in
    words, the decision citing a catalogue rule, an appeal reduced, and the
    member's suspended page following it."""
    rooms = Bot(server, "Passant.e", "female", 30, "Lyon").http.get("/rooms").json()
    general = next((r for r in rooms if r["name"] == "Général"), rooms[-1])
    ines = Bot(server, "Inès.L", "female", 28, "Lyon")
    omar = Bot(server, "Omar_75", "male", 34, "Paris")
    ines.join(general["id"])
    ines.say("Quelqu'un a un avis sur le dernier Miyazaki ?")
    omar.join(general["id"])
    omar.say("Franchement ton avis ne vaut rien, tais-toi.")
    rude = wait_for(ines.ws, "message")
    while rude.get("author", {}).get("pseudo") != "Omar_75":
        rude = wait_for(ines.ws, "message")
    omar.say("je vais te tuer")  # held by the filter: an automatic alert
    ines.http.post(
        "/reports",
        json={"target_type": "message", "target_id": rude["id"], "reason": "harassment"},
    ).raise_for_status()
    yanis = Bot(server, "Yanis.M", "male", 38, "Lyon")
    chloe = Bot(server, "Chloé.D", "female", 41, "Lyon")
    for pseudo in ("Yanis.M", "Chloé.D"):
        server.cli("users", "role", pseudo, "moderator")

    context = yanis.browser_context(browser, PHONE)
    page = context.new_page()
    page.goto(server.base + "/#/moderation")
    row = page.locator(".case-row", has_text="Omar_75")
    expect(row).to_be_visible()
    shoot(page, out, "moderation-console-queue", "phone")
    row.click()
    conversation = page.get_by_role("region", name="Conversation")
    expect(conversation.locator("li.flagged")).to_have_count(2)
    page.get_by_role("region", name="Sources du dossier").scroll_into_view_if_needed()
    shoot(page, out, "moderation-console-case", "phone")
    page.get_by_role("region", name="Signaux").get_by_role(
        "link", name="Voir le message"
    ).first.click()
    shoot(page, out, "moderation-console-signal", "phone")
    form = page.get_by_role("region", name="Décider")
    form.get_by_label("Décision").select_option("ban")
    form.get_by_label("Règle", exact=True).select_option("harassment")
    form.get_by_label("Les faits").fill("Insultes, puis une menace de mort retenue par le filtre.")
    page.locator(":focus").evaluate("el => el.blur()")
    form.evaluate(SCROLL_BELOW_HEADER)
    shoot(page, out, "moderation-console-rule", "phone")
    form.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée")
    context.close()

    notice = next(n for n in omar.http.get("/notices").json() if n["kind"] == "sanction")
    omar.http.post(
        "/appeals", json={"notice_id": notice["id"], "text": "Je me suis emporté, pardon."}
    ).raise_for_status()
    context = chloe.browser_context(browser, PHONE)
    page = context.new_page()
    page.goto(server.base + "/#/moderation/appeals")
    page.locator(".case-row", has_text="Omar_75").click()
    decide = page.get_by_role("region", name="Décider de l'appel")
    decide.get_by_label("Décision").select_option("reduce")
    decide.get_by_label("Nouvelle sanction").select_option("suspend")
    decide.get_by_label("Durée (jours)").fill("7")
    decide.get_by_label("Règle", exact=True).select_option("harassment")
    decide.get_by_label("Les faits").fill("Première fois ; une semaine suffit.")
    page.locator(":focus").evaluate("el => el.blur()")
    decide.evaluate(SCROLL_BELOW_HEADER)
    shoot(page, out, "moderation-appeal-reduce", "phone")
    decide.get_by_role("button", name="Appliquer").click()
    expect(page.get_by_role("status")).to_contain_text("Décision enregistrée")
    context.close()

    context = omar.browser_context(browser, PHONE)
    page = context.new_page()
    page.goto(server.base + "/#/suspended")
    expect(page.locator(".suspended .appeal-state")).to_be_visible()
    page.screenshot(path=str(out / "suspended-appeal-phone.png"), full_page=True)
    print(f"saved {out / 'suspended-appeal-phone.png'}")
    context.close()
    for bot in (ines, omar):
        bot.close()


KEYBOARD_OPEN = """(height) => {
  Object.defineProperty(window.visualViewport, "height", { configurable: true, get: () => height });
  window.visualViewport.dispatchEvent(new Event("resize"));
}"""


FAILING_SEND = "Je passe samedi vers 14 h !"


def _fail_one_send(ws: Any) -> None:
    """Between the page and the server: the first send of FAILING_SEND is
    refused as the server refuses a send it could not store."""
    server = ws.connect_to_server()
    failed: list[str] = []

    def from_page(message: str | bytes) -> None:
        frame = json.loads(message)
        if frame.get("type") == "send" and frame.get("text") == FAILING_SEND and not failed:
            failed.append(frame["client_id"])
            refusal = {
                "type": "error",
                "code": "internal",
                "client_id": frame["client_id"],
                "room": frame["room"],
                "detail": "Un problème est survenu de notre côté : réessaie.",
            }
            ws.send(json.dumps(refusal))
            return
        server.send(message)

    ws.on_message(from_page)
    server.on_message(ws.send)


def phone_screens(
    browser: Browser, server: Server, out: Path, room: dict[str, Any], state: Any
) -> None:
    """Issue 16 W1 on a phone: the lock on the card, rooms by activity, the
    keyboard open, dark mode, 200 % text, the loading state, a masked number,
    a failed send with "Réessayer"."""
    context = browser.new_context(
        locale="fr-FR", viewport=PHONE, storage_state=state, device_scale_factor=1
    )
    page = context.new_page()
    # A send that fails (as if the server had not stored it), for "Réessayer".
    page.route_web_socket(re.compile(r"/ws"), _fail_one_send)
    page.goto(server.base + "/#/")
    expect(page.locator(".room-card .activity").first).to_be_visible()
    shoot(page, out, "home-activity", "phone")
    page.goto(server.base + f"/#/room/{room['id']}")
    expect(page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    expect(page.locator("li.msg").first).to_be_visible()
    page.locator("li.msg:not(.mine) .author").first.click()
    expect(page.get_by_role("dialog").locator(".dm-lock")).to_be_visible()
    shoot(page, out, "profile-lock", "phone")
    page.keyboard.press("Escape")
    page.get_by_label("Ton message").fill("appelle-moi au 06 12 34 56 78")
    page.get_by_role("button", name="Envoyer").click()
    expect(page.locator(".mask-note")).to_be_visible()
    shoot(page, out, "room-masked", "phone")
    page.get_by_label("Ton message").fill(FAILING_SEND)
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("button", name="Réessayer")).to_be_visible()
    page.locator(".scroller").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    shoot(page, out, "room-retry", "phone")
    page.get_by_label("Ton message").focus()
    page.evaluate(KEYBOARD_OPEN, 330)
    page.wait_for_timeout(200)
    page.screenshot(
        path=str(out / "room-keyboard-phone.png"),
        clip={"x": 0, "y": 0, "width": 360, "height": 330},
    )
    print(f"saved {out / 'room-keyboard-phone.png'}")
    page.reload()
    page.emulate_media(color_scheme="dark")
    expect(page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
    shoot(page, out, "room-dark", "phone")
    page.emulate_media(color_scheme="light")
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    shoot(page, out, "room-200-percent", "phone")
    context.close()

    # The loading state, as a slow mobile network shows it.
    context = browser.new_context(locale="fr-FR", viewport=PHONE, device_scale_factor=1)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 400,
            "downloadThroughput": 50_000,
            "uploadThroughput": 50_000,
        },
    )
    page.goto(server.base + "/#/start", wait_until="commit")
    page.wait_for_selector(".boot", state="visible")
    page.wait_for_timeout(600)
    page.screenshot(path=str(out / "loading-phone.png"))
    print(f"saved {out / 'loading-phone.png'}")
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    )
    parser.add_argument(
        "--only-phone", action="store_true", help="only the issue-16 phone screens (phone_screens)"
    )
    parser.add_argument(
        "--only-console",
        action="store_true",
        help="only the moderator console screens (issue 16, item 9)",
    )
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="causerie-shots-") as tmp:
        server = Server(Path(tmp))
        try:
            lea = Bot(server, "Léa_B", "female", 24, "Villeurbanne")
            karim = Bot(server, "Karim69", "male", 29, "Lyon")
            sam = Bot(server, "Sam.R", "nonbinary", 33, "Grenoble")
            rooms = lea.http.get("/rooms").json()
            room = next((r for r in rooms if r["name"] == "Musique"), rooms[0])
            for bot in (lea, karim, sam):
                bot.join(room["id"])
            # Nearby: these three opted in (and are online: their sockets are open).
            for bot in (lea, karim, sam):
                bot.http.patch("/me", json={"nearby_visible": True}).raise_for_status()
            lea.say("Salut tout le monde ! Quelqu'un a vu le concert d'hier soir ?")
            karim.say("Oui ! La première partie était incroyable, je ne connaissais pas.")
            sam.say("Je l'ai raté… vous conseillez quoi ce week-end ?")
            lea.say("Il y a un festival gratuit au parc de la Tête d'Or samedi.")
            karim.say("Carrément, on pourrait s'y retrouver à plusieurs, en journée.")

            with sync_playwright() as driver:
                browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                if args.only_console:
                    console_screens(browser, server, out)
                    return
                for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
                    context = browser.new_context(locale="fr-FR", viewport=viewport)
                    page = context.new_page()
                    page.goto(server.base + "/#/start")
                    expect(page.get_by_label("Pseudo", exact=True)).to_be_visible()
                    shoot(page, out, "start", width)
                    context.close()

                context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
                page = context.new_page()
                sign_up(page, server.base, "Camille")
                page.goto(server.base + f"/#/room/{room['id']}")
                expect(page.get_by_role("status").filter(has_text="Connecté")).to_be_visible()
                page.get_by_label("Ton message").fill("Bonne idée, j'y serai avec des amis !")
                page.get_by_role("button", name="Envoyer").click()
                expect(page.locator("li.msg.mine:not(.pending)")).to_have_count(1, timeout=15_000)
                page.goto(server.base + "/#/")
                page.get_by_role("switch", name="Apparaître dans « À proximité »").check()
                expect(page.locator(".nearby-column .person").first).to_be_visible()
                camille_id = page.evaluate(
                    "fetch('/api/v1/me').then(r => r.json()).then(u => u.id)"
                )
                state = context.storage_state()
                context.close()

                server.cli("users", "trust", "Karim69", "1")
                server.cli("users", "trust", "Sam.R", "1")
                karim.http.post(
                    "/conversations",
                    json={
                        "user_id": camille_id,
                        "text": "Hello Camille ! Tu vas aussi au festival samedi ?",
                    },
                )
                sam.http.post(
                    "/conversations",
                    json={
                        "user_id": camille_id,
                        "text": "Coucou, tu connais des bons restos près de Bellecour ?",
                    },
                )

                phone_screens(browser, server, out, room, state)
                if args.only_phone:
                    return
                for width in ("desktop", "phone"):
                    screens(browser, server, out, room, state, width)

                # Safety: a rude member, reports, a moderator's queue and case.
                troll, nadia, case_id = moderation_story(server, rooms, lea, karim, sam)
                for width in ("desktop", "phone"):
                    safety_screens(browser, server, out, nadia, troll, case_id, width)
                nadia.http.post(
                    f"/moderation/cases/{case_id}/actions",
                    json={
                        "action": "warn",
                        "rule": "Règle 2 — respecter les autres membres",
                        "facts": "Message insultant envoyé à tout le salon Général.",
                    },
                ).raise_for_status()
                for width in ("desktop", "phone"):
                    notice_screens(browser, server, out, troll, width)
                attestation_screen(browser, server, out, sam)
                console_screens(browser, server, out)
                browser.close()
                troll.close()
            for bot in (lea, karim, sam):
                bot.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
