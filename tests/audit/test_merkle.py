"""P12: the Merkle tree is RFC 9162's, and any single change to a tree is detected.

The reference vectors come from transparency-dev/merkle (``data/``, copied from the shared
testdata); the
property tests run the RFC's own proof-verification algorithms over random trees.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from zorgvuldig.audit import merkle

# A copy of ../shared/testdata/rfc9162-vectors.json, so that a fresh clone can run it.
VECTORS = json.loads((Path(__file__).parent / "data" / "rfc9162-vectors.json").read_text())
LEAF_INPUTS = [bytes.fromhex(h) for h in VECTORS["leaf_inputs_hex"]]


def test_p12_roots_match_the_rfc9162_reference_vectors_for_sizes_0_to_8():
    leaves = [merkle.leaf_hash(data) for data in LEAF_INPUTS]
    for size, expected in enumerate(VECTORS["root_by_tree_size_hex"]):
        assert merkle.root(leaves[:size]).hex() == expected, size


def test_p12_leaf_and_node_hashes_use_the_rfc_domain_prefixes():
    assert merkle.leaf_hash(b"x") == hashlib.sha256(b"\x00x").digest()
    assert merkle.node_hash(b"a", b"b") == hashlib.sha256(b"\x01ab").digest()
    assert merkle.root([]) == hashlib.sha256(b"").digest()


def test_p12_the_frontier_resumes_where_a_checkpoint_left_off():
    leaves = [merkle.leaf_hash(bytes([i])) for i in range(37)]
    first = merkle.Frontier()
    first.extend(leaves[:21])
    resumed = merkle.Frontier(first.size, first.hashes)
    resumed.extend(leaves[21:])
    assert resumed.root() == merkle.root(leaves)


trees = st.lists(st.binary(max_size=40), min_size=1, max_size=80)


@settings(max_examples=300, deadline=None)
@given(inputs=trees, data=st.data())
def test_p12_any_single_mutation_of_a_tree_changes_its_root(inputs, data):
    original = [merkle.leaf_hash(x) for x in inputs]
    mutated = list(inputs)
    kind = data.draw(st.sampled_from(["change", "delete", "insert", "swap", "truncate"]))
    i = data.draw(st.integers(0, len(inputs) - 1))
    if kind == "change":
        mutated[i] = data.draw(st.binary(max_size=40).filter(lambda b: b != inputs[i]))
    elif kind == "delete":
        del mutated[i]
    elif kind == "insert":
        mutated.insert(i, data.draw(st.binary(max_size=40)))
    elif kind == "swap":
        j = data.draw(st.integers(0, len(inputs) - 1).filter(lambda j: inputs[j] != inputs[i]))
        mutated[i], mutated[j] = mutated[j], mutated[i]
    else:
        mutated = mutated[:i]
    assert merkle.root([merkle.leaf_hash(x) for x in mutated]) != merkle.root(original)


@settings(max_examples=200, deadline=None)
@given(inputs=trees, data=st.data())
def test_p12_inclusion_proofs_verify_and_fail_for_another_leaf(inputs, data):
    leaves = [merkle.leaf_hash(x) for x in inputs]
    size = data.draw(st.integers(1, len(leaves)))
    index = data.draw(st.integers(0, size - 1))
    root = merkle.root(leaves[:size])
    proof = merkle.inclusion_proof(leaves, index, size)
    assert merkle.verify_inclusion(leaves[index], index, size, proof, root)
    forged = merkle.leaf_hash(b"forged" + inputs[index])
    assert not merkle.verify_inclusion(forged, index, size, proof, root)


@settings(max_examples=200, deadline=None)
@given(inputs=trees, data=st.data())
def test_p12_consistency_proofs_verify_and_catch_a_rewritten_old_tree(inputs, data):
    leaves = [merkle.leaf_hash(x) for x in inputs]
    new = data.draw(st.integers(1, len(leaves)))
    old = data.draw(st.integers(1, new))
    proof = merkle.consistency_proof(leaves, old, new)
    old_root, new_root = merkle.root(leaves[:old]), merkle.root(leaves[:new])
    assert merkle.verify_consistency(old, new, old_root, new_root, proof)
    i = data.draw(st.integers(0, old - 1))
    rewritten = list(leaves[:new])
    rewritten[i] = merkle.leaf_hash(b"rewritten" + inputs[i])
    assert not merkle.verify_consistency(old, new, old_root, merkle.root(rewritten), proof)


def test_p12_a_consistency_proof_cannot_show_a_shrinking_tree():
    leaves = [merkle.leaf_hash(bytes([i])) for i in range(8)]
    assert not merkle.verify_consistency(8, 5, merkle.root(leaves), merkle.root(leaves[:5]), [])
