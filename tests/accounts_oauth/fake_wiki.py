"""A stand-in for Meta-Wiki's OAuth 1.0a endpoints, served over real HTTP on 127.0.0.1.

It speaks the four steps of MediaWiki's Special:OAuth as the app's library calls them: initiate
(a request token), authenticate (the person approves: here at once, redirected to the consumer's
registered callback), token (the access token) and identify (a JWT signed with the consumer
secret, carrying the nonce of the request that asked for it). Tests set who signs in
(``identity``) and how the answer may be forged (``tamper``). It is the only part of the sign-in
that is not real.
"""

import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt

from oeplanner.settings.base import content_security_policy

# Ways a forged identity can differ from a true one; each must be refused.
TAMPERING = ("signature", "nonce", "audience")


class FakeWiki:
    def __init__(self, *, key, secret, callback):
        self.key = key
        self.secret = secret
        self.callback = callback  # the consumer's registered callback, as on Special:OAuthConsumerRegistration
        self.identity = {}
        self.tamper = None
        self.calls = []
        self._request_tokens = {}  # request token -> verifier
        self._access_tokens = set()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_port}/w/index.php"

    def sign_in_as(self, sub, username, *, email="", confirmed_email=False, blocked=False):
        self.identity = {
            "sub": sub,
            "username": username,
            "email": email,
            "confirmed_email": confirmed_email,
            "blocked": blocked,
            "editcount": 1234,
            "groups": ["*", "user", "autoconfirmed"],
        }

    def start(self):
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def _identify(self, nonce):
        now = int(time.time())
        claims = {
            "iss": f"http://{urlsplit(self.url).netloc}",
            "aud": "someone-else" if self.tamper == "audience" else self.key,
            "iat": now,
            "exp": now + 100,
            "nonce": "a-replayed-nonce" if self.tamper == "nonce" else nonce,
            **self.identity,
        }
        secret = "a-forger-who-does-not-know-the-consumer-secret" if self.tamper == "signature" else self.secret
        return jwt.encode(claims, secret, algorithm="HS256")

    def _handler(self):
        wiki = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                self.do_GET()

            def do_GET(self):
                query = parse_qs(urlsplit(self.path).query)
                title = query.get("title", [""])[0].lower()
                header = self.headers.get("Authorization", "")
                oauth = dict(re.findall(r'(oauth_\w+)="([^"]*)"', header))
                wiki.calls.append(title)
                if title != "special:oauth/authenticate" and oauth.get("oauth_consumer_key") != wiki.key:
                    return self._answer(401, "Error: unknown consumer")
                if title == "special:oauth/initiate":
                    token = secrets.token_hex(8)
                    wiki._request_tokens[token] = secrets.token_hex(8)
                    return self._answer(200, urlencode({"oauth_token": token, "oauth_token_secret": "rs"}))
                if title == "special:oauth/authenticate":
                    token = query.get("oauth_token", [""])[0]
                    if token not in wiki._request_tokens:
                        return self._answer(400, "Error: unknown request token")
                    verifier = wiki._request_tokens[token]
                    location = f"{wiki.callback}?{urlencode({'oauth_token': token, 'oauth_verifier': verifier})}"
                    self.send_response(302)
                    self.send_header("Location", location)
                    self.end_headers()
                    return None
                if title == "special:oauth/token":
                    if wiki._request_tokens.pop(oauth.get("oauth_token"), None) != oauth.get("oauth_verifier"):
                        return self._answer(401, "Error: wrong verifier")
                    access = secrets.token_hex(8)
                    wiki._access_tokens.add(access)
                    return self._answer(200, urlencode({"oauth_token": access, "oauth_token_secret": "as"}))
                if title == "special:oauth/identify":
                    if oauth.get("oauth_token") not in wiki._access_tokens:
                        return self._answer(401, "Error: unknown access token")
                    return self._answer(200, wiki._identify(oauth["oauth_nonce"]))
                return self._answer(404, "Error: no such page")

            def _answer(self, status, body):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def serve_as_meta_wiki(settings, site_url):
    """Start a fake wiki and make the app (served at ``site_url``) its configured consumer."""
    secret = "a-consumer-secret-as-long-as-meta-wiki-gives"
    settings.SOCIAL_AUTH_MEDIAWIKI_KEY = "consumer-key"
    settings.SOCIAL_AUTH_MEDIAWIKI_SECRET = secret
    wiki = FakeWiki(key="consumer-key", secret=secret, callback=site_url + "/accounts/wikimedia/complete/mediawiki/")
    settings.SOCIAL_AUTH_MEDIAWIKI_URL = wiki.url
    settings.CONTENT_SECURITY_POLICY = content_security_policy(wiki.url)
    return wiki.start()
