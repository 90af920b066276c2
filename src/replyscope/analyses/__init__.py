"""Analyses: small pure functions from the reply table to result tables.

words.py (key words and phrases), themes.py (codebook coding and likes by theme),
hashtags.py (tags, pairs, variants, timelines), references.py (cited ideas and people),
links.py (links and domains), accounts.py (who is speaking, organisations, lobbying);
citations.py holds the counting the last three share. None of them reads or writes files.
"""
