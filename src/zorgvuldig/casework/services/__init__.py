"""Writes of the welfare work (P01), one module per concept; each function is atomic and runs
inside the processing gate."""
