"""Every default of the analysis, in one place.

The defaults mirror the documented analysis of the renewal thread: key words with
more than 20 mentions, themes among replies with more than 20 likes. The CLI takes
its option defaults from here, and a notebook user can build the same object.
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Settings:
    # Replies with more likes than this are the "most-liked" set themed by likes (document: 20).
    min_likes: int = 20
    # Key words need more mentions than this to enter the word table and cloud (document: 20).
    min_mentions: int = 20
    # When fewer words than this pass min_mentions (small files), show this many top words instead.
    min_words_shown: int = 30
    # Rows in the word table and words drawn in the cloud.
    max_words: int = 100
    # Two- and three-word phrases need at least this many mentions to be listed.
    min_phrase_mentions: int = 3
    # Top replies listed per theme in the report.
    top_replies_per_theme: int = 5
    # Seed for the word cloud layout, so the same data draws the same picture.
    random_state: int = 42
    # Hashtag pairs need at least this many posts together to be scored.
    min_pair_count: int = 3
    # Hashtags listed in the top-tags table and followed on the timeline.
    top_hashtags: int = 25
    # A hashtag to find "also follow" suggestions for ("#PCC"): tags and words that travel with it.
    track_hashtag: str | None = None
    # Keep reposts/retweets in the text analysis (they repeat someone else's words).
    keep_reposts: bool = False
    # Example replies shown for each cited idea, person or link.
    reference_examples: int = 3
    # Automatic citation candidates (names, @mentions, titles, domains) listed for review.
    max_reference_candidates: int = 50
    # Replies a candidate needs before it is listed.
    min_candidate_replies: int = 2
    # Replies that make an account a repeat replier.
    min_repeat_replies: int = 3
    # Replies written into summary.xlsx (the most liked, for reading); replies_coded.csv always holds every reply.
    workbook_replies: int = 200
    # Detect each reply's language (py3langid); when off, every reply is read in the codebook's language.
    detect_languages: bool = True
    # A language needs this share of the replies whose language is known to be read with its own stopwords and
    # lemmas and to get its own key-word table; other replies are read as the thread's main language.
    min_language_share: float = 0.1
    # The question the replies answer (default: the root post's text when the export has it); its words are echoes.
    question: str | None = None
    # Leave the words that echo the question out of the key words, phrases and clouds (still listed apart).
    drop_question_words: bool = False
    # More stopwords (e.g. read from --stopwords FILE), on top of the shipped lists and the codebook's [words] stop.
    stopwords: tuple[str, ...] = ()
    # Words drawn in each theme's own word cloud.
    theme_cloud_words: int = 40
    # Score each reply's tone with VADER (--no-tone turns it off, e.g. for speed on huge files).
    tone: bool = True
    # Flag abusive replies with the bundled model (trained on Davidson et al. 2017) as well as the word list.
    abuse_model: bool = True
    # Model probability at or above which a reply is set aside as abuse (0.9: precise rather than sweeping).
    abuse_threshold: float = 0.9
    # Replies from different accounts whose character shingles overlap at least this much are copies (Jaccard).
    copy_similarity: float = 0.8
    # A copy group is a campaign when this many accounts posted it ...
    campaign_min_accounts: int = 3
    # ... and its text has at least this many words (short stock replies like "Agree with this." are not).
    campaign_min_words: int = 6
    # Count each campaign once (its first reply, with the group's likes) in theme shares.
    count_campaigns_once: bool = False
    # compare: words need at least this log-likelihood (G²) to count as distinctive (3.84 is p < 0.05).
    keyness_min_g2: float = 3.84
    # compare: rows per side-by-side table (words, cited ideas, hashtags) and distinctive words per side.
    compare_top: int = 30
    # The report proposes themes the codebook may be missing when more than this share of replies is uncategorised.
    missing_themes_share: float = 0.2
    # Most themes `replyscope themes` proposes when it chooses the number itself.
    max_proposed_themes: int = 12
    # Replies themes are fitted on, at most (a seeded random sample beyond that; every reply is then placed).
    discovery_fit_replies: int = 20_000
    # Replies carried inside report.html for searching; above this the most-liked are (the CSV has all).
    # 5,000 keeps a 100,000-reply report near 3 MB and quick to open.
    max_embedded_replies: int = 5000
    # The learned coder leaves a reply uncategorised when no theme reaches this probability (until a
    # review of 20 or more replies shows which floor codes it best).
    min_model_probability: float = 0.2
    # Replies chosen for one review round.
    review_size: int = 200
    # Rows of any other table written into summary.xlsx (its first rows, in the CSV's order: the most replies,
    # links or likes first); the table's CSV always holds every row. Writing a cell costs XlsxWriter ~5 µs, and at
    # 100,000 replies the accounts and links sheets alone were 300,000 cells, 2 s, read by no one past the top.
    workbook_rows: int = 2000

    def with_overrides(self, **overrides) -> "Settings":
        """Return a copy with the given fields changed; None values keep the default."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


DEFAULTS = Settings()
