"""The vault: per-resident data keys, encrypted fields, blind indexes, crypto-shredding (P12, P18).

See docs/security.md for the key hierarchy and the threat model.
"""
