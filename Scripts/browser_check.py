"""Drives headless Chromium through the Chrome DevTools Protocol like a teacher would: open the
search page, type a word in the search field, submit the form, open the first resource from
the results, log in, make an access token, log out, and save a screenshot of each step. Asserts on what each page shows.

Usage: browser_check.py BASE_URL SCREENSHOT_FOLDER
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client, from PyPI


class Browser:
    def __init__(self, profile):
        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
             f"--user-data-dir={profile}", "--window-size=1280,1000", "--lang=nb", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(100):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")
        # A Norwegian teacher's browser: headless Chromium sends en-US whatever --lang says.
        user_agent = self.call("Browser.getVersion")["userAgent"]
        self.call("Emulation.setUserAgentOverride", userAgent=user_agent, acceptLanguage="nb-NO,nb;q=0.9,en;q=0.5")

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def wait_for_load(self):
        deadline = time.time() + 20
        while time.time() < deadline:
            message = json.loads(self.socket.recv())
            if message.get("method") == "Page.loadEventFired":
                return
        raise RuntimeError("the page did not load within 20 s")

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def navigate(self, url):
        self.call("Page.navigate", url=url)
        self.wait_for_load()

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)


def check(condition, message):
    if not condition:
        print(f"FAILED: {message}")
        sys.exit(1)
    print(f"ok: {message}")


def main():
    base, folder = sys.argv[1].rstrip("/"), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(profile)
        try:
            browser.navigate(base + "/")
            title = browser.evaluate("document.title")
            check(title.startswith("Finn læringsressurser"), f"the search page opens in bokmål: {title!r}")
            check(browser.evaluate("document.querySelectorAll('ol.hits li.hit').length") >= 10, "it lists the catalogue's resources")
            browser.screenshot(os.path.join(folder, "1-search-page.png"))

            # Type the word and press the search button, as a person does; no JavaScript of ours runs.
            browser.evaluate("document.getElementById('q').focus()")
            browser.call("Input.insertText", text="fotosyntese")
            browser.evaluate("document.querySelector('form.search button[type=submit]').click()")
            browser.wait_for_load()
            check("q=fotosyntese" in browser.evaluate("location.search"), "the form sent the query")
            titles = browser.evaluate("[...document.querySelectorAll('ol.hits h3 a')].map(a => a.textContent)")
            check(len(titles) >= 2, f"the search finds the photosynthesis resources: {titles}")
            check(any("otosynte" in t or "hotosynthesis" in t for t in titles), "the hits are about photosynthesis")
            heading = browser.evaluate("document.getElementById('results-heading').textContent")
            check("ressurs" in heading, f"the results are counted: {heading}")
            browser.screenshot(os.path.join(folder, "2-search-results.png"))

            browser.evaluate("document.querySelector('ol.hits h3 a').click()")
            browser.wait_for_load()
            check(browser.evaluate("location.pathname").startswith("/resources/"), "a result opens the resource page")
            sections = browser.evaluate("[...document.querySelectorAll('main h2')].map(h => h.textContent)")
            for wanted in ["Kompetansemål", "Tilgjengelighet", "Lisens og kreditering", "Tilpasninger", "Funn", "Filer", "Versjoner"]:
                check(wanted in sections, f"the resource page has the section {wanted}")
            check(browser.evaluate("document.querySelector('script[type=\"application/ld+json\"]') !== null"), "the page carries JSON-LD")
            check(len(browser.evaluate("document.getElementById('attribution').value")) > 20, "the attribution text is there to copy")
            browser.screenshot(os.path.join(folder, "3-resource-page.png"))

            # Log in from the header's link, typing into the form and pressing its button.
            browser.evaluate("document.querySelector('.account-bar a').click()")
            browser.wait_for_load()
            check(browser.evaluate("location.pathname") == "/login", "the header's link opens the login page")
            browser.evaluate("document.getElementById('user').focus()")
            browser.call("Input.insertText", text=os.environ["BROWSER_TEST_USER"])
            browser.evaluate("document.getElementById('password').focus()")
            browser.call("Input.insertText", text=os.environ["BROWSER_TEST_PASSWORD"])
            browser.evaluate("document.querySelector('form.account-form button[type=submit]').click()")
            browser.wait_for_load()
            check(browser.evaluate("location.pathname") == "/account", "the login leads to the account page")
            bar = browser.evaluate("document.querySelector('.account-bar').textContent")
            check("Logget inn som" in bar and os.environ["BROWSER_TEST_USER"] in bar, f"the header says who is logged in: {bar.strip()!r}")
            browser.evaluate("document.getElementById('token-name').focus()")
            browser.call("Input.insertText", text="bærbar")
            browser.evaluate("document.getElementById('token-name').form.querySelector('button[type=submit]').click()")
            browser.wait_for_load()
            secret = browser.evaluate("document.getElementById('issued-secret').value")
            check(secret.startswith("allm_"), "the account page makes an access token and shows it once")
            browser.screenshot(os.path.join(folder, "4-account-page.png"))

            browser.evaluate("document.querySelector('.account-bar form button').click()")
            browser.wait_for_load()
            check(browser.evaluate("document.querySelector('.account-bar a').textContent") == "Logg inn", "logging out leaves the header's login link")
        finally:
            browser.close()


if __name__ == "__main__":
    main()
