#!/usr/bin/env python3
"""Generates the labelled masking corpus (positives.tsv, negatives.tsv) next to this script.

Every secret here is a generated fake with the real format (valid Luhn, valid IBAN check digits, JWTs
whose header really decodes, base62 token bodies); none is a real credential. Contexts are written from
what configuration files, logs, HTTP dumps, JSON APIs, SQL and code really look like, not from the
detectors' patterns. Run it again to regenerate (fixed seed, so the output is stable):

    python3 generate_corpus.py

Line format: labels<TAB>text. labels are detector ids, comma-separated (empty for negatives); in the
text every secret is marked «like this» (the test strips the marks and checks that the masked output
contains none of them). Escapes in text: \\n newline, \\t tab, \\\\ backslash.
"""
import base64
import json
import os
import random
import string
import zlib

R = random.Random(20240517)
HERE = os.path.dirname(os.path.abspath(__file__))
B62 = string.ascii_letters + string.digits
B64 = B62 + "+/"
B64URL = B62 + "-_"
HEX = "0123456789abcdef"


def rnd(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def m(secret):
    return "\u00ab" + secret + "\u00bb"


# ---------------------------------------------------------------- generators of fake secrets

def aws_key_id(prefix=None):
    return (prefix or R.choice(["AKIA", "AKIA", "ASIA"])) + rnd(string.ascii_uppercase + "234567", 16)


def aws_secret():
    while True:
        s = rnd(B64, 40)
        if any(c.isdigit() for c in s) and any(c.isupper() for c in s) and any(c.islower() for c in s):
            return s


def github_token(kind=None):
    if kind is None and R.random() < 0.2:
        return github_pat()
    kind = kind or R.choice(["ghp", "gho", "ghu", "ghs", "ghr"])
    body = rnd(B62, 36)[:30]  # drawn as 36 so the rest of the corpus keeps its random stream
    return kind + "_" + body + base62_crc32(body)


def base62_crc32(text):
    """GitHub's and npm's checksum: CRC32 of the random part in base62 (0-9A-Za-z), six chars."""
    n = zlib.crc32(text.encode())
    digits = ""
    while n:
        digits = (string.digits + string.ascii_uppercase + string.ascii_lowercase)[n % 62] + digits
        n //= 62
    return digits.rjust(6, "0")


def github_pat():
    return "github_pat_" + rnd(B62, 22) + "_" + rnd(B62, 59)


def gitlab_token():
    return "glpat-" + rnd(B62 + "-_", 20)


def slack_token():
    kind = R.choice(["b", "p", "a", "e"])
    if kind == "b":
        return "xoxb-%s-%s-%s" % (rnd("0123456789", 12), rnd("0123456789", 13), rnd(B62, 24))
    if kind == "p":
        return "xoxp-%s-%s-%s-%s" % (rnd("0123456789", 11), rnd("0123456789", 12), rnd("0123456789", 13), rnd(HEX, 32))
    if kind == "a":
        return "xoxa-2-%s-%s-%s" % (rnd("0123456789", 12), rnd("0123456789", 12), rnd(HEX, 32))
    return "xoxe.xoxp-1-" + rnd(B62, 80)


def stripe_key():
    return R.choice(["sk_live_", "sk_live_", "rk_live_"]) + R.choice(["51", "4e", ""]) + rnd(B62, R.choice([24, 32, 97]))


def google_key():
    return "AIza" + rnd(B62 + "-_", 35)


def jwt():
    alg = R.choice(["HS256", "RS256", "ES256", "PS384"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rnd(B62, 16)
    payload = {"sub": R.choice(["1234567890", "repo:acme/app:ref:refs/heads/main", "user-" + rnd(HEX, 8)]),
               "iat": 1718000000 + R.randint(0, 9999999), "exp": 1718003600 + R.randint(0, 9999999)}
    if R.random() < 0.5:
        payload["iss"] = R.choice(["https://token.actions.githubusercontent.com", "https://auth.example.com"])
    sig_len = {"HS256": 32, "RS256": 256, "ES256": 64, "PS384": 384}[alg]
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()),
                     b64url(json.dumps(payload, separators=(",", ":")).encode()),
                     b64url(bytes(R.getrandbits(8) for _ in range(sig_len)))])


def pem(label, lines=None):
    lines = lines or R.randint(4, 12)
    body = "\n".join(rnd(B64, 64) for _ in range(lines)) + "\n" + rnd(B64, R.randint(8, 60)) + "="
    return "-----BEGIN %s-----\n%s\n-----END %s-----" % (label, body, label)


def luhn_complete(prefix, length):
    digits = prefix + "".join(R.choice("0123456789") for _ in range(length - len(prefix) - 1))
    for check in "0123456789":
        candidate = digits + check
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            d = int(ch)
            if i % 2 == 1:
                d *= 2
                d = d - 9 if d > 9 else d
            total += d
        if total % 10 == 0:
            return candidate


def card():
    kind = R.choice(["visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners"])
    prefix, length = {"visa": ("4", 16), "mc": (str(R.randint(51, 55)), 16), "mc2": (str(R.randint(2221, 2720)), 16),
                      "amex": (R.choice(["34", "37"]), 15), "discover": ("6011", 16), "jcb": (str(R.randint(3528, 3589)), 16),
                      "diners": ("36", 14)}[kind]
    return luhn_complete(prefix, length)


def card_format(number):
    style = R.choice(["plain", "plain", "space", "dash"])
    if style == "plain":
        return number
    sep = " " if style == "space" else "-"
    if len(number) == 15:
        return sep.join([number[:4], number[4:10], number[10:]])
    if len(number) == 14:
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i:i + 4] for i in range(0, len(number), 4))


IBAN_BBAN = {"DE": "n18", "GB": "a4n14", "FR": "n10c11n2", "ES": "n20", "NL": "a4n10", "IT": "a1n10c12",
             "CH": "n5c12", "BE": "n12", "AT": "n16", "PL": "n24", "SE": "n20", "NO": "n11", "IE": "a4n14",
             "PT": "n21", "DK": "n14", "FI": "n14"}


def bban(country):
    spec = IBAN_BBAN[country]
    out = ""
    i = 0
    while i < len(spec):
        kind = spec[i]
        j = i + 1
        while j < len(spec) and spec[j].isdigit():
            j += 1
        n = int(spec[i + 1:j])
        alphabet = {"n": string.digits, "a": string.ascii_uppercase, "c": string.ascii_uppercase + string.digits}[kind]
        out += rnd(alphabet, n)
        i = j
    return out


def iban_check(country, b):
    rearranged = b + country + "00"
    number = "".join(str(int(c, 36)) for c in rearranged)
    return "%02d" % (98 - int(number) % 97)


def iban(country=None, valid=True):
    country = country or R.choice(list(IBAN_BBAN))
    b = bban(country)
    check = iban_check(country, b)
    if not valid:
        check = "%02d" % ((int(check) + R.randint(1, 96)) % 97 + 2) if check != "00" else "01"
        if check == iban_check(country, b):
            check = "%02d" % ((int(check) + 1) % 100)
    return country + check + b


def iban_format(value):
    if R.random() < 0.5:
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def ssn(valid=True):
    if valid:
        area = R.choice([R.randint(1, 665), R.randint(667, 899)])
        return "%03d-%02d-%04d" % (area, R.randint(1, 99), R.randint(1, 9999))
    return R.choice(["000-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)),
                     "666-%02d-%04d" % (R.randint(1, 99), R.randint(1, 9999)),
                     "9%02d-%02d-%04d" % (R.randint(0, 99), R.randint(1, 99), R.randint(1, 9999)),
                     "%03d-00-%04d" % (R.randint(1, 665), R.randint(1, 9999)),
                     "%03d-%02d-0000" % (R.randint(1, 665), R.randint(1, 99))])


def phone():
    return R.choice([
        "+1 %d%02d %d%02d %04d" % (R.randint(2, 9), R.randint(0, 99), R.randint(2, 9), R.randint(0, 99), R.randint(0, 9999)),
        "(%d%02d) %d%02d-%04d" % (R.randint(2, 9), R.randint(0, 99), R.randint(2, 9), R.randint(0, 99), R.randint(0, 9999)),
        "%d%02d-%d%02d-%04d" % (R.randint(2, 9), R.randint(0, 99), R.randint(2, 9), R.randint(0, 99), R.randint(0, 9999)),
        "+44 20 %04d %04d" % (R.randint(1000, 9999), R.randint(0, 9999)),
        "+49 30 %07d" % R.randint(1000000, 9999999),
        "+33 1 %02d %02d %02d %02d" % tuple(R.randint(10, 99) for _ in range(4)),
        "+91 %05d %05d" % (R.randint(70000, 99999), R.randint(0, 99999)),
        "+1-%d%02d-555-%04d" % (R.randint(2, 9), R.randint(0, 99), R.randint(100, 199)),
        "+81 3-%04d-%04d" % (R.randint(1000, 9999), R.randint(0, 9999)),
        "+4915%09d" % R.randint(0, 999999999),
    ])


FIRST = ["jane", "john", "maria", "wei", "olga", "ahmed", "lucia", "kenji", "priya", "tom", "anna", "noah", "fatima",
         "lars", "chloe", "diego", "sofia", "yusuf", "emma", "ivan"]
LAST = ["doe", "smith", "garcia", "chen", "ivanova", "khan", "rossi", "tanaka", "patel", "brown", "muller", "okafor",
        "nielsen", "dubois", "silva", "kowalski", "berg", "novak", "moreau", "jensen"]
DOMAINS = ["example.com", "example.org", "acme.io", "corp.example.net", "mail.example.co.uk", "gmail.com",
           "outlook.com", "proton.me", "fastmail.fm", "uni-example.edu", "stripe-example.dev"]


def email():
    first, last = R.choice(FIRST), R.choice(LAST)
    local = R.choice([first + "." + last, first + last[0], first[0] + last, first + "_" + last + str(R.randint(1, 99)),
                      first + "+ci", last + "-ops", first.capitalize() + "." + last.capitalize()])
    return local + "@" + R.choice(DOMAINS)


def password():
    words = ["Summer", "Winter", "Falcon", "Orbit", "Maple", "Cobalt", "Tiger", "Harbor"]
    return R.choice([
        rnd(B62, R.randint(10, 24)),
        R.choice(words) + str(R.randint(10, 9999)) + R.choice("!#$%&*?"),
        rnd(string.ascii_letters + string.digits + "!#%^*-_=+", R.randint(12, 32)),
        rnd(HEX, 32),
        "-".join(R.choice(["correct", "horse", "battery", "staple", "violet", "anchor", "pixel", "lantern"]) for _ in range(4)),
        base64.b64encode(bytes(R.getrandbits(8) for _ in range(24))).decode(),
    ])


def opaque_token():
    return R.choice([
        rnd(HEX, 40),
        "ya29." + rnd(B62 + "-_", 120),
        rnd(B62, 32),
        "sl." + rnd(B62 + "-_", 130),
        rnd(B62, 22) + "." + rnd(B62, 22),
        "EAAC" + rnd(B62, 150),
        "s." + rnd(B62, 24),
    ])


def specific(detector, secret):
    """An opaque Bearer token that has a provider's own format is reported as that provider's token."""
    if detector == "bearer-token":
        for prefix, specific_id in (("sl.", "dropbox-token"), ("EAAC", "facebook-access-token"),
                                    ("ya29.", "google-oauth-token")):
            if secret.startswith(prefix):
                return specific_id
    return detector


# ---------------------------------------------------------------- positives: detector -> (secret factory, contexts)

POSITIVES = {
    "aws-access-key": (aws_key_id, [
        "AWS_ACCESS_KEY_ID={s}",
        "export AWS_ACCESS_KEY_ID=\"{s}\"",
        "{{\"AccessKeyId\": \"{s}\", \"Expiration\": \"2024-06-01T12:00:00Z\"}}",
        "aws configure set aws_access_key_id {s} --profile ci",
        "2024-05-17T10:22:01Z INFO s3.upload using credentials {s} for bucket acme-artifacts",
        "provider \"aws\" {{\\n  region     = \"eu-west-1\"\\n  access_key = \"{s}\"\\n}}",
        "user,key_id,created\\nci-deployer,{s},2023-11-02",
        "aws_access_key_id: {s}",
        "Credentials(access_key='{s}', token=None)",
        "ERROR botocore.exceptions.ClientError: The security token included in the request is invalid (key {s})",
    ]),
    "aws-secret-key": (aws_secret, [
        "aws_secret_access_key = {s}",
        "AWS_SECRET_ACCESS_KEY={s}",
        "export AWS_SECRET_ACCESS_KEY=\"{s}\"",
        "{{\"AccessKeyId\": \"ASIA" + "X" * 0 + "{k}\", \"SecretAccessKey\": \"{s}\", \"SessionToken\": null}}",
        "aws configure set aws_secret_access_key {s}",
        "  SecretAccessKey: {s}",
        "secretAccessKey: \"{s}\"",
        "env:\\n  - name: AWS_SECRET_ACCESS_KEY\\n    value: \"{s}\"",
    ]),
    "github-token": (github_token, [
        "GITHUB_TOKEN={s}",
        "git clone https://{s}@github.com/acme/app.git",
        "curl -H \"Authorization: token {s}\" https://api.github.com/user",
        "{{\"token\":\"{s}\",\"expires_at\":\"2024-06-01T00:00:00Z\",\"permissions\":{{\"contents\":\"read\"}}}}",
        "//npm.pkg.github.com/:_authToken={s}",
        "remote: Invalid username or password. token {s} was revoked",
        "gh auth login --with-token <<< {s}",
        "https://x-access-token:{s}@github.com/acme/infra.git",
        "  token: {s}",
        "Run actions/checkout@v4 with token {s} and fetch-depth 0",
    ]),
    "gitlab-token": (gitlab_token, [
        "PRIVATE-TOKEN: {s}",
        "GITLAB_TOKEN={s}",
        "git remote set-url origin https://oauth2:{s}@gitlab.com/acme/app.git",
        "curl --header \"PRIVATE-TOKEN: {s}\" https://gitlab.example.com/api/v4/projects",
        "{{\"name\":\"ci-bot\",\"token\":\"{s}\",\"scopes\":[\"api\"]}}",
        "gitlab_token = \"{s}\"",
        "Using personal access token {s} for registry login",
    ]),
    "slack-token": (slack_token, [
        "SLACK_BOT_TOKEN={s}",
        "curl -H \"Authorization: Bearer {s}\" https://slack.com/api/chat.postMessage",
        "{{\"ok\":true,\"access_token\":\"{s}\",\"token_type\":\"bot\"}}",
        "slack:\\n  token: {s}\\n  channel: '#deploys'",
        "client = WebClient(token=\"{s}\")",
        "notify: posting to #alerts with {s}",
    ]),
    "stripe-key": (stripe_key, [
        "STRIPE_SECRET_KEY={s}",
        "Stripe.api_key = \"{s}\"",
        "curl https://api.stripe.com/v1/charges -u {s}: -d amount=2000",
        "stripe:\\n  secret_key: {s}",
        "const stripe = require('stripe')('{s}');",
        "{{\"livemode\": true, \"key\": \"{s}\"}}",
    ]),
    "google-api-key": (google_key, [
        "https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={s}",
        "const firebaseConfig = {{ apiKey: \"{s}\", authDomain: \"acme-app.firebaseapp.com\" }};",
        "GOOGLE_API_KEY={s}",
        "<meta name=\"google-maps-key\" content=\"{s}\">",
        "youtube = build('youtube', 'v3', developerKey='{s}')",
        "{{\"api_key\": \"{s}\", \"project\": \"acme-prod\"}}",
    ]),
    "jwt": (jwt, [
        "Authorization: Bearer {s}",
        "Set-Cookie: session={s}; Path=/; HttpOnly; Secure",
        "{{\"id_token\": \"{s}\", \"token_type\": \"Bearer\", \"expires_in\": 3600}}",
        "2024-05-17 10:01:22 DEBUG auth: verifying token={s}",
        "https://app.example.com/callback#access_token={s}&state=xyz",
        "ACTIONS_ID_TOKEN={s}",
        "kubectl --token={s} get pods",
        "jwt: {s}",
    ]),
    "private-key": (lambda: pem(R.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
                                          "ENCRYPTED PRIVATE KEY", "DSA PRIVATE KEY"])), [
        "{s}",
        "deploy key follows:\\n{s}\\nend of key",
        "ssh_private_key: |\\n{s}",
        "{{\"type\": \"service_account\", \"private_key\": \"{j}\", \"client_email\": \"ci\"}}",
        "$ cat ~/.ssh/id_rsa\\n{s}\\n$ ",
    ]),
    "bearer-token": (opaque_token, [
        "Authorization: Bearer {s}",
        "curl -H 'Authorization: Bearer {s}' https://api.example.com/v1/items",
        "authorization: bearer {s}",
        "> GET /v1/me HTTP/1.1\\n> Host: api.example.com\\n> Authorization: Bearer {s}\\n> Accept: */*",
        "headers = {{\"Authorization\": \"Bearer {s}\"}}",
        "WARN request failed 401 (Authorization=Bearer {s})",
    ]),
    "basic-auth": (lambda: base64.b64encode((R.choice(["admin", "ci", "deploy", "svc-reader", "jenkins"]) + ":" + password()).encode()).decode(), [
        "Authorization: Basic {s}",
        "curl -H \"Authorization: Basic {s}\" https://registry.example.com/v2/_catalog",
        "> Authorization: Basic {s}\\n> User-Agent: curl/8.5.0",
        "proxy-authorization: basic {s}",
        "{{\"headers\": {{\"Authorization\": \"Basic {s}\"}}}}",
    ]),
    "uri-password": (password, [
        "DATABASE_URL=postgres://app:{s}@db.internal:5432/app",
        "spring.data.mongodb.uri=mongodb+srv://svc:{s}@cluster0.example.mongodb.net/prod",
        "REDIS_URL=redis://:{s}@cache.internal:6379/0",
        "amqp://guest:{s}@rabbit.internal:5672/",
        "Connecting to mysql://root:{s}@10.0.3.7:3306/shop ...",
        "pip install --index-url https://ci:{s}@pypi.example.com/simple/ acme-lib",
        "{{\"dsn\": \"postgresql://reporting:{s}@replica.example.net/warehouse?sslmode=require\"}}",
        "ftp://backup:{s}@ftp.example.org/dumps/",
    ]),
    "secret-assignment": (password, [
        "password={s}",
        "DB_PASSWORD={s}",
        "spring.datasource.password={s}",
        "  password: \"{s}\"",
        "{{\"client_id\": \"acme-ci\", \"client_secret\": \"{s}\"}}",
        "POSTGRES_PASSWORD: {s}",
        "api_key = \"{s}\"",
        "PGPASSWORD={s} psql -h db -U app",
        "Server=sql.internal;Database=shop;User Id=app;Password={s};",
        "JWT_SECRET='{s}'",
        "mysql -u root --password={s} shop",
        "secret: {s}",
        "jdbc:postgresql://db:5432/app?user=app&password={s}&ssl=true",
        "x-api-key: {s}",
    ]),
    "email": (email, [
        "{s}",
        "{{\"id\": 42, \"email\": \"{s}\", \"role\": \"admin\"}}",
        "Signed-off-by: Jane Doe <{s}>",
        "2024-05-17 09:12:44 INFO login ok user={s} ip=10.0.0.12",
        "INSERT INTO users (name, email) VALUES ('J. Doe', '{s}');",
        "Contact {s} for access.",
        "<a href=\"mailto:{s}\">mail us</a>",
        "name,email,plan\\nAcme,{s},pro",
        "From: \"Ops\" <{s}>",
    ]),
    "card": (card, [
        "{s}",
        "{{\"card_number\": \"{s}\", \"exp\": \"12/27\"}}",
        "charged card {s} for 49.00 EUR",
        "INSERT INTO payments (pan, amount) VALUES ('{s}', 1999);",
        "order,pan,total\\n1001,{s},19.99",
        "{{\"pan\": {n}, \"status\": \"captured\"}}",
        "Card number: {s}. Thank you!",
    ]),
    "iban": (iban, [
        "IBAN: {s}",
        "{{\"iban\": \"{s}\", \"bic\": \"DEUTDEFF\"}}",
        "Please transfer the amount to {s} by Friday.",
        "payee;iban;amount\\nACME GmbH;{s};1200.00",
        "<IBAN>{s}</IBAN>",
    ]),
    "ssn": (ssn, [
        "SSN: {s}",
        "{{\"name\": \"J. Doe\", \"ssn\": \"{s}\"}}",
        "employee_id,ssn\\n1007,{s}",
        "Social Security Number {s} on file",
        "UPDATE employees SET ssn = '{s}' WHERE id = 7;",
    ]),
    "phone": (phone, [
        "Phone: {s}",
        "{{\"name\": \"Front desk\", \"phone\": \"{s}\"}}",
        "Call us at {s} (Mon-Fri).",
        "contact,phone\\nSupport,{s}",
        "tel: {s}",
    ]),
}

COUNTS = {"aws-access-key": 20, "aws-secret-key": 16, "github-token": 24, "gitlab-token": 14, "slack-token": 14,
          "stripe-key": 14, "google-api-key": 14, "jwt": 20, "private-key": 14, "bearer-token": 18, "basic-auth": 14,
          "uri-password": 18, "secret-assignment": 30, "email": 24, "card": 24, "iban": 22, "ssn": 14, "phone": 18}


# ---------------------------------------------------------------- negatives

def uuid4():
    h = rnd(HEX, 32)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], R.choice("89ab"), h[17:20], h[20:32])


def b64_blob(n):
    return base64.b64encode(bytes(R.getrandbits(8) for _ in range(n))).decode()


def long_id():
    return str(R.randint(1, 9)) + rnd(string.digits, R.randint(12, 18))


GENERATED_NEGATIVES = [
    lambda: "{\"request_id\": \"%s\", \"status\": \"ok\"}" % uuid4(),
    lambda: "X-Request-Id: %s" % uuid4().upper(),
    lambda: "commit %s\\nAuthor: CI Bot\\nDate:   Fri May 17 10:12:01 2024 +0200" % rnd(HEX, 40),
    lambda: "Merge pull request #%d from acme/feature-%s (%s)" % (R.randint(10, 9999), rnd(string.ascii_lowercase, 6), rnd(HEX, 7)),
    lambda: "sha256:%s" % rnd(HEX, 64),
    lambda: "FROM node:20-alpine@sha256:%s" % rnd(HEX, 64),
    lambda: "%s  dist/app-%d.%d.%d.tar.gz" % (rnd(HEX, 64), R.randint(0, 9), R.randint(0, 30), R.randint(0, 99)),
    lambda: "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA%s\">" % b64_blob(R.randint(150, 450)),
    lambda: "{\"avatar\": \"data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ%s\"}" % b64_blob(R.randint(150, 450)),
    lambda: "etag: W/\"%s\"" % rnd(HEX, 32),
    lambda: "integrity=\"sha512-%s\"" % b64_blob(64),
    lambda: "{\"id\": \"%s\", \"object\": \"charge\", \"customer\": \"cus_%s\"}" % ("ch_" + rnd(B62, 24), rnd(B62, 14)),
    lambda: "pod/api-%s-%s   1/1   Running   0   3d2h" % (rnd(string.ascii_lowercase + string.digits, 10), rnd(string.ascii_lowercase + string.digits, 5)),
    lambda: "{\"_id\": {\"$oid\": \"%s\"}, \"name\": \"widget\"}" % rnd(HEX, 24),
    lambda: "trace_id=%s span_id=%s" % (rnd(HEX, 32), rnd(HEX, 16)),
    lambda: "{\"order_id\": %s, \"total\": %d.%02d}" % (long_id(), R.randint(1, 999), R.randint(0, 99)),
    lambda: "event ts=%d dur_ms=%d bytes=%d" % (1718000000000 + R.randint(0, 10 ** 9), R.randint(1, 5000), R.randint(100, 10 ** 7)),
    lambda: "ULID %s" % ("01" + rnd("0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24)),
    lambda: "{\"node_id\": \"%s\", \"login\": \"octocat\"}" % base64.b64encode(("04:User%d" % R.randint(1, 99999)).encode()).decode(),
    lambda: "Transfer to IBAN %s failed: invalid check digits" % iban_format(iban(valid=False)),
    lambda: "{\"iban\": \"%s\", \"valid\": false}" % iban(valid=False),
    lambda: "Test employee id %s (format check)" % ssn(valid=False),
    lambda: "card ending 4242, token tok_%s" % rnd(B62, 24),
    lambda: "{\"publishable_key\": \"pk_live_%s\"}" % rnd(B62, 24),
    lambda: "STRIPE_TEST_KEY=sk_test_%s" % rnd(B62, 24),
    lambda: "AKIA%s is too short to be a key" % rnd(string.ascii_uppercase, 6),
    lambda: "invoice %d-%04d-%02d issued %d.%02d EUR" % (R.randint(2020, 2025), R.randint(1, 9999), R.randint(1, 99), R.randint(10, 9999), R.randint(0, 99)),
    lambda: "server listening on %d.%d.%d.%d:%d" % (R.randint(10, 192), R.randint(0, 255), R.randint(0, 255), R.randint(1, 254), R.randint(1024, 65535)),
    lambda: "version %d.%d.%d-build.%d" % (R.randint(0, 20), R.randint(0, 50), R.randint(0, 200), R.randint(1, 99999)),
    lambda: "processed %d records in %d.%03d s (%d rows/s)" % (R.randint(1000, 10 ** 7), R.randint(0, 99), R.randint(0, 999), R.randint(100, 10 ** 6)),
    lambda: "{\"lat\": %d.%06d, \"lng\": %d.%06d}" % (R.randint(-80, 80), R.randint(0, 999999), R.randint(-170, 170), R.randint(0, 999999)),
    lambda: "ID token header only: %s" % b64url(json.dumps({"typ": "JWT"}).encode()),
    lambda: "{\"payload\": \"%s\"}" % base64.b64encode(json.dumps({"a": R.randint(1, 99), "b": "c"}).encode()).decode(),
    lambda: "checksum %s (%s)" % (rnd(HEX, 40), rnd(HEX, 8)),
    lambda: "k8s secret ref: secretKeyRef: {name: db-%s, key: password}" % rnd(string.ascii_lowercase, 5),
]

HAND_NEGATIVES = """
The password must contain at least 12 characters, one digit and one symbol.
Rotate your token regularly; never paste a secret into a chat.
Use the Bearer scheme described in RFC 6750 for API requests.
Basic authentication sends credentials base64-encoded, so always use TLS.
password = os.environ["DB_PASSWORD"]
const token = process.env.GITHUB_TOKEN;
token: ${{ secrets.GITHUB_TOKEN }}
password: "{{ vault_db_password }}"
api_key = settings.API_KEY
String password = System.getenv("PGPASSWORD");
DB_PASSWORD=${DB_PASSWORD}
password=changeme
secret: "****"
api_key: YOUR_API_KEY
token=<your-token-here>
password: null
password_min_length: 12
token_expiry_seconds: 3600
secret_name: prod-db-credentials
max_tokens=4096
"token_type": "Bearer"
Authorization: Bearer ${TOKEN}
Authorization: Bearer <token>
curl -H "Authorization: Bearer $ACCESS_TOKEN" https://api.example.com
Authorization: Basic <base64(user:password)>
kind: Secret
secretName: tls-wildcard
"next_page_token": "CAEQARoGCgQIARAB"
https://github.com/acme/app/pull/123
git@github.com:acme/app.git
ssh://git@github.com/acme/infra.git
https://ci-bot@github.com/acme/app.git
postgres://db.internal:5432/app?sslmode=require
jdbc:postgresql://localhost:5433/gatehouse_policy
redis://cache.internal:6379/0
https://example.com/search?q=password+reset&page=2
<link rel="icon" href="/static/icon@2x.png">
npm install lodash@4.17.21 react@18.2.0
import { Component } from '@angular/core';
@Override public String toString() { return name; }
docker pull ghcr.io/acme/api@sha256:4a5c1e3b0a9f
user@localhost
Send feedback through the form on the contact page.
-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7vxv1hQ2yqkzN9Yp0eXbqk4sEu2hWJ8\\nk7Ue1mQWs3V7Z8Yx0k3l9QhQm1T2cYg5vQpZJx4m6Qm3lS5u6p1TfA==\\n-----END PUBLIC KEY-----
-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIUQn8x\\n-----END CERTIFICATE-----
ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX
xoxb-your-bot-token
glpat-xxxxxxxxxxxxxxxxxxxx
AIzaSy-your-key-here
The release went out on 2024-05-17 at 14:32 UTC.
Temperatures reached 31.5 degrees; humidity 64%.
SELECT id, email_verified, created_at FROM users WHERE id = 42;
SELECT count(*) FROM payments WHERE amount > 1000;
UPDATE accounts SET password_hash = crypt($1, gen_salt('bf')) WHERE id = $2;
if (password.length() < 12) { throw new WeakPassword(); }
def check(token: str) -> bool: return hmac.compare_digest(token, expected)
for (int i = 0; i < 10; i++) { sum += values[i]; }
    return secretManager.getSecret(name).orElseThrow();
logger.info("token refreshed for {}", clientId);
The quick brown fox jumps over the lazy dog.
Our Q3 revenue grew 12% to 4.2 million.
Call the on-call engineer via the paging tool.
Meeting moved to 3:30pm; bring the quarterly numbers.
ERROR connection refused: dial tcp 10.0.3.7:5432: connect: connection refused
WARN retrying in 2s (attempt 3/5)
build #4821 passed in 6m 12s
Compiling 214 source files to /work/target/classes
[INFO] BUILD SUCCESS
Tests run: 318, Failures: 0, Errors: 0, Skipped: 2
"created_at": "2024-05-17T10:12:01.123Z"
{"enabled": true, "retries": 3, "timeout_ms": 2500}
{"user": {"id": 17, "name": "octocat", "site_admin": false}}
<dependency><groupId>org.example</groupId><artifactId>lib</artifactId></dependency>
apiVersion: apps/v1\\nkind: Deployment\\nmetadata:\\n  name: api
spec:\\n  replicas: 3\\n  template:\\n    spec:\\n      containers:\\n        - image: acme/api:1.4.2
env:\\n  - name: DB_PASSWORD\\n    valueFrom:\\n      secretKeyRef:\\n        name: db\\n        key: password
resource "aws_iam_access_key" "ci" { user = aws_iam_user.ci.name }
aws sts assume-role --role-arn arn:aws:iam::123456789012:role/deploy --role-session-name ci
arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf
password: !vault |
client_secret: ${OIDC_CLIENT_SECRET}
secret = os.getenv('APP_SECRET')
token = request.headers.get('Authorization')
password: "${PASSWORD:-}"
PASSWORD_RESET_URL=https://app.example.com/reset
"password_changed_at": "2024-01-02T03:04:05Z"
Password: ********
bypass=true
compass: north
The IBAN field is optional for domestic transfers.
Enter the last four digits of your card.
Phone support is available on weekdays.
Build 2024.05.17.3 deployed to eu-west-1 and us-east-2.
Order 1000234 shipped in 3 parcels.
Matrix: [[1, 2, 3], [4, 5, 6]]
x = a + b * (c - d) / 4096
regex: ^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$
Use AKIA... style keys only through the vault.
eyJ is how base64-encoded JSON objects start.
The JWT has three parts separated by dots: header.payload.signature
Stripe keys start with sk_live_ or sk_test_.
Set the bearer token in the Authorization header.
Our tokenizer splits text into subword tokens.
secret sauce: butter
The secret to good bread is time.
token bucket: capacity 100, refill 10/s
{"tokens_used": 1532, "model": "small"}
The key = value pairs are separated by newlines.
ssh-keygen -t ed25519 -C ci@build
-----BEGIN PGP SIGNATURE-----\\niQEzBAEBCAAdFiEE\\n-----END PGP SIGNATURE-----
""".strip().split("\n")


# Hard cases, written down before running the detectors on them: real-world forms the detectors may miss
# (these stay in even when they fail; the targets are overall figures).
HARD_POSITIVES = [
    ("email", "GET /api/users?email=%s HTTP/1.1" % m("jane.doe%40example.com")),
    ("email", "Reply-To: %s" % m("O.Connor@EXAMPLE.CO.UK")),
    ("email", "{\"contacts\": [\"%s\", \"%s\"]}" % (m("a.b@example.org"), m("c_d@example.net"))),
    ("secret-assignment", "machine api.example.com login ci password %s" % m("S3cr3tNetrc2024")),
    ("secret-assignment", "mysql -u root -p%s shop < dump.sql" % m("Xy7pQ2zW9r")),
    ("secret-assignment", "psql --password %s" % m("Hq8#Lm2!Vx")),
    ("secret-assignment", "db.internal:5432:app:appuser:%s" % m("Pg7pass9Word")),
    ("secret-assignment", "DB_PASS=%s" % m("Xy7!pQ2z")),
    ("secret-assignment", "log: {\\\"password\\\":\\\"%s\\\"}" % m("S3cr3tValue!")),
    ("secret-assignment", "  password: '%s'" % m("my secret pass phrase 2024")),
    ("secret-assignment", "\"Password\": \"%s\"" % m("hunter22")),
    ("basic-auth", "curl -u admin:%s https://jenkins.example.com/api/json" % m("S3cr3tPass")),
    ("uri-password", "postgres://app:%s@db.internal/app" % m("p@ss:w0rd")),
    ("card", "Amex %s exp 09/26" % m("3782 822463 10005")),
    ("card", "pan=%s&exp=1226" % m("5555555555554444")),
    ("iban", "Konto: %s (Sparkasse)" % m("DE02120300000000202051")),
    ("iban", "iban=%s" % m("NL91ABNA0417164300")),
    ("ssn", "ssn=%s" % m("123456789")),
    ("phone", "Mobile: %s" % m("415.555.0132")),
    ("phone", "WhatsApp %s" % m("+49 151 23456789")),
    ("jwt", "{\"kid\":\"k1\"} token %s" % m("eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJjaSJ9." + "Q" * 20 + "abc123-_xyz")),
    ("private-key", "key=%s" % m("-----BEGIN OPENSSH PRIVATE KEY-----\\r\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\\r\\n-----END OPENSSH PRIVATE KEY-----")),
    ("private-key", "truncated log: %s" % m("-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFczGkPLPgizskuemMghRniWaoLcyehkd3qqGElvW/VDL5AaWTg0nLVkjRo9z+40RQzuVaE8AkAFmxZzow3x+VJYKdjykkJ0iT9wCS0DRTXu269V264Vf/3jvredZiKRkgwlL9xNAwxXFg0x/XFw005UWVRIkdgcKWTjpBP2dPwVZ4WWC+9aGVd+Gyn1o0CLelf4rEjGoXbAAEgAqeGUxrcIlbjXfbcmw\\n")),
    ("github-token", "https://%s@raw.githubusercontent.com/acme/private/main/config.yml" % m("ghp_" + "aZ3" * 12)),
    ("aws-access-key", "keys: [%s]" % m("ASIAY34FZKBOKMUTVV7A")),
    ("bearer-token", "Authorization: Bearer %s" % m("8f14e45fceea167a5a36dedd4bea2543b8a4c6e1d2f3a4b5")),
]

HARD_NEGATIVES = [
    "password_hash: $2b$12$KIXQJ7k3Wz8a9hN2qF0eTu6yVQ5r1sL3mP0oI9uY8tR7eW6qA5sD4",
    "sha1: da39a3ee5e6b4b0d3255bfef95601890afd80709",
    "tracking number 9400111899223847561234",
    "ISBN 978-3-16-148410-0",
    "EAN 4006381333931",
    "EAN 4012345678901",
    "EAN 4260123456782",
    "IMEI: 356938035643809",
    "SIN 046 454 286",
    "listen [2001:db8::1]:8443",
    "ether 00:1a:2b:3c:4d:5e brd ff:ff:ff:ff:ff:ff",
    "color: #FF5733; background: #1a1a2e;",
    "at com.example.billing.InvoiceService.charge(InvoiceService.java:142)",
    "serviceAccountName: ci-deployer",
    "api_key_id: 12345",
    "password: 'password'",
    "meet @ 5pm in the lobby",
    "@channel deploy done, thanks @maria",
    "@media (max-width: 600px) { .nav { display: none; } }",
    "SELECT * FROM users WHERE email LIKE '%@example.com';",
    "registry.example.com/acme/api:1.2.3",
    "Visa ending in 1111, expires 12/27",
    "timestamp_us=1718000000123456 seq=42",
    "Epoch nanos 1718000000123456789",
    "{\"amount\": 1234567890123, \"currency\": \"JPY\"}",
    "wget https://downloads.example.com/tool-1.2.3-linux-amd64.tar.gz",
    "Host: api.example.com:443",
    "Set-Cookie: theme=dark; Path=/; SameSite=Lax",
    "token = getToken(request)",
    "password: ${{ secrets.DB_PASSWORD }}",
    "aws s3 cp s3://acme-artifacts/build/8f14e45fceea167a5a36dedd4bea2543b8a4c6e1/app.zip .",
    "AWS region eu-west-1, account 123456789012, role arn:aws:iam::123456789012:role/ci",
    "The secret key to success is consistency.",
    "bearer of bad news",
    "Basic plan: 10 users, Pro plan: 50 users",
    "mongodb://localhost:27017/test",
    "ftp://ftp.example.org/pub/README",
    "https://user@example.com/path is a URL with only a user name",
    "phone_verified: true",
    "ssn_last4: 6789",
    "iban_country: DE",
    # second batch, added after the first run and not tuned for
    "balance change +12500000 credits",
    "diff --stat: 14 files changed, +1250 -340",
    "github.com/aws/aws-sdk-go v1.44.0 h1:jwhpFhvVnCQdm8aTtPcN2YSEXP4Whg2bsmHGqmZyKxs=",
    "y = x@w.shape",
    "securitySchemes:\\n  bearerAuth:\\n    scheme: bearer\\n    bearerFormat: JWT",
    "passwordless: true",
    "ZIP 94105-1234, Suite 400",
    "Invoice INV-2024-0042 due 2024-06-30",
    "Reference: 4929 1234 5678",
    "SKU 4006381333931001 restocked",
    "Account 12345678, sort code 12-34-56",
    "tokens: 1532 prompt, 412 completion",
    "Session expired; please sign in again.",
    "The Basic and Bearer schemes are both supported.",
    "rate limit: 5000 requests per hour per token",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ci@runner",
    "secretKeyRef:\\n  name: app-secrets\\n  key: api-key",
    "Password reset requested for account 42.",
    "pk.eyJ1IjoiYWNtZSIsImEiOiJja2x4In0.public-mapbox-style",
]


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# generated by generate_corpus.py; labels<TAB>text, secrets marked \u00ab\u00bb, escapes \\n \\t \\\\\n")
        for labels, text in rows:
            f.write(labels + "\t" + text + "\n")


def tsv_escape(text):
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def positives():
    import urllib.parse
    rows = []
    for detector, (factory, contexts) in POSITIVES.items():
        for k in range(COUNTS[detector]):
            context = contexts[k % len(contexts)]
            secret = factory()
            labels = [specific(detector, secret)]
            fill = {}
            if detector == "uri-password":
                secret = urllib.parse.quote(secret, safe="")
            if detector == "card":
                fill["n"] = m(secret)
                secret = card_format(secret)
            if detector == "iban":
                secret = iban_format(secret)
            if "{k}" in context:
                fill["k"] = m(aws_key_id("ASIA")[4:])
                context = context.replace("ASIA{k}", "{k}")
                fill["k"] = m(aws_key_id("ASIA"))
                labels.insert(0, "aws-access-key")
            if "{j}" in context:
                fill["j"] = m(secret.replace("\n", "\\n"))
            if detector == "private-key" and context.startswith("ssh_private_key"):
                secret = "\n".join("  " + line for line in secret.split("\n"))
            # contexts use \n escapes already: expand them, then escape the whole line once
            text = context.replace("\\n", "\n").format(s=m(secret), **fill)
            rows.append((",".join(labels), tsv_escape(text)))
    return rows + [(labels, text) for labels, text in HARD_POSITIVES]


def negatives():
    rows = [("", line) for line in HAND_NEGATIVES + HARD_NEGATIVES]
    while len(rows) < 360:
        rows.append(("", tsv_escape(R.choice(GENERATED_NEGATIVES)())))
    return rows


if __name__ == "__main__":
    write(os.path.join(HERE, "positives.tsv"), positives())
    write(os.path.join(HERE, "negatives.tsv"), negatives())
    print("written")
