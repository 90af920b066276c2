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
    # The learned coder leaves a reply uncategorised when no theme reaches this probability (until a
    # review of 20 or more replies shows which floor codes it best).
    min_model_probability: float = 0.2
    # Replies chosen for one review round.
    review_size: int = 200

    def with_overrides(self, **overrides) -> "Settings":
        """Return a copy with the given fields changed; None values keep the default."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


DEFAULTS = Settings()
