"""A tiny OpenID Connect provider for the tests, served over real HTTP on localhost.

It does what the citizens' provider does in the authorisation code flow: ``/authorize`` sends
the browser back with a code for the person who "signed in" (the test says who, with
``sign_in_as``); ``/token`` exchanges the code (client secret, PKCE verifier) for an RS256-signed
ID token carrying the nonce; ``/userinfo`` answers for the access token; ``/jwks`` publishes
the public key.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "budgetlijn-test"
CLIENT_SECRET = "test-client-secret-not-for-production"  # noqa: S105
KID = "test-key-1"


class Provider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.person: dict = {}
        self.token_claims_override: dict = {}
        self.userinfo_override: dict = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict:
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/jwks",
        }

    def sign_in_as(self, sub: str, rrn: str, **claims):
        self.person = {"sub": sub, "rrn": rrn, **claims}

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]}

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = {"query": query, "person": dict(provider.person)}
                    back = urlencode({"code": code, "state": query["state"]})
                    self.send_response(302)
                    self.send_header("Location", f"{query['redirect_uri']}?{back}")
                    self.end_headers()
                elif url.path == "/jwks":
                    self._json(200, provider.jwks())
                elif url.path == "/userinfo":
                    bearer = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    grant = provider.tokens.get(bearer)
                    if grant is None:
                        self._json(401, {"error": "invalid_token"})
                    else:
                        self._json(200, {**grant["person"], **provider.userinfo_override})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path != "/token":
                    return self._json(404, {"error": "not_found"})
                grant = provider.codes.pop(form.get("code", ""), None)
                if (
                    grant is None
                    or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or form.get("redirect_uri") != grant["query"]["redirect_uri"]
                ):
                    return self._json(400, {"error": "invalid_grant"})
                challenge = grant["query"].get("code_challenge")
                if challenge:
                    verifier = form.get("code_verifier", "").encode()
                    digest = hashlib.sha256(verifier).digest()
                    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
                        return self._json(400, {"error": "invalid_grant"})
                now = int(time.time())
                claims = {
                    "iss": provider.issuer,
                    "aud": CLIENT_ID,
                    "sub": grant["person"]["sub"],
                    "iat": now,
                    "exp": now + 300,
                    "nonce": grant["query"].get("nonce"),
                    **provider.token_claims_override,
                }
                id_token = jwt.encode(claims, provider.key, algorithm="RS256", headers={"kid": KID})
                access_token = secrets.token_urlsafe(24)
                provider.tokens[access_token] = grant
                self._json(
                    200,
                    {"access_token": access_token, "id_token": id_token, "token_type": "Bearer"},
                )

        return Handler
