"""Analyses: small pure functions from the reply table to result tables.

words.py (key words and phrases), themes.py (codebook coding and likes by theme),
hashtags.py, references.py, links.py, accounts.py. None of them reads or writes files.
"""
