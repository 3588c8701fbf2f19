"""The pure rules of CCHC: plain values in, plain values out, no Django and no database.

Every function names the legal or planning source of the rule it implements. A test
(tests/core/test_boundary.py) fails if anything here imports Django or a database driver.
"""
