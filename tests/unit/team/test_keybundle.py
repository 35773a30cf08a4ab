"""Key bundles: the team's keys travel sealed under a passphrase."""

from __future__ import annotations

import json

import pytest

from skiptrace.team.keybundle import BundleError, TeamKeys, open_bundle, seal
from skiptrace.workspace.keys import new_key

PASS = "correct horse battery staple"


def keys() -> TeamKeys:
    return TeamKeys("ws1", new_key(), new_key(), "postgresql://app@db/team", "s3cret%pw")


def test_a_bundle_opens_with_its_passphrase_and_hides_its_secrets():
    original = keys()
    data = seal(original, PASS, scrypt_n=2**14)
    assert original.log_key not in data.decode()
    assert "s3cret" not in data.decode()
    assert "hidden" in repr(original) and original.pii_key not in repr(original)
    assert open_bundle(data, PASS) == original


def test_a_wrong_passphrase_or_an_edited_bundle_is_refused():
    data = seal(keys(), PASS, scrypt_n=2**14)
    with pytest.raises(BundleError, match="wrong passphrase"):
        open_bundle(data, PASS + "!")
    doc = json.loads(data)
    doc["workspace_id"] = "someone-else"
    with pytest.raises(BundleError, match="wrong passphrase, or the file was altered"):
        open_bundle(json.dumps(doc).encode(), PASS)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xff\xfe", "not JSON"),
        (b'{"format": "other"}', "not a skiptrace key bundle"),
        (b'{"format": "skiptrace-team-keys", "version": 9}', "version 9"),
        (
            b'{"format": "skiptrace-team-keys", "version": 1, "ciphertext": "AA==", '
            b'"kdf": {"name": "scrypt", "n": 1073741824, "r": 8, "p": 1}}',
            "unsupported key derivation",
        ),
    ],
)
def test_what_is_not_a_bundle_says_so(data, says):
    with pytest.raises(BundleError, match=says):
        open_bundle(data, PASS)


def test_a_short_passphrase_is_refused():
    with pytest.raises(BundleError, match="at least 12"):
        seal(keys(), "short")
