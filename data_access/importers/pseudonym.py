"""Keyed hashing of identifiers, so the warehouse never holds a UPN, LA child id or full birth date.

Children are linked across returns by UPN: the same UPN under the same key gives the same
`child_id` in the SSDA903, the CIN census and the school census. A child without a valid UPN is
keyed on the LA's own child id instead (SSDA903 `CHILD`, CIN census `LAchildID`), which links the
two social-care returns of one council. The key (`C2L_PSEUDONYM_KEY`) never enters the warehouse;
without it the hashes cannot be reversed or recomputed from a list of UPNs.
"""

from __future__ import annotations

import hashlib
import hmac
import os

import pandas as pd

from data_access.loaders.problems import LoadError, Problem

KEY_VARIABLE = "C2L_PSEUDONYM_KEY"
MINIMUM_KEY_LENGTH = 16
ID_LENGTH = 24
UPN_PATTERN = r"[A-Z]\d{11}[0-9A-Z]"
"""A UPN: a check letter, the LA and school numbers and a serial; the last character is a letter in
a temporary UPN. UPNunknown codes (UN1 to UN10) and blanks are not UPNs."""


class Pseudonymiser:
    """Turns identifiers into stable, keyed, one-way ids."""

    def __init__(self, key: str) -> None:
        if len(key) < MINIMUM_KEY_LENGTH:
            rule = f"{KEY_VARIABLE} must be at least {MINIMUM_KEY_LENGTH} characters"
            raise LoadError([Problem(KEY_VARIABLE, None, None, rule)])
        self._key = key.encode()

    @classmethod
    def from_environment(cls) -> Pseudonymiser:
        key = os.environ.get(KEY_VARIABLE, "")
        if not key:
            rule = (
                f"set {KEY_VARIABLE} to a secret of at least {MINIMUM_KEY_LENGTH} characters "
                "(keep it: the same key links children across imports)"
            )
            raise LoadError([Problem(KEY_VARIABLE, None, None, rule)])
        return cls(key)

    def hash(self, kind: str, value: str) -> str:
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256)
        return digest.hexdigest()[:ID_LENGTH]

    def hash_all(self, kind: str, values: pd.Series) -> pd.Series:
        return pd.Series([self.hash(kind, value) for value in values], index=values.index)

    def child_ids(self, upn: pd.Series, la_child_id: pd.Series) -> pd.Series:
        """One id per row: from the UPN where it is a valid UPN, else from the LA's child id."""
        upn = upn.fillna("").str.strip().str.upper()
        valid = upn.str.fullmatch(UPN_PATTERN)
        by_upn = self.hash_all("upn", upn[valid])
        by_local = self.hash_all("la", la_child_id[~valid].astype(str).str.strip())
        return pd.concat([by_upn, by_local]).reindex(upn.index)
