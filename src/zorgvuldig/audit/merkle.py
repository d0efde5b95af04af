"""RFC 9162 (Certificate Transparency v2) Merkle tree hashing, proofs and their verification.

Written here rather than taken from a library: no maintained Python package implements the
RFC 9162 tree with both proof kinds (transparency-dev/merkle is Go), and the algorithms are
short and fixed by the RFC. The RFC's reference vectors (``../shared/testdata``) and property
tests in ``tests/audit/test_merkle.py`` hold this code to the standard.

- leaf hash  = SHA-256(0x00 || leaf bytes)
- node hash  = SHA-256(0x01 || left || right)
- MTH({})    = SHA-256() (the hash of the empty string)
- MTH(D[n])  = node(MTH(D[0:k]), MTH(D[k:n])) with k the largest power of two < n

Functions take *leaf hashes*, not leaf bytes: the log stores leaf hashes next to the records.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n >= 2)."""
    return 1 << ((n - 1).bit_length() - 1)


class Frontier:
    """The compact range of a growing tree: one perfect subtree root per set bit of its size.

    Appending is amortised O(1) hashes, the root O(log n). The sealer keeps the frontier of
    the last checkpoint so that a new checkpoint does not rehash the whole log.
    """

    __slots__ = ("_stack", "size")

    def __init__(self, size: int = 0, hashes: Iterable[bytes] = ()) -> None:
        self.size = size
        self._stack = list(hashes)  # subtree roots, largest (leftmost) first
        if len(self._stack) != bin(size).count("1"):
            raise ValueError("frontier does not match its size")

    def copy(self) -> Frontier:
        return Frontier(self.size, self._stack)

    @property
    def hashes(self) -> list[bytes]:
        return list(self._stack)

    def append(self, leaf: bytes) -> None:
        """Append one *leaf hash*."""
        stack = self._stack
        node = leaf
        size = self.size
        while size & 1:  # merge with the equal-sized subtrees to the left
            node = hashlib.sha256(b"\x01" + stack.pop() + node).digest()
            size >>= 1
        stack.append(node)
        self.size += 1

    def extend(self, leaves: Iterable[bytes]) -> None:
        for leaf in leaves:
            self.append(leaf)

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        node = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            node = node_hash(left, node)
        return node


def root(leaves: Sequence[bytes]) -> bytes:
    """MTH over a list of leaf hashes."""
    frontier = Frontier()
    frontier.extend(leaves)
    return frontier.root()


def _subtree_root(leaves: Sequence[bytes], start: int, end: int) -> bytes:
    frontier = Frontier()
    for i in range(start, end):
        frontier.append(leaves[i])
    return frontier.root()


def inclusion_proof(leaves: Sequence[bytes], index: int, size: int | None = None) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 section 2.1.3.1: the audit path of leaf ``index``."""
    size = len(leaves) if size is None else size
    if not 0 <= index < size <= len(leaves):
        raise ValueError("leaf index outside the tree")
    path: list[bytes] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = _split(end - start)
        if m < k:
            path.append(_subtree_root(leaves, start + k, end))
            end = start + k
        else:
            path.append(_subtree_root(leaves, start, start + k))
            start, m = start + k, m - k
    path.reverse()  # the RFC lists the path from the leaf upwards
    return path


def consistency_proof(leaves: Sequence[bytes], old_size: int, new_size: int) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 section 2.1.4.1."""
    if not 0 <= old_size <= new_size <= len(leaves):
        raise ValueError("tree sizes outside the log")
    if old_size in (0, new_size):
        return []

    def subproof(m: int, start: int, end: int, complete: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if complete else [_subtree_root(leaves, start, end)]
        k = _split(n)
        if m <= k:
            return [*subproof(m, start, start + k, complete), _subtree_root(leaves, start + k, end)]
        return [*subproof(m - k, start + k, end, False), _subtree_root(leaves, start, start + k)]

    return subproof(old_size, 0, new_size, True)


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], expected_root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == expected_root


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2 (with the trivial cases of equal and empty trees)."""
    if old_size > new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
